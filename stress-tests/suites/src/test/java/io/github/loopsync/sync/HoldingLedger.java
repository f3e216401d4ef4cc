package io.github.loopsync.sync;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The bookkeeping that the lock-like models ({@link LockLikeModel}, {@link WeightedModel},
 * {@link LimiterModel}) share: who holds how much of the resource, the acquisitions that had to
 * wait, oldest first, and the misuse or out-of-order service seen so far. A model owns one ledger,
 * performs its operations through {@link #await} and {@link #hold}, and turns the ledger's
 * figures into the invariants it checks after every step.
 *
 * <p>The FIFO check is only meaningful when deliveries keep their grant order (strict FIFO
 * ordering): an acquisition that completes after waiting must find every older waiter served or
 * gone (cancelled, timed out).
 */
final class HoldingLedger {

    /** One holding: the holder (a task or its index) and how much of the resource it holds. */
    private record Holding(Object holder, int weight) {
    }

    /** One acquisition that had to wait: who asked and for what (for the message), and its future. */
    private record Wait(String who, String what, LoopFuture<Void> acquisition) {
    }

    private final boolean checkFifo;
    /** Current holdings, in the order they began. */
    private final List<Holding> holdings = new ArrayList<>();
    /** Acquisitions that had to wait and have not ended yet, oldest first. */
    private final List<Wait> waiting = new ArrayList<>();
    /** Misuse accepted or service out of order; empty while the primitive keeps the model. */
    private final List<String> violations = new ArrayList<>();

    HoldingLedger(boolean checkFifo) {
        this.checkFifo = checkFifo;
    }

    /** Starts one task per operation list, named {@code T0}, {@code T1}, ..., and gathers their outcomes. */
    static <O> CompletionStage<?> startTasks(RaceRun run, List<List<O>> tasks,
            BiFunction<Integer, List<O>, CompletionStage<Void>> body) {
        EventLoop loop = run.loop();
        List<LoopFuture<Void>> started = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            int id = t;
            List<O> ops = tasks.get(t);
            started.add(loop.createTask("T" + t, () -> body.apply(id, ops)));
        }
        return Tasks.gatherOutcomes(started);
    }

    /** How many holdings there are now. */
    int holderCount() {
        return holdings.size();
    }

    /** The sum of the current holdings' weights. */
    int heldWeight() {
        int sum = 0;
        for (Holding holding : holdings) {
            sum += holding.weight();
        }
        return sum;
    }

    /** The current holders, in the order they began to hold. */
    List<Object> holders() {
        List<Object> holders = new ArrayList<>(holdings.size());
        for (Holding holding : holdings) {
            holders.add(holding.holder());
        }
        return holders;
    }

    /** Whether no violation has been recorded. */
    boolean keptTheModel() {
        return violations.isEmpty();
    }

    /** Records a violation the model observed itself (misuse that was accepted). */
    void violation(String description) {
        violations.add(description);
    }

    /**
     * Waits for {@code acquisition} (with a timeout unless {@code timeout} is null), recording the
     * wait for the FIFO check; completes with whether the resource is now held, false on a
     * timeout, and with the cancellation itself when the task was cancelled.
     *
     * @param who the asking task's name, for the message
     * @param what what it asked for ("a token", "2"), for the message
     */
    CompletionStage<Boolean> await(String who, String what, LoopFuture<Void> acquisition, Duration timeout) {
        if (acquisition.isDone()) {
            return CompletableFuture.completedFuture(true);
        }
        Wait wait = new Wait(who, what, acquisition);
        waiting.add(wait);
        CompletionStage<Void> awaited = timeout == null ? acquisition : Tasks.waitFor(acquisition, timeout);
        return awaited.handle((v, failure) -> {
            if (failure == null && checkFifo) {
                // Waiters that left (cancelled, timed out) no longer count; every older one must be served.
                for (Wait older : waiting) {
                    if (older == wait) {
                        break;
                    }
                    if (!older.acquisition().isDone()) {
                        violations.add(who + " got " + what + " before the older waiter " + older.who() + " got "
                                + older.what());
                        break;
                    }
                }
            }
            waiting.remove(wait);
            if (failure != null) {
                if (Tasks.isCancellation(failure)) {
                    throw Chains.rethrow(failure);
                }
                return false;
            }
            return true;
        });
    }

    /**
     * Counts {@code holder} as holding {@code weight} while {@code body} runs, then stops counting
     * it and runs {@code release}, whatever the body's outcome.
     */
    CompletionStage<Void> hold(Object holder, int weight, Supplier<CompletionStage<Void>> body, Runnable release) {
        Holding holding = new Holding(holder, weight);
        holdings.add(holding);
        return body.get().whenComplete((v, failure) -> {
            holdings.remove(holding);
            release.run();
        });
    }
}
