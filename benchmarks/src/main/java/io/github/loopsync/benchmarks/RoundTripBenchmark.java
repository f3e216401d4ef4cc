package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One trip through the loop, with nothing around it: where a hand-off's and a ping-pong's time
 * goes before any primitive does its part. Each row runs {@value #TRIPS} trips one after another,
 * each started by the previous one, so exactly one thing is ready at a time, as in the hand-off and
 * ping-pong benchmarks.
 *
 * <ul>
 *   <li>{@link #loopCallback}: a callback that schedules itself again with {@code callSoon}: one
 *       iteration of the loop and one callback, the floor of any resumption.
 *   <li>{@link #loopFuture}: a future decided now and delivered through the loop, with one
 *       dependent stage that starts the next trip ({@code Tasks.yieldNow().whenComplete(..)}): what
 *       waking a parked task costs besides the primitive's own work.
 *   <li>{@link #runQueueCallback}: the same self-posting callback on a plain FIFO run queue, the
 *       queue the IBM rows of the hand-off and ping-pong benchmarks run on.
 *   <li>{@link #completableFutureOnRunQueue}: a {@code CompletableFuture} completed by a callback
 *       on that run queue, its one dependent run in place: the resumption that the IBM rows pay.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(RoundTripBenchmark.TRIPS)
public class RoundTripBenchmark extends LoopBenchmark {

    /** Trips per invocation. */
    static final int TRIPS = 100_000;

    /** A callback that schedules itself with {@code callSoon} until it has made every trip. */
    @Benchmark
    public int loopCallback() {
        return loop.runUntilComplete(() -> {
            SelfPosting trips = new SelfPosting(loop::callSoon);
            trips.run();
            return trips.finished;
        });
    }

    /** A yielded future per trip, its one dependent starting the next trip. */
    @Benchmark
    public int loopFuture() {
        return loop.runUntilComplete(() -> {
            Yielding trips = new Yielding();
            trips.next();
            return trips.finished;
        });
    }

    /** Peer: the self-posting callback on a plain FIFO run queue. */
    @Benchmark
    public int runQueueCallback() {
        ArrayDeque<Runnable> runQueue = new ArrayDeque<>();
        SelfPosting trips = new SelfPosting(runQueue::add);
        trips.run();
        drain(runQueue);
        return trips.finished.getNow(0);            // 0 if the chain stopped early
    }

    /**
     * Peer: per trip, a new {@code CompletableFuture} with one dependent, completed by a callback on
     * the run queue; the dependent, run in place by the completion, starts the next trip.
     */
    @Benchmark
    public int completableFutureOnRunQueue() {
        ArrayDeque<Runnable> runQueue = new ArrayDeque<>();
        Completing trips = new Completing(runQueue);
        trips.next();
        drain(runQueue);
        return trips.finished.getNow(0);            // 0 if the chain stopped early
    }

    private static void drain(ArrayDeque<Runnable> runQueue) {
        Runnable next;
        while ((next = runQueue.poll()) != null) {
            next.run();
        }
    }

    /** Posts itself through {@code post} until {@value #TRIPS} trips are made. */
    private static final class SelfPosting implements Runnable {
        final CompletableFuture<Integer> finished = new CompletableFuture<>();
        private final Consumer<Runnable> post;
        private int trips;

        SelfPosting(Consumer<Runnable> post) {
            this.post = post;
        }

        @Override
        public void run() {
            if (trips == TRIPS) {
                finished.complete(trips);
                return;
            }
            trips++;
            post.accept(this);
        }
    }

    /** One {@code yieldNow()} per trip; its dependent starts the next. */
    private static final class Yielding {
        final CompletableFuture<Integer> finished = new CompletableFuture<>();
        private int trips;

        void next() {
            if (trips == TRIPS) {
                finished.complete(trips);
                return;
            }
            trips++;
            LoopFuture<Void> yielded = Tasks.yieldNow();
            yielded.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    finished.completeExceptionally(failure);
                } else {
                    next();
                }
            });
        }
    }

    /** One {@code CompletableFuture} per trip, completed from the run queue. */
    private static final class Completing {
        final CompletableFuture<Integer> finished = new CompletableFuture<>();
        private final ArrayDeque<Runnable> runQueue;
        private int trips;

        Completing(ArrayDeque<Runnable> runQueue) {
            this.runQueue = runQueue;
        }

        void next() {
            if (trips == TRIPS) {
                finished.complete(trips);
                return;
            }
            trips++;
            CompletableFuture<Void> trip = new CompletableFuture<>();
            trip.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    finished.completeExceptionally(failure);
                } else {
                    next();
                }
            });
            runQueue.add(() -> trip.complete(null));
        }
    }
}
