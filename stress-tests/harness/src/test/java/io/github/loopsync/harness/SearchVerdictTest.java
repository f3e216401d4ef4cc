package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The default search spends its budget (deepening the deviation bound, then sampling) and calls a
 * search complete only when every schedule was tried.
 */
class SearchVerdictTest {

    /**
     * Three tasks each yield twice, recording a step after each yield; {@code failsOn} names the
     * first records that make the run fail ({@code null}: never fails).
     */
    private static CompletionStage<?> threeYielders(RaceRun run, List<String> failsOn) {
        List<String> seen = new ArrayList<>();
        if (failsOn != null) {
            run.atEnd(() -> assertFalse(seen.subList(0, failsOn.size()).equals(failsOn), "records began " + failsOn));
        }
        EventLoop loop = run.loop();
        List<io.github.loopsync.loop.LoopFuture<Void>> tasks = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            tasks.add(loop.createTask(name, () -> Tasks.yieldNow()
                    .thenRun(() -> seen.add(name + "1"))
                    .thenCompose(v -> Tasks.yieldNow())
                    .thenRun(() -> seen.add(name + "2"))));
        }
        return Tasks.gather(tasks);
    }

    /** The records that need three deviations: C, B, A in the first round, then A first again. */
    private static final List<String> THREE_DEVIATIONS = List.of("C1", "B1", "A1", "A2");

    /** A bug that needs three deviations among three tasks is found by the defaults on the quick budget. */
    @Test
    void defaultsFindAThreeDeviationBugOnTheQuickBudget() {
        RaceResult result = Race.explore(RaceOptions.defaults().maxSchedules(500), run -> threeYielders(run, THREE_DEVIATIONS));
        result.assertRaceFound();
        assertEquals(3, result.deviations(), result.report());
        assertFalse(result.complete(), "a failing search is never complete");
    }

    /** With the bound below what the bug needs, the sampling that follows the deepening still finds it. */
    @Test
    void samplingAfterTheBoundFindsWhatTheBoundMisses() {
        RaceResult result = Race.explore(RaceOptions.defaults().maxDelays(2).maxSchedules(500),
                run -> threeYielders(run, THREE_DEVIATIONS));
        result.assertRaceFound();
        assertTrue(result.schedulesExplored() > 1, result.report());
        assertFalse(result.complete());
    }

    /**
     * PORTFOLIO does not call a search complete when it stops at a failure its sampling found. (The
     * budget leaves the sampling room at -Dloopsync.budget=quick too, which divides it by four.)
     */
    @Test
    void portfolioFailureIsNotComplete() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.PORTFOLIO).maxDelays(1).maxSchedules(2_000),
                run -> threeYielders(run, THREE_DEVIATIONS));
        result.assertRaceFound();
        assertFalse(result.complete(), result.report());
    }

    /** A passing search that a bound cut short spends the whole budget and names the bound it reached. */
    @Test
    void boundedPassingSearchSpendsTheBudgetAndNamesTheBound() {
        RaceOptions options = RaceOptions.defaults().maxDelays(1).maxSchedules(300);
        RaceResult result = Race.explore(options, run -> threeYielders(run, null));
        result.assertNoRace();
        assertFalse(result.complete(), result.report());
        assertEquals(options.maxSchedules(), result.schedulesExplored(), "the whole budget, as -Dloopsync.budget scales it");
        assertEquals(1, result.exhaustedDeviations(), result.report());
        assertTrue(result.coverage().startsWith("not complete: every schedule within 1 deviation from FIFO was tried"),
                result.coverage());
        assertTrue(result.coverage().contains("sampled"), result.coverage());
        assertTrue(result.report().endsWith(result.coverage()), result.report());
    }

    /** PORTFOLIO's passing verdict after sampling is "not complete", never "complete within the bounds". */
    @Test
    void portfolioPassingAfterSamplingIsNotComplete() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.PORTFOLIO).maxDelays(1).maxSchedules(200),
                run -> threeYielders(run, null));
        result.assertNoRace();
        assertFalse(result.complete(), result.report());
        assertFalse(result.report().contains("complete within"), result.report());
    }

    /**
     * When the deepening covers every schedule, the search stops early and says it is complete. (The
     * budget is large enough for that at -Dloopsync.budget=quick too.)
     */
    @Test
    void searchThatTriesEveryScheduleIsComplete() {
        RaceResult result = Race.explore(RaceOptions.defaults().maxDelays(20).maxSchedules(400_000), run -> threeYielders(run, null));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
        assertEquals(Integer.MAX_VALUE, result.exhaustedDeviations());
        RaceResult exhaustive = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).maxSchedules(400_000),
                run -> threeYielders(run, null));
        assertTrue(exhaustive.complete(), exhaustive.report());
        assertTrue(result.schedulesExplored() >= exhaustive.schedulesExplored(), "deepening re-runs the smaller bounds");
    }

    /** Random sampling is never complete when there is more than one schedule. */
    @Test
    void samplingAloneIsNeverComplete() {
        RaceOptions options = RaceOptions.defaults().strategy(Strategy.RANDOM).maxSchedules(50);
        RaceResult result = Race.explore(options, run -> threeYielders(run, null));
        assertFalse(result.complete(), result.report());
        assertEquals(options.maxSchedules(), result.schedulesExplored());
    }
}
