package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.LoopBenchmark;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The floor study (diagnostic; docs/performance.md, "The floor of the contract"): the lock hand-off
 * of {@code HandoffBenchmark} run on two minimal implementations of loopsync's contract instead of
 * loopsync itself, to learn what the contract's work costs on this machine before any library
 * structure is added ({@link FlatModel}), and what the same work costs arranged as loopsync arranges
 * it ({@link LayeredModel}, {@link LayeredLock}). Run it beside {@code HandoffBenchmark.lock} and
 * {@code HandoffBenchmark.ibmFairLock} in one JMH run; the report leaves it out.
 *
 * <p>Each row is the loopsync row's workload: {@code tasks} tasks take turns with one lock until
 * {@value #ACQUISITIONS} acquisitions have happened in all, the lock held while they queue up, each
 * turn an acquire through a {@code Supplier}, a release through a {@code Runnable}, and a {@code
 * whenComplete} stage on every acquisition that has to wait. The two models share no types, so
 * each has its own copy of the contender: one written over an interface would add a call the
 * loopsync row does not make to the measured path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FloorBenchmark.ACQUISITIONS)
@Fork(jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})   // as LoopBenchmark's rows
public class FloorBenchmark {

    /** Acquisitions per invocation, as in HandoffBenchmark. */
    static final int ACQUISITIONS = 100_000;

    /** How many tasks contend. */
    @Param({"100"})
    public int tasks;

    /** The flat model. */
    @Benchmark
    public int flat() {
        return flatHandoff(tasks, ACQUISITIONS / tasks);
    }

    /** The layered model. */
    @Benchmark
    public int layered() {
        return layeredHandoff(tasks, ACQUISITIONS / tasks);
    }

    /** Runs the hand-off on the flat model; returns the turns taken. */
    static int flatHandoff(int tasks, int rounds) {
        FlatModel.Loop loop = new FlatModel.Loop();
        FlatLock lock = new FlatLock(loop);
        lock.acquire();
        FlatContender[] contenders = new FlatContender[tasks];
        for (int t = 0; t < tasks; t++) {
            contenders[t] = new FlatContender(lock::acquire, lock::release, rounds);
            loop.current = new FlatModel.Task();
            contenders[t].step();
            loop.current = null;
        }
        lock.release();
        loop.run();
        return turnsTaken(contenders.length, rounds, java.util.Arrays.stream(contenders).mapToInt(c -> c.left));
    }

    /** Runs the hand-off on the layered model; returns the turns taken. */
    static int layeredHandoff(int tasks, int rounds) {
        LayeredModel.Loop loop = new LayeredModel.Loop();
        LayeredLock lock = new LayeredLock(loop);
        lock.acquire();
        LayeredContender[] contenders = new LayeredContender[tasks];
        for (int t = 0; t < tasks; t++) {
            contenders[t] = new LayeredContender(lock::acquire, lock::release, rounds);
            loop.current = new LayeredModel.Task();
            contenders[t].step();
            loop.current = null;
        }
        lock.release();
        loop.run();
        return turnsTaken(contenders.length, rounds, java.util.Arrays.stream(contenders).mapToInt(c -> c.left));
    }

    private static int turnsTaken(int tasks, int rounds, java.util.stream.IntStream left) {
        int unfinished = left.sum();
        if (unfinished != 0) {
            throw new IllegalStateException(unfinished + " turns were not taken");
        }
        return tasks * rounds;
    }

    /** One task's turns on the flat model, in HandoffBenchmark's shape. */
    static final class FlatContender {
        private final Supplier<FlatModel.Future> acquire;
        private final Runnable release;
        int left;

        FlatContender(Supplier<FlatModel.Future> acquire, Runnable release, int left) {
            this.acquire = acquire;
            this.release = release;
            this.left = left;
        }

        void step() {
            while (left > 0) {
                FlatModel.Future grant = acquire.get();
                if (!grant.isDone()) {
                    grant.whenComplete((v, failure) -> {
                        if (failure != null) {
                            throw new IllegalStateException(failure);
                        }
                        turn();
                        step();
                    });
                    return;
                }
                turn();
            }
        }

        private void turn() {
            release.run();
            left--;
        }
    }

    /** One task's turns on the layered model, in HandoffBenchmark's shape. */
    static final class LayeredContender {
        private final Supplier<LayeredModel.Core> acquire;
        private final Runnable release;
        int left;

        LayeredContender(Supplier<LayeredModel.Core> acquire, Runnable release, int left) {
            this.acquire = acquire;
            this.release = release;
            this.left = left;
        }

        void step() {
            while (left > 0) {
                LayeredModel.Core grant = acquire.get();
                if (!grant.isDone()) {
                    grant.whenComplete((v, failure) -> {
                        if (failure != null) {
                            throw new IllegalStateException(failure);
                        }
                        turn();
                        step();
                    });
                    return;
                }
                turn();
            }
        }

        private void turn() {
            release.run();
            left--;
        }
    }
}
