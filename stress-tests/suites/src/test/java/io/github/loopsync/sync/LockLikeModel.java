package io.github.loopsync.sync;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The sequential model of a lock-like primitive with {@code permits} permits, and the generated
 * operations that exercise it. The model is checked as the real primitive runs: at most {@code
 * permits} holders after every step, and (when deliveries keep their grant order, under strict
 * FIFO ordering) a task that gets the resource after waiting must be the oldest live waiter.
 */
final class LockLikeModel {

    /** The generated operations. */
    enum Op {
        /** acquire, hold across a sleep, release. */
        ACQUIRE_HOLD,
        /** acquire, hold across a yield, release. */
        ACQUIRE_YIELD,
        /** tryAcquire; if it worked, yield and release. */
        TRY,
        /** acquire with a 2 ms timeout; release if acquired. */
        ACQUIRE_TIMEOUT
    }

    /** The primitive under test, seen through its acquire/tryAcquire/release. */
    interface Primitive {
        LoopFuture<Void> acquire();

        boolean tryAcquire();

        void release();
    }

    static List<List<Op>> generate(Random random) {
        return RandomTasks.generate(random, 2, Op.values());
    }

    private final Primitive primitive;
    private final int permits;
    private final HoldingLedger ledger;

    /**
     * @param checkFifo whether to check FIFO hand-off: only meaningful when deliveries keep their
     *     grant order
     */
    LockLikeModel(Primitive primitive, int permits, boolean checkFifo) {
        this.primitive = primitive;
        this.permits = permits;
        this.ledger = new HoldingLedger(checkFifo);
    }

    CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        run.invariant("at most " + permits + " holder(s)", () -> ledger.holderCount() <= permits);
        run.invariant("FIFO hand-off", ledger::keptTheModel);
        return HoldingLedger.startTasks(run, tasks, (task, ops) -> runOps(task, ops, 0));
    }

    private CompletionStage<Void> runOps(int task, List<Op> ops, int index) {
        if (index == ops.size()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> step;
        switch (ops.get(index)) {
            case TRY:
                step = primitive.tryAcquire() ? held(task, Tasks::yieldNow) : CompletableFuture.completedFuture(null);
                break;
            case ACQUIRE_TIMEOUT:
                step = acquire(task, Duration.ofMillis(2)).thenCompose(got -> got ? held(task, Tasks::yieldNow)
                        : CompletableFuture.completedFuture(null));
                break;
            case ACQUIRE_YIELD:
                step = acquire(task, null).thenCompose(got -> held(task, Tasks::yieldNow));
                break;
            default:
                step = acquire(task, null).thenCompose(got -> held(task, () -> Tasks.sleep(Duration.ofMillis(1))));
                break;
        }
        return step.thenCompose(v -> runOps(task, ops, index + 1));
    }

    /** Acquires, the ledger recording a wait; completes with whether the task now holds. */
    private CompletionStage<Boolean> acquire(int task, Duration timeout) {
        return ledger.await("T" + task, "the resource", primitive.acquire(), timeout);
    }

    /** Counts the task as a holder while {@code body} runs, then releases, whatever happens. */
    private CompletionStage<Void> held(int task, Supplier<CompletionStage<Void>> body) {
        return ledger.hold(task, 1, body, primitive::release);
    }
}
