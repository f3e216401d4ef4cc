/**
 * The event loop's engine: the scheduler that runs iterations over the ready queue and the timer
 * heap, the cross-thread inbox, the driver that carries a loop through its lifecycle and close,
 * the hooks other threads bring while the loop closes, the registry of unfinished tasks and the
 * record of unobserved failures.
 *
 * <p>This package is not exported by the module {@code io.github.loopsync.primitives}: its types
 * are public only so that {@code io.github.loopsync.loop} can use them, and they are not part of
 * loopsync's API. Applications use {@link io.github.loopsync.loop.EventLoop}; tests and the
 * race-condition harness plug in through {@link io.github.loopsync.loop.spi}. On the class path
 * nothing stops a caller from reaching in here, and nothing here is kept compatible between
 * releases.
 *
 * <p>Everything here is loop-confined except {@link io.github.loopsync.loop.engine.MpscInbox},
 * {@link io.github.loopsync.loop.engine.LoopInbox} and {@link
 * io.github.loopsync.loop.engine.LateHooks}, which say so in their first lines, and {@link
 * io.github.loopsync.loop.engine.CloseWait}, which runs on the thread that closes a loop.
 */
package io.github.loopsync.loop.engine;
