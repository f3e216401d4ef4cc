package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.Task;
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
 * Mass cancellation of tasks, the shape the asyncio script measures: {@code tasks} tasks are each
 * parked in {@code acquire()} behind a held {@link AsyncLock}, and the measured invocation cancels
 * every task and runs the loop until all of them have finished. Cancelling a task cancels the
 * future it waits on, which withdraws the waiter; the task then finishes as cancelled.
 *
 * <p>Single-shot mode: creating and parking the tasks happens in the per-invocation setup, outside
 * the measured time. The score is the total time for all {@code tasks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CancelParkedTasksBenchmark extends LoopBenchmark {

    /** How many parked tasks are cancelled. */
    @Param({"100000"})
    public int tasks;

    private AsyncLock lock;
    private Task<?>[] parked;

    /** Takes a fresh lock and parks {@code tasks} tasks in {@code acquire()} behind it. */
    @Setup(Level.Invocation)
    public void parkTasks() {
        AsyncLock fresh = new AsyncLock();
        Task<?>[] started = new Task<?>[tasks];
        loop.runUntilComplete(() -> {
            fresh.acquire();
            for (int i = 0; i < started.length; i++) {
                started[i] = loop.createTask(fresh::acquire);
            }
            return loop.done();
        });
        loop.runUntilIdle();
        if (fresh.waiters() != tasks) {
            throw new IllegalStateException("expected " + tasks + " parked tasks, found " + fresh.waiters());
        }
        lock = fresh;
        parked = started;
    }

    /**
     * Cancels every parked task and runs the loop until they have all finished.
     *
     * @return the number of waiters still parked afterwards (zero)
     */
    @Benchmark
    public int cancelAll() {
        Task<?>[] started = parked;
        loop.runUntilComplete(() -> {
            for (Task<?> task : started) {
                task.cancel();
            }
            return loop.done();
        });
        loop.runUntilIdle();
        return lock.waiters();
    }

    /**
     * Whether every task of the last invocation finished cancelled and the lock is still held by
     * its first owner (for the test that checks the body does its work).
     *
     * @return {@code true} if so
     */
    boolean allCancelledAndLockStillHeld() {
        for (Task<?> task : parked) {
            if (!task.isCancelled()) {
                return false;
            }
        }
        return lock.isLocked() && loop.tasks().isEmpty();
    }
}
