package io.github.loopsync.benchmarks;

import com.ibm.asyncutil.locks.FairAsyncSemaphore;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncWeightedSemaphore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Weighted acquire: loopsync's {@link AsyncWeightedSemaphore} beside IBM async-util's {@code
 * FairAsyncSemaphore}, the peer with the same policy (FIFO across sizes: a waiting request is never
 * overtaken by a smaller later one), in the same JMH run.
 *
 * <p>Two workloads, each {@value #OPERATIONS} acquisitions per invocation, so the figure is the
 * cost of one acquisition and one release. <b>Uncontended</b>, on one thread (the loopsync row
 * inside one task of a loop driven by the benchmark thread, beside IBM's semaphore and j.u.c's
 * {@code Semaphore.tryAcquire(n)}): {@code acquire(n)} of 8 permits for {@code n} read in turn from
 * a fixed pseudo-random sequence of 1 to 4, completing at once while the previous acquisition is
 * still held, then {@code release} of that previous one. The free count thus changes at every
 * step in a way the JIT cannot predict, so it can neither prove an acquisition succeeds nor fold
 * it with the release after it (a fixed {@code acquire(3)} + {@code release(3)} on a loop-confined
 * semaphore was folded into nothing: 0.04 ns per pair). As in {@link UncontendedBenchmark}, each
 * acquisition's result goes through {@link CriticalSection}, a call the JIT may not inline, before
 * the release, so that the semaphore's count is really stored and read back at every step; the free
 * count after each acquisition goes to the {@link Blackhole} as well. At most 8 permits are ever taken, so every acquisition
 * completes at once. <b>Contended</b>: {@value #TASKS} contenders asking for 1, 2, 3 and 4 permits
 * in turn from 8, each releasing right after its grant and asking again, so most grants are
 * hand-offs to parked waiters, sometimes several per release; the loopsync contenders are tasks on
 * the loop, IBM's run their continuations from a plain FIFO run queue on the benchmark thread (its
 * stages complete on the releasing thread; running them in place would nest a stack frame per
 * hand-off), as {@link HandoffBenchmark} does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WeightedBenchmark.OPERATIONS)
public class WeightedBenchmark extends LoopBenchmark {

    /** Acquisitions per invocation. */
    static final int OPERATIONS = 100_000;
    /** Contenders in the contended rows. */
    static final int TASKS = 100;
    /** Permits of every semaphore. */
    static final int PERMITS = 8;
    /** Length of the uncontended rows' weight sequence (a power of two: indexed with a mask). */
    static final int WEIGHTS = 1024;

    private final AsyncWeightedSemaphore weighted = new AsyncWeightedSemaphore(PERMITS);
    private final FairAsyncSemaphore ibm = new FairAsyncSemaphore(PERMITS);
    private final Semaphore juc = new Semaphore(PERMITS);
    /** The uncontended rows' weights, the same sequence for every row. */
    private final int[] weights = uncontendedWeights();

    /**
     * A fixed pseudo-random sequence of weights from 1 to 4, the same in every trial.
     *
     * @return {@value #WEIGHTS} weights
     */
    static int[] uncontendedWeights() {
        Random random = new Random(20261203L);
        int[] sequence = new int[WEIGHTS];
        for (int i = 0; i < WEIGHTS; i++) {
            sequence[i] = 1 + random.nextInt(4);
        }
        return sequence;
    }

    /** The weight of a contender's {@code turn}-th request: 1, 2, 3, 4, 1, ... shifted per contender. */
    static int weight(int contender, int turn) {
        return 1 + (contender + turn) % 4;
    }

    /**
     * Whether a permit is missing from either uncontended semaphore after a row.
     *
     * @return {@code true} if a row forgot a release
     */
    boolean anyHeld() {
        return weighted.availablePermits() != PERMITS || ibm.getAvailablePermits() != PERMITS
                || juc.availablePermits() != PERMITS;
    }

    /** loopsync {@code acquire(n)} (completes at once) then {@code release} of the previous acquisition. */
    @Benchmark
    public Object loopsyncUncontended(Blackhole bh) {
        return loop.runUntilComplete(() -> {
            AsyncWeightedSemaphore s = weighted;
            int[] w = weights;
            int held = w[WEIGHTS - 1];
            Object last = s.acquire(held);
            for (int i = 0; i < OPERATIONS; i++) {
                int n = w[i & (WEIGHTS - 1)];
                last = s.acquire(n);
                CriticalSection.run(bh, last);
                bh.consume(s.availablePermits());
                s.release(held);
                held = n;
            }
            s.release(held);
            return loop.completedFuture(last);
        });
    }

