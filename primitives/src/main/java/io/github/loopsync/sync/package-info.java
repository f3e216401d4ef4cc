/**
 * Synchronization primitives for tasks on one event loop, with asyncio's semantics: {@link
 * io.github.loopsync.sync.AsyncLock}, {@link io.github.loopsync.sync.AsyncSemaphore}, {@link
 * io.github.loopsync.sync.AsyncBoundedSemaphore}, {@link io.github.loopsync.sync.AsyncEvent},
 * {@link io.github.loopsync.sync.AsyncCondition} and {@link io.github.loopsync.sync.AsyncBarrier}.
 * Beyond asyncio: {@link io.github.loopsync.sync.AsyncWeightedSemaphore} (several permits per
 * acquisition, FIFO across sizes), {@link io.github.loopsync.sync.AsyncCapacityLimiter} (Trio's
 * limiter: one token per borrower, a total that can change while in use), {@link
 * io.github.loopsync.sync.AsyncReadWriteLock} (phase-fair), {@link
 * io.github.loopsync.sync.AsyncCountDownLatch} and {@link io.github.loopsync.sync.AsyncOwnerCheckedLock}.
 *
 * <p>All of them hand resources over directly (FIFO, no barging), withdraw a cancelled waiter in
 * O(1), and give back a grant whose waiter was cancelled before it resumed. None is thread-safe:
 * they are loop-confined, and say so by throwing {@link java.lang.IllegalStateException} when used
 * from any other thread.
 */
package io.github.loopsync.sync;
