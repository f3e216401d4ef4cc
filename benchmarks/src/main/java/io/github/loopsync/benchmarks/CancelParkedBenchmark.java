package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.sync.AsyncLock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Mass cancellation: {@code waiters} {@code acquire()} calls are parked behind a held {@link
 * AsyncLock}, and the measured invocation cancels every one of them, oldest first, then runs the
 * loop until every cancellation has been delivered. CPython's {@code asyncio.Lock} removes a
 * cancelled waiter from a deque by value, so the same job is quadratic there; each loopsync waiter
 * unlinks itself in O(1).
 *
 * <p>Single-shot mode: parking happens in the per-invocation setup, outside the measured time. The
 * score is the total time for all {@code waiters}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CancelParkedBenchmark extends LoopBenchmark {

    /** How many parked waiters are cancelled. */
    @Param({"1000000"})
    public int waiters;

    private AsyncLock lock;
    private LoopFuture<?>[] parked;

    /** Takes a fresh lock and parks {@code waiters} acquisitions behind it. */
    @Setup(Level.Invocation)
    public void parkWaiters() {
        AsyncLock fresh = new AsyncLock();
        LoopFuture<?>[] futures = new LoopFuture<?>[waiters];
        loop.runUntilComplete(() -> {
            fresh.acquire();
            for (int i = 0; i < futures.length; i++) {
                futures[i] = fresh.acquire();
            }
            return loop.done();
        });
        if (fresh.waiters() != waiters) {
            throw new IllegalStateException("expected " + waiters + " parked waiters, found " + fresh.waiters());
        }
        lock = fresh;
        parked = futures;
    }

    /**
     * Cancels every parked waiter and delivers the cancellations.
     *
     * @return the number of waiters still parked afterwards (zero)
     */
    @Benchmark
    public int cancelAll() {
        LoopFuture<?>[] futures = parked;
        AsyncLock held = lock;
        loop.runUntilComplete(() -> {
            for (LoopFuture<?> future : futures) {
                future.cancel(false);
            }
            return loop.done();
        });
        loop.runUntilIdle();
        return held.waiters();
    }

    /**
     * Whether every waiter of the last invocation is cancelled and the lock is still held by its
     * first owner (for the test that checks the body does its work).
     *
     * @return {@code true} if so
     */
    boolean allCancelledAndLockStillHeld() {
        for (LoopFuture<?> future : parked) {
            if (!future.isCancelled()) {
                return false;
            }
        }
        return lock.isLocked();
    }
}
