package io.github.loopsync.sync;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
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
    private final List<Task<?>> holders = new ArrayList<>();
    private final List<Object[]> waiting = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final boolean checkFifo;

    LimiterModel(AsyncCapacityLimiter limiter, boolean checkFifo) {
        this.limiter = limiter;
        this.total = limiter.totalTokens();
        this.checkFifo = checkFifo;
    }

    CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        run.invariant("at most " + total + " holder(s)", () -> holders.size() <= total);
        run.invariant("every holder is a borrower", () -> limiter.borrowers().containsAll(holders));
        run.invariant("misuse refused, FIFO service", violations::isEmpty);
        run.atEnd(() -> {
            if (limiter.borrowedTokens() != 0) {
                throw new AssertionError("tokens still lent at the end: " + limiter.borrowers());
            }
        });
        EventLoop loop = run.loop();
        List<LoopFuture<Void>> started = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            List<Op> ops = tasks.get(t);
            started.add(loop.createTask("T" + t, () -> runOps(ops, 0)));
        }
        return Tasks.gatherOutcomes(started);
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
            violations.add(what + " by " + Task.current() + " was accepted");
        } catch (IllegalStateException refused) {
            // as it should
        }
    }

    /** Acquires for the current task, recording waits for the FIFO check; completes with whether it holds. */
    private CompletionStage<Boolean> acquire(Duration timeout) {
        Task<?> task = Task.current();
        LoopFuture<Void> acquisition = limiter.acquire();
        if (acquisition.isDone()) {
            return CompletableFuture.completedFuture(true);
        }
        Object[] entry = {task, acquisition};
        waiting.add(entry);
        CompletionStage<Void> awaited = timeout == null ? acquisition : Tasks.waitFor(acquisition, timeout);
        return awaited.handle((v, failure) -> {
            if (failure == null && checkFifo) {
                for (Object[] older : waiting) {
                    if (older == entry) {
                        break;
                    }
                    if (!((LoopFuture<?>) older[1]).isDone()) {
                        violations.add(task.name() + " got a token before the older waiter " + ((Task<?>) older[0]).name());
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

    /** Counts the current task as a holder while {@code body} runs, then releases, whatever happens. */
    private CompletionStage<Void> held(Supplier<CompletionStage<Void>> body) {
        Task<?> task = Task.current();
        holders.add(task);
        return body.get().whenComplete((v, failure) -> {
            holders.remove(task);
            limiter.releaseOnBehalfOf(task);
        });
    }
}
