package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.FailureKind;
import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.ExpectedFailures;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.ProgressProbe;
import io.github.loopsync.sync.LimiterModel.Op;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Small capacity-limiter scenarios explored exhaustively, with one cancellation injected anywhere:
 * borrower tracking, capacity, no lost wake-up (the probe: a token free while a waiter is parked),
 * no leak; and a total raised or lowered at any step. The search must be complete within its
 * bounds, and the broken twin (a raise that wakes nobody) must be caught as a lost wake-up.
 */
class AsyncCapacityLimiterExploration {

    private static final RaceOptions EXHAUSTIVE = RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).cancellations(1)
            .maxSchedules(50_000);

    /** The operations a total-changing scenario needs, over the real limiter or its twin. */
    interface Resizable {
        LoopFuture<Void> acquireOnBehalfOf(Object borrower);

        void releaseOnBehalfOf(Object borrower);

        void setTotalTokens(int total);

        int borrowedTokens();
    }

    private static Resizable real(AsyncCapacityLimiter limiter) {
        return new Resizable() {
            public LoopFuture<Void> acquireOnBehalfOf(Object borrower) {
                return limiter.acquireOnBehalfOf(borrower);
            }

            public void releaseOnBehalfOf(Object borrower) {
                limiter.releaseOnBehalfOf(borrower);
            }

            public void setTotalTokens(int total) {
                limiter.setTotalTokens(total);
            }

            public int borrowedTokens() {
                return limiter.borrowedTokens();
            }
        };
    }

    /**
     * A limiter of one token whose total is set to {@code newTotal} by an outside event at a step
     * the harness chooses, while three tasks each borrow a token across a sleep; at most {@code
     * bound} hold at once, and all finish.
     */
    private static CompletionStage<?> resized(RaceRun run, Resizable limiter, int newTotal, int bound) {
        int[] holding = {0};
        run.invariant("at most " + bound + " holders", () -> holding[0] <= bound);
        run.atEnd(() -> assertEquals(0, limiter.borrowedTokens(), "tokens still lent"));
        run.external("setTotalTokens(" + newTotal + ")", () -> limiter.setTotalTokens(newTotal));
        EventLoop loop = run.loop();
        List<LoopFuture<Void>> tasks = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            Supplier<CompletionStage<Void>> body = () -> limiter.acquireOnBehalfOf(name).thenCompose(v -> {
                holding[0]++;
                return Tasks.sleep(Duration.ofMillis(1)).whenComplete((r, e) -> {
                    holding[0]--;
                    limiter.releaseOnBehalfOf(name);
                });
            });
            tasks.add(loop.createTask(name, body));
        }
        return Tasks.gatherOutcomes(tasks);
    }

    /** Three tasks on one token, with misuse and timeouts, in any order with a cancellation anywhere: proved. */
    @Test
    void threeTasksOnOneTokenAreProvedInAnyOrder() {
        List<List<Op>> tasks = List.of(List.of(Op.ACQUIRE_HOLD), List.of(Op.SECOND_TOKEN), List.of(Op.ACQUIRE_TIMEOUT));
        RaceResult result = Race.explore(EXHAUSTIVE.ordering(Ordering.ANY),
                run -> new LimiterModel(new AsyncCapacityLimiter(1), false).scenario(run, tasks));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
        assertTrue(result.schedulesExplored() > 100, result.report());
    }

    /** Two tasks on one token in production order, with a foreign release and a try: FIFO, proved. */
    @Test
    void twoTasksAreFifoInProductionOrder() {
        List<List<Op>> tasks = List.of(List.of(Op.ACQUIRE_HOLD, Op.TRY), List.of(Op.FOREIGN_RELEASE, Op.ACQUIRE_YIELD));
        RaceResult result = Race.explore(EXHAUSTIVE.ordering(Ordering.STRICT_FIFO),
                run -> new LimiterModel(new AsyncCapacityLimiter(1), true).scenario(run, tasks));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /**
     * Raising the total from 1 to 3 at any step, with a cancellation anywhere, under the loop's
     * ordering contract (any order of the ready callbacks is beyond the bound here): nobody is left
     * waiting; proved.
     */
    @Test
    void raisingTheTotalAtAnyStepIsProved() {
        RaceResult result = Race.explore(EXHAUSTIVE,
                run -> resized(run, real(new AsyncCapacityLimiter(1)), 3, 3));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /**
     * Lowering the total from 2 to 1 at any step, with a cancellation anywhere, under the loop's
     * ordering contract: no token is revoked, and none is lent until fewer than 1 are; proved.
     */
    @Test
    void loweringTheTotalAtAnyStepIsProved() {
        RaceResult result = Race.explore(EXHAUSTIVE, run -> {
            AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(2);
            int[] ceiling = {Integer.MAX_VALUE};
            run.invariant("once lowered, no token is lent until fewer than the new total are", () -> {
                if (limiter.totalTokens() == 2) {
                    return true;
                }
                int lent = limiter.borrowedTokens();
                boolean honoured = lent <= Math.max(1, ceiling[0]);
                ceiling[0] = Math.min(ceiling[0], Math.max(1, lent));
                return honoured;
            });
            return resized(run, real(limiter), 1, 2);
        });
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** The twin whose raised total wakes nobody is caught as a lost wake-up. */
    @Test
    void raiseThatWakesNobodyIsCaught() {
        RaceResult result = Race.explore(EXHAUSTIVE.cancellations(0), run -> resized(run, new DeafToRaises(1), 3, 3));
        result.assertRaceFound();
        assertEquals(FailureKind.LOST_WAKEUP, result.failureKind(), result.report());
        ExpectedFailures.show("the exploration catches the limiter whose raise wakes nobody, as it should:\n"
                + result.report());
    }

    /** A broken twin: a limiter whose setTotalTokens changes the number but lends nothing to the waiters. */
    static final class DeafToRaises implements Resizable {
        private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
        private final Set<Object> borrowers = new HashSet<>();
        private int total;
        private boolean probed;

        DeafToRaises(int total) {
            this.total = total;
        }

        @Override
        public LoopFuture<Void> acquireOnBehalfOf(Object borrower) {
            EventLoop loop = EventLoop.current();
            if (!probed) {
                probed = true;
                loop.registerProbe(probe());
            }
            if (queue.isEmpty() && borrowers.size() < total) {
                borrowers.add(borrower);
                return loop.done();
            }
            LoopFuture<Void> waiter = loop.createFuture();
            queue.add(new Object[] {borrower, waiter});
            return waiter;
        }

        @Override
        public void releaseOnBehalfOf(Object borrower) {
            borrowers.remove(borrower);
            lend();
        }

        @Override
        public void setTotalTokens(int newTotal) {
            total = newTotal;         // BUG: should lend the new tokens to the waiters
        }

        @Override
        public int borrowedTokens() {
            return borrowers.size();
        }

        private void lend() {
            while (borrowers.size() < total && !queue.isEmpty()) {
                Object[] head = queue.poll();
                if (((LoopFuture<?>) head[1]).complete(null)) {
                    borrowers.add(head[0]);
                }
            }
        }

        private ProgressProbe probe() {
            return new ProgressProbe() {
                @Override
                public String describe() {
                    return "DeafToRaises[borrowed:" + borrowers.size() + "/" + total + ", waiters:" + queue.size() + "]";
                }

                @Override
                public int parkedWaiters() {
                    return queue.size();
                }

                @Override
                public boolean lostWakeup() {
                    return borrowers.size() < total && !queue.isEmpty();
                }
            };
        }
    }
}
