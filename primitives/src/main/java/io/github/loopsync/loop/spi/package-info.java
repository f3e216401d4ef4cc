/**
 * The loop's service-provider interface: how an {@link io.github.loopsync.loop.EventLoop} reads
 * time, chooses the next ready callback and reports its steps.
 *
 * <p>Production code never needs this package: {@code EventLoop.run} and {@code EventLoop.start}
 * use the system clock and FIFO order. Test code plugs in a {@link
 * io.github.loopsync.loop.spi.VirtualClock} (time jumps to the next timer when nothing is ready,
 * so ten seconds of sleeps run in microseconds), and the race-condition harness plugs in its own
 * {@link io.github.loopsync.loop.spi.ReadyPolicy} and {@link
 * io.github.loopsync.loop.spi.LoopListener} to explore schedules. The primitives do not know
 * which implementation is in place: they read time only through the loop.
 */
package io.github.loopsync.loop.spi;
