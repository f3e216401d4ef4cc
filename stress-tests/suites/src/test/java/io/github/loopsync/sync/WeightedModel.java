package io.github.loopsync.sync;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The sequential model of a weighted semaphore of {@code total} permits, and the generated
 * operations that exercise it. Checked as the real primitive runs: the permits held never exceed
 * the total (after every step); an acquisition that waited is served only when every older waiter
 * has been served or has left (under strict FIFO delivery, where deliveries keep the grant order);
 * and at the end every permit is free and nobody waits. A head that fits in the free permits but
 * stays parked is the primitive's progress predicate, which the harness checks itself.
 */
final class WeightedModel {

    /** The generated operation kinds. */
    enum Kind {
        /** acquire(n), hold across a sleep, release(n). */
        ACQUIRE_HOLD,
        /** acquire(n), hold across a yield, release(n). */
        ACQUIRE_YIELD,
        /** tryAcquire(n); if it worked, yield and release(n). */
        TRY,
        /** acquire(n) with a 2 ms timeout; release(n) if acquired. */
        ACQUIRE_TIMEOUT
    }

    /** One generated operation: a kind and a weight. */
    record Op(Kind kind, int n) {
        @Override
        public String toString() {
            return kind + "(" + n + ")";
        }
    }

    /** The primitive under test, seen through its weighted acquire/tryAcquire/release. */
    interface Primitive {
        LoopFuture<Void> acquire(int n);

        boolean tryAcquire(int n);

        void release(int n);

        /** Free permits, for the end check. */
        int available();
    }

    static Primitive of(AsyncWeightedSemaphore semaphore) {
        return new Primitive() {
            public LoopFuture<Void> acquire(int n) {
                return semaphore.acquire(n);
            }

            public boolean tryAcquire(int n) {
                return semaphore.tryAcquire(n);
            }

            public void release(int n) {
                semaphore.release(n);
            }

            public int available() {
                return semaphore.availablePermits();
            }
        };
    }

    /** Two or three tasks of one to three operations, each of weight 1 to {@code total}. */
    static List<List<Op>> generate(Random random, int total) {
        List<List<Op>> tasks = new ArrayList<>();
        int taskCount = 2 + random.nextInt(2);
        for (int t = 0; t < taskCount; t++) {
            List<Op> ops = new ArrayList<>();
            int opCount = 1 + random.nextInt(3);
            for (int i = 0; i < opCount; i++) {
                ops.add(new Op(Kind.values()[random.nextInt(Kind.values().length)], 1 + random.nextInt(total)));
            }
            tasks.add(ops);
        }
        return tasks;
    }

    private final Primitive primitive;
    private final int total;
    private final HoldingLedger ledger;

    /**
     * @param checkFifo whether to check FIFO service: only meaningful when deliveries keep their
     *     grant order
     */
    WeightedModel(Primitive primitive, int total, boolean checkFifo) {
        this.primitive = primitive;
        this.total = total;
        this.ledger = new HoldingLedger(checkFifo);
    }

    CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        run.invariant("at most " + total + " permits held", () -> ledger.heldWeight() <= total);
        run.invariant("FIFO service", ledger::keptTheModel);
        run.atEnd(() -> {
            if (primitive.available() != total) {
                throw new AssertionError("permits lost: " + primitive.available() + " of " + total + " free at the end");
            }
        });
        return HoldingLedger.startTasks(run, tasks, (task, ops) -> runOps(task, ops, 0));
    }

    private CompletionStage<Void> runOps(int task, List<Op> ops, int index) {
        if (index == ops.size()) {
            return CompletableFuture.completedFuture(null);
        }
        Op op = ops.get(index);
        int n = op.n();
        CompletionStage<Void> step;
        switch (op.kind()) {
            case TRY:
                step = primitive.tryAcquire(n) ? held(task, n, Tasks::yieldNow) : CompletableFuture.completedFuture(null);
                break;
            case ACQUIRE_TIMEOUT:
                step = acquire(task, n, Duration.ofMillis(2)).thenCompose(got -> got ? held(task, n, Tasks::yieldNow)
                        : CompletableFuture.completedFuture(null));
                break;
            case ACQUIRE_YIELD:
                step = acquire(task, n, null).thenCompose(got -> held(task, n, Tasks::yieldNow));
                break;
            default:
                step = acquire(task, n, null).thenCompose(got -> held(task, n, () -> Tasks.sleep(Duration.ofMillis(1))));
                break;
        }
        return step.thenCompose(v -> runOps(task, ops, index + 1));
    }

    /** Acquires {@code n}, the ledger recording a wait; completes with whether the task now holds them. */
    private CompletionStage<Boolean> acquire(int task, int n, Duration timeout) {
        return ledger.await("T" + task, String.valueOf(n), primitive.acquire(n), timeout);
    }

    /** Counts {@code n} permits as held while {@code body} runs, then releases them, whatever happens. */
    private CompletionStage<Void> held(int task, int n, Supplier<CompletionStage<Void>> body) {
        return ledger.hold(task, n, body, () -> primitive.release(n));
    }
}
