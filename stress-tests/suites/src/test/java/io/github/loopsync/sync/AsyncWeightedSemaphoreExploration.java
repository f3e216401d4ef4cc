package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.FailureKind;
import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.ExpectedFailures;
import io.github.loopsync.sync.WeightedModel.Kind;
import io.github.loopsync.sync.WeightedModel.Op;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Small weighted-semaphore scenarios explored exhaustively, with one cancellation injected
 * anywhere (into a parked waiter or one granted but not resumed): capacity, FIFO service, no lost
 * wake-up (the probe: the head fits in the free permits but is still parked), no leak. The search
 * must be complete within its bounds, and the broken twins must be caught in the same scenarios.
 */
class AsyncWeightedSemaphoreExploration {

    private static final RaceOptions EXHAUSTIVE = RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).cancellations(1)
            .maxSchedules(50_000);

    /** A holder of 2, a large request of 4 that the free permits partly satisfy, and a request of 2 behind it. */
    private static final List<List<Op>> LARGE_HEAD = List.of(
            List.of(new Op(Kind.ACQUIRE_HOLD, 2)),
            List.of(new Op(Kind.ACQUIRE_HOLD, 4)),
            List.of(new Op(Kind.ACQUIRE_YIELD, 2)));

    /** Two tasks on 3 permits, one of them timing out, then a try and a second round. */
    private static final List<List<Op>> TIMEOUTS = List.of(
            List.of(new Op(Kind.ACQUIRE_HOLD, 2), new Op(Kind.TRY, 1)),
            List.of(new Op(Kind.ACQUIRE_TIMEOUT, 3), new Op(Kind.ACQUIRE_YIELD, 1)));

    /** A holder of 2 and two waiters of 2 and 1 on 3 permits: the small one must wait behind the other. */
    private static final List<List<Op>> SMALL_BEHIND = List.of(
            List.of(new Op(Kind.ACQUIRE_HOLD, 2)),
            List.of(new Op(Kind.ACQUIRE_YIELD, 3)),
            List.of(new Op(Kind.ACQUIRE_YIELD, 1)));

    private static RaceResult explore(RaceOptions options, int total, IntFunction<WeightedModel.Primitive> create,
            boolean fifo, List<List<Op>> tasks) {
        return Race.explore(options, run -> new WeightedModel(create.apply(total), total, fifo).scenario(run, tasks));
    }

    private static WeightedModel.Primitive real(int total) {
        return WeightedModel.of(new AsyncWeightedSemaphore(total));
    }

    /** The large-head scenario in any order with a cancellation anywhere passes, and the search is complete. */
    @Test
    void largeHeadScenarioIsProvedInAnyOrder() {
        RaceResult result = explore(EXHAUSTIVE.ordering(Ordering.ANY), 4, AsyncWeightedSemaphoreExploration::real, false,
                LARGE_HEAD);
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
        assertTrue(result.schedulesExplored() > 100, result.report());
    }

    /** The same scenario in production order also serves strictly first come, first served. */
    @Test
    void largeHeadScenarioIsFifoInProductionOrder() {
        RaceResult result = explore(EXHAUSTIVE.ordering(Ordering.STRICT_FIFO), 4, AsyncWeightedSemaphoreExploration::real,
                true, LARGE_HEAD);
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** Timeouts racing grants, in any order with a cancellation anywhere: nothing lost, and the search is complete. */
    @Test
    void timeoutScenarioIsProvedInAnyOrder() {
        RaceResult result = explore(EXHAUSTIVE.ordering(Ordering.ANY), 3, AsyncWeightedSemaphoreExploration::real, false,
                TIMEOUTS);
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** A small request behind a large one, in production order: never served first, and the search is complete. */
    @Test
    void smallBehindLargeIsProvedInProductionOrder() {
        RaceResult result = explore(EXHAUSTIVE.ordering(Ordering.STRICT_FIFO), 3, AsyncWeightedSemaphoreExploration::real,
                true, SMALL_BEHIND);
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** The twin that forgets to serve the next waiters when a large head leaves is caught as a lost wake-up. */
    @Test
    void forgetfulHeadTwinLosesAWakeup() {
        RaceResult result = explore(EXHAUSTIVE.ordering(Ordering.ANY), 4, BrokenWeightedSemaphores.ForgetfulHead::new,
                false, LARGE_HEAD);
        result.assertRaceFound();
        assertEquals(FailureKind.LOST_WAKEUP, result.failureKind(), result.report());
        ExpectedFailures.show("the exploration catches the forgetful weighted semaphore, as it should:\n" + result.report());
    }

    /** The greedy twin lets the small request overtake the large head, caught by the FIFO check. */
    @Test
    void greedyTwinOvertakesTheHead() {
        RaceResult result = explore(EXHAUSTIVE.ordering(Ordering.STRICT_FIFO), 3, BrokenWeightedSemaphores.Greedy::new,
                true, SMALL_BEHIND);
        result.assertRaceFound();
        assertEquals(FailureKind.INVARIANT, result.failureKind(), result.report());
        assertTrue(result.failureMessage().contains("FIFO service"), result.report());
        ExpectedFailures.show("the exploration catches the greedy weighted semaphore, as it should:\n" + result.report());
    }
}