    /** Peer: IBM {@code FairAsyncSemaphore.acquire(n)} (completes at once) then {@code release} of the previous one. */
    @Benchmark
    public Object ibmUncontended(Blackhole bh) {
        FairAsyncSemaphore s = ibm;
        int[] w = weights;
        int held = w[WEIGHTS - 1];
        Object last = s.acquire(held);
        for (int i = 0; i < OPERATIONS; i++) {
            int n = w[i & (WEIGHTS - 1)];
            last = s.acquire(n);
            CriticalSection.run(bh, last);
            bh.consume(s.getAvailablePermits());
            s.release(held);
            held = n;
        }
        s.release(held);
        return last;
    }

    /** Peer: j.u.c {@code Semaphore.tryAcquire(n)} then {@code release} of the previous one. */
    @Benchmark
    public boolean jucUncontended(Blackhole bh) {
        Semaphore s = juc;
        int[] w = weights;
        int held = w[WEIGHTS - 1];
        boolean all = s.tryAcquire(held);
        for (int i = 0; i < OPERATIONS; i++) {
            int n = w[i & (WEIGHTS - 1)];
            boolean took = s.tryAcquire(n);
            CriticalSection.run(bh, took);
            bh.consume(s.availablePermits());
            all &= took;
            s.release(held);
            held = n;
        }
        s.release(held);
        return all;
    }

    /** {@value #TASKS} loopsync tasks asking for 1 to 4 of 8 permits in turn. */
    @Benchmark
    public int loopsyncContended() {
        AsyncWeightedSemaphore semaphore = new AsyncWeightedSemaphore(PERMITS);
        int rounds = OPERATIONS / TASKS;
        return loop.runUntilComplete(() -> {
            semaphore.acquire(PERMITS);                 // held while the tasks start and queue up
            List<LoopFuture<Void>> all = new ArrayList<>(TASKS);
            for (int t = 0; t < TASKS; t++) {
                LoopContender contender = new LoopContender(semaphore, t, rounds);
                all.add(loop.createTask(() -> {
                    contender.step();
                    return contender.finished;
                }));
            }
            return Tasks.yieldNow().thenCompose(queued -> {
                semaphore.release(PERMITS);
                return Tasks.gather(all);
            }).thenApply(v -> {
                if (semaphore.availablePermits() != PERMITS) {
                    throw new IllegalStateException("permits lost: " + semaphore);
                }
                return rounds * TASKS;
            });
        });
    }

    /** Peer: {@value #TASKS} contenders on IBM's {@code FairAsyncSemaphore}, resumed from a FIFO run queue. */
    @Benchmark
    public int ibmContended() {
        FairAsyncSemaphore semaphore = new FairAsyncSemaphore(PERMITS);
        int rounds = OPERATIONS / TASKS;
        ArrayDeque<Runnable> runQueue = new ArrayDeque<>();
        if (!semaphore.tryAcquire(PERMITS)) {
            throw new IllegalStateException("a new semaphore had no permits");
        }
        IbmContender[] contenders = new IbmContender[TASKS];
        for (int t = 0; t < TASKS; t++) {
            contenders[t] = new IbmContender(semaphore, runQueue, t, rounds);
            contenders[t].step();
        }
        semaphore.release(PERMITS);
        Runnable next;
        while ((next = runQueue.poll()) != null) {
            next.run();
        }
        for (IbmContender contender : contenders) {
            if (contender.turn != rounds) {
                throw new IllegalStateException("a contender stopped after " + contender.turn + " turns");
            }
        }
        return rounds * TASKS;
    }

    /** One loopsync task's turns; a grant that is immediate continues in place. */
    private static final class LoopContender {
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final AsyncWeightedSemaphore semaphore;
        private final int id;
        private final int rounds;
        private int turn;

        LoopContender(AsyncWeightedSemaphore semaphore, int id, int rounds) {
            this.semaphore = semaphore;
            this.id = id;
            this.rounds = rounds;
        }

        void step() {
            while (turn < rounds) {
                int n = weight(id, turn);
                LoopFuture<Void> grant = semaphore.acquire(n);
                if (!grant.isDone()) {
                    grant.whenComplete((v, failure) -> {
                        if (failure != null) {
                            finished.completeExceptionally(failure);
                        } else {
                            semaphore.release(n);
                            turn++;
                            step();
                        }
                    });
                    return;
                }
                semaphore.release(n);
                turn++;
            }
            finished.complete(null);
        }
    }

    /** One IBM contender's turns: every grant resumes it through the run queue. */
    private static final class IbmContender {
        private final FairAsyncSemaphore semaphore;
        private final ArrayDeque<Runnable> runQueue;
        private final int id;
        private final int rounds;
        int turn;

        IbmContender(FairAsyncSemaphore semaphore, ArrayDeque<Runnable> runQueue, int id, int rounds) {
            this.semaphore = semaphore;
            this.runQueue = runQueue;
            this.id = id;
            this.rounds = rounds;
        }

        void step() {
            if (turn == rounds) {
                return;
            }
            int n = weight(id, turn);
            CompletionStage<Void> grant = semaphore.acquire(n);
            grant.whenComplete((v, failure) -> runQueue.add(() -> {
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                semaphore.release(n);
                turn++;
                step();
            }));
        }
    }
}
