package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.sync.AsyncEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 *
 * <p>Garbage collection is placed, not left to chance. The setup allocates about 110 MB per
 * invocation and the fan-out about 13 MB (the loop's ready-queue chunks), so with a default heap a
 * young collection, copying a million live waiters, landed inside some measured invocations and
 * not others: single shots of one build ranged from 35 to 115 ms. The fork therefore runs with a
 * fixed 1 GB young generation, and {@link #generation} says where the waiters are when {@code
 * set()} runs. Under G1 the two differ by more than noise: a store of a reference into a promoted
 * object costs a write-barrier fence and a dirty card, a store into a young one does not.
 * Overriding {@code -jvmArgsAppend} on the command line replaces the heap flags.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(jvmArgsAppend = {"-Xms2g", "-Xmn1g"})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EventFanOutBenchmark extends LoopBenchmark {

    /** How many waiters one {@code set()} wakes. */
    @Param({"1000000"})
    public int waiters;

    /**
     * Where the parked waiters are when {@code set()} runs: {@code young}, parked just before (a
     * full collection first empties the young generation, so that none lands in the measured
     * time), or {@code old}, promoted by a full collection after parking, as waiters parked for a
     * while are in a running server.
     */
    @Param({"young", "old"})
    public String generation;

    private AsyncEvent event;
    private int woken;
    private CompletableFuture<Integer> allWoken;

    /** Parks {@code waiters} waiters on a fresh event, in the young or the old generation. */
    @Setup(Level.Invocation)
    public void parkWaiters() {
        boolean promote = generation.equals("old");
        if (!promote && !generation.equals("young")) {
            throw new IllegalArgumentException("generation must be young or old, not " + generation);
        }
        if (!promote) {
            System.gc();
        }
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
        if (promote) {
            System.gc();
        }
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
