package io.github.loopsync.sync;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
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
    private int held;
    /** Acquisitions that had to wait, oldest first, with their task. */
    private final List<Object[]> waiting = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    /** Whether to check FIFO service: only meaningful when deliveries keep their grant order. */
    private final boolean checkFifo;

    WeightedModel(Primitive primitive, int total, boolean checkFifo) {
        this.primitive = primitive;
        this.total = total;
        this.checkFifo = checkFifo;
    }

    CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        run.invariant("at most " + total + " permits held", () -> held <= total);
        run.invariant("FIFO service", violations::isEmpty);
        run.atEnd(() -> {
            if (primitive.available() != total) {
                throw new AssertionError("permits lost: " + primitive.available() + " of " + total + " free at the end");
            }
        });
        EventLoop loop = run.loop();
        List<LoopFuture<Void>> started = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            int id = t;
            List<Op> ops = tasks.get(t);
            started.add(loop.createTask("T" + t, () -> runOps(id, ops, 0)));
        }
        return Tasks.gatherOutcomes(started);
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
                step = primitive.tryAcquire(n) ? held(n, Tasks::yieldNow) : CompletableFuture.completedFuture(null);
                break;
            case ACQUIRE_TIMEOUT:
                step = acquire(task, n, Duration.ofMillis(2)).thenCompose(got -> got ? held(n, Tasks::yieldNow)
                        : CompletableFuture.completedFuture(null));
                break;
            case ACQUIRE_YIELD:
                step = acquire(task, n, null).thenCompose(got -> held(n, Tasks::yieldNow));
                break;
            default:
                step = acquire(task, n, null).thenCompose(got -> held(n, () -> Tasks.sleep(Duration.ofMillis(1))));
                break;
        }
        return step.thenCompose(v -> runOps(task, ops, index + 1));
    }

    /** Acquires, recording waits for the FIFO check; completes with whether the task now holds. */
    private CompletionStage<Boolean> acquire(int task, int n, Duration timeout) {
        LoopFuture<Void> acquisition = primitive.acquire(n);
        if (acquisition.isDone()) {
            return CompletableFuture.completedFuture(true);
        }
        Object[] entry = {task, acquisition, n};
        waiting.add(entry);
        CompletionStage<Void> awaited = timeout == null ? acquisition : Tasks.waitFor(acquisition, timeout);
        return awaited.handle((v, failure) -> {
            if (failure == null && checkFifo) {
                // Waiters that left (cancelled, timed out) no longer count; every older one must be served.
                for (Object[] older : waiting) {
                    if (older == entry) {
                        break;
                    }
                    if (!((LoopFuture<?>) older[1]).isDone()) {
                        violations.add("T" + task + " got " + n + " before the older waiter T" + older[0] + " got " + older[2]);
                        break;
                    }
                }
            }
            waiting.remove(entry);
            if (failure != null) {
                if (Tasks.isCancellation(failure)) {
                    throw Chains.rethrow(failure);
                }
                return false;
            }
            return true;
        });
    }

    /** Counts {@code n} permits as held while {@code body} runs, then releases them, whatever happens. */
    private CompletionStage<Void> held(int n, Supplier<CompletionStage<Void>> body) {
        held += n;
        return body.get().whenComplete((v, failure) -> {
            held -= n;
            primitive.release(n);
        });
    }
}
