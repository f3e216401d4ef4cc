package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.sync.AsyncEvent;
import java.util.concurrent.CompletableFuture;
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
 * Event fan-out: {@code waiters} waiters are parked on one {@link AsyncEvent}, and the measured
 * invocation calls {@code set()} and runs the loop until every waiter has resumed. Each waiter is
 * an {@code await()} future with one dependent stage that counts the wake-up, the shape of a task
 * continuing after {@code await event.wait()} without the task around it.
 *
 * <p>The mode is single-shot: parking a million waiters happens in the per-invocation setup, which
 * JMH keeps out of the measured time, so the score is the time of one fan-out. The report divides
 * it by {@code waiters} to give nanoseconds per waiter. The bytes a parked waiter occupies are
 * measured separately, on the heap, by {@link WaiterFootprint}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EventFanOutBenchmark extends LoopBenchmark {

    /** How many waiters one {@code set()} wakes. */
    @Param({"1000000"})
    public int waiters;

    private AsyncEvent event;
    private int woken;
    private CompletableFuture<Integer> allWoken;

    /** Parks {@code waiters} waiters on a fresh event. */
    @Setup(Level.Invocation)
    public void parkWaiters() {
        AsyncEvent fresh = new AsyncEvent();
        CompletableFuture<Integer> all = new CompletableFuture<>();
        woken = 0;
        loop.runUntilComplete(() -> {
            for (int i = 0; i < waiters; i++) {
                LoopFuture<Void> wait = fresh.await();
                wait.thenRun(() -> {
                    if (++woken == waiters) {
                        all.complete(woken);
                    }
                });
            }
            return loop.done();
        });
        if (fresh.waiters() != waiters) {
            throw new IllegalStateException("expected " + waiters + " parked waiters, found " + fresh.waiters());
        }
        event = fresh;
        allWoken = all;
    }

    /**
     * {@code set()} and every waiter's wake-up.
     *
     * @return the number of waiters that resumed
     */
    @Benchmark
    public int setWakesAll() {
        AsyncEvent parked = event;
        CompletableFuture<Integer> all = allWoken;
        return loop.runUntilComplete(() -> {
            parked.set();
            return all;
        });
    }
}
