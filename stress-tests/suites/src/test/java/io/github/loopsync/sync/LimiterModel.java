package io.github.loopsync.sync;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The sequential model of a capacity limiter whose borrowers are the tasks, and the generated
 * operations that exercise it. Checked as the real limiter runs: at most {@code total} tasks hold
 * a token (after every step); every task that holds one is listed among the borrowers; a second
 * token for a holder and a release by a non-holder are refused at once; an acquisition that waited
 * is served only after every older waiter was served or left (under strict FIFO delivery); and at
 * the end no token is lent.
 */
final class LimiterModel {

    /** The generated operations. */
    enum Op {
        /** acquire, hold across a sleep, release. */
        ACQUIRE_HOLD,
        /** acquire, hold across a yield, release. */
        ACQUIRE_YIELD,
        /** tryAcquire; if it worked, yield and release. */
        TRY,
        /** acquire with a 2 ms timeout; release if acquired. */
        ACQUIRE_TIMEOUT,
        /** acquire, ask for a second token (must be refused), release. */
        SECOND_TOKEN,
        /** release without holding (must be refused). */
        FOREIGN_RELEASE
    }

    static List<List<Op>> generate(Random random) {
        return RandomTasks.generate(random, 2, Op.values());
    }

    private final AsyncCapacityLimiter limiter;
    private final int total;
    private final HoldingLedger ledger;

    /**
     * @param checkFifo whether to check FIFO service: only meaningful when deliveries keep their
     *     grant order
     */
    LimiterModel(AsyncCapacityLimiter limiter, boolean checkFifo) {
        this.limiter = limiter;
        this.total = limiter.totalTokens();
        this.ledger = new HoldingLedger(checkFifo);
    }

    CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        run.invariant("at most " + total + " holder(s)", () -> ledger.holderCount() <= total);
        run.invariant("every holder is a borrower", () -> limiter.borrowers().containsAll(ledger.holders()));
        run.invariant("misuse refused, FIFO service", ledger::keptTheModel);
        run.atEnd(() -> {
            if (limiter.borrowedTokens() != 0) {
                throw new AssertionError("tokens still lent at the end: " + limiter.borrowers());
            }
        });
        return HoldingLedger.startTasks(run, tasks, (task, ops) -> runOps(ops, 0));
    }

    private CompletionStage<Void> runOps(List<Op> ops, int index) {
        if (index == ops.size()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> step;
        switch (ops.get(index)) {
            case TRY:
                step = limiter.tryAcquire() ? held(Tasks::yieldNow) : CompletableFuture.completedFuture(null);
                break;
            case ACQUIRE_TIMEOUT:
                step = acquire(Duration.ofMillis(2)).thenCompose(got -> got ? held(Tasks::yieldNow)
                        : CompletableFuture.completedFuture(null));
                break;
            case ACQUIRE_YIELD:
                step = acquire(null).thenCompose(got -> held(Tasks::yieldNow));
                break;
            case SECOND_TOKEN:
                step = acquire(null).thenCompose(got -> held(() -> {
                    expectRefused("a second token", limiter::tryAcquire);
                    return Tasks.yieldNow();
                }));
                break;
            case FOREIGN_RELEASE:
                expectRefused("a release by a non-borrower", limiter::release);
                step = CompletableFuture.completedFuture(null);
                break;
            default:
                step = acquire(null).thenCompose(got -> held(() -> Tasks.sleep(Duration.ofMillis(1))));
                break;
        }
        return step.thenCompose(v -> runOps(ops, index + 1));
    }

    private void expectRefused(String what, Runnable misuse) {
        try {
            misuse.run();
            ledger.violation(what + " by " + Task.current() + " was accepted");
        } catch (IllegalStateException refused) {
            // as it should
        }
    }

    /** Acquires for the current task, the ledger recording a wait; completes with whether it holds. */
    private CompletionStage<Boolean> acquire(Duration timeout) {
        return ledger.await(Task.current().name(), "a token", limiter.acquire(), timeout);
    }

    /** Counts the current task as a holder while {@code body} runs, then releases, whatever happens. */
    private CompletionStage<Void> held(Supplier<CompletionStage<Void>> body) {
        Task<?> task = Task.current();
        return ledger.hold(task, 1, body, () -> limiter.releaseOnBehalfOf(task));
    }
}
