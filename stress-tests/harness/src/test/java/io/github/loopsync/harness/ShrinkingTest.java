package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every strategy reports a locally minimal failing schedule: no single deviation from FIFO can be
 * reset and the same failure still happen.
 */
class ShrinkingTest {

    /** The records that need three deviations: C, B, A in the first round, then A first again. */
    private static final List<String> THREE_DEVIATIONS = List.of("C1", "B1", "A1", "A2");

    /**
     * Three tasks each yield twice, recording a step after each yield; the run fails when the
     * records begin with {@link #THREE_DEVIATIONS}. With {@code background}, a fourth task
     * yields {@code background} times and records nothing: many choices, none of them needed.
     */
    private static CompletionStage<?> threeYielders(RaceRun run, int background) {
        List<String> seen = new ArrayList<>();
        run.atEnd(() -> assertFalse(seen.subList(0, THREE_DEVIATIONS.size()).equals(THREE_DEVIATIONS),
                "records began " + THREE_DEVIATIONS));
        EventLoop loop = run.loop();
        List<LoopFuture<Void>> tasks = new ArrayList<>();
        if (background > 0) {
            tasks.add(loop.createTask("background", () -> yields(background)));
        }
        for (String name : List.of("A", "B", "C")) {
            tasks.add(loop.createTask(name, () -> Tasks.yieldNow()
                    .thenRun(() -> seen.add(name + "1"))
                    .thenCompose(v -> Tasks.yieldNow())
                    .thenRun(() -> seen.add(name + "2"))));
        }
        return Tasks.gather(tasks);
    }

    private static CompletionStage<Void> yields(int count) {
        return count == 0 ? Tasks.yieldNow() : Tasks.yieldNow().thenCompose(v -> yields(count - 1));
    }

    /** Explores with {@code strategy} and checks the report has {@code expected} deviations and is locally minimal. */
    private static void reportsALocallyMinimalSchedule(Strategy strategy, int background, int expected) {
        RaceOptions options = RaceOptions.defaults().strategy(strategy).maxSchedules(2_000);
        Function<RaceRun, CompletionStage<?>> scenario = run -> threeYielders(run, background);
        RaceResult result = Race.explore(options, scenario);
        result.assertRaceFound();
        assertEquals(expected, result.deviations(), strategy + ": " + result.report());
        assertLocallyMinimal(result, options, scenario);
    }

    /** Resetting any one deviation of the reported schedule no longer fails the same way. */
    static void assertLocallyMinimal(RaceResult result, RaceOptions options, Function<RaceRun, CompletionStage<?>> scenario) {
        ReplayToken token = ReplayToken.decode(result.token());
        ControlledRun reported = ControlledRun.execute(scenario, options, new Chooser.Prefix(token.choices, null), false);
        assertNotNull(reported.failure, "the reported schedule fails");
        String signature = reported.failure.signature();
        for (int i = 0; i < token.choices.length; i++) {
            if (token.choices[i] == 0) {
                continue;
            }
            int[] reset = token.choices.clone();
            reset[i] = 0;
            ControlledRun trial = ControlledRun.execute(scenario, options, new Chooser.Prefix(reset, null), false);
            assertFalse(trial.failure != null && trial.failure.signature().equals(signature),
                    "deviation at choice " + (i + 1) + " can be reset and the run still fails: " + result.report());
        }
    }

    /** Random sampling finds the three-deviation bug; the report has exactly three deviations. */
    @Test
    void randomReportsThreeDeviations() {
        reportsALocallyMinimalSchedule(Strategy.RANDOM, 0, 3);
    }

    /** PCT finds the three-deviation bug; the report has exactly three deviations. */
    @Test
    void pctReportsThreeDeviations() {
        reportsALocallyMinimalSchedule(Strategy.PCT, 0, 3);
    }

    /** The default delay-bounded search and the portfolio report three deviations too. */
    @Test
    void delayBoundedAndPortfolioReportThreeDeviations() {
        reportsALocallyMinimalSchedule(Strategy.DELAY_BOUNDED, 0, 3);
        reportsALocallyMinimalSchedule(Strategy.PORTFOLIO, 0, 3);
    }

    /**
     * A background task adds many choices that random and PCT samples deviate on; none is needed.
     * Random's report keeps only the three the bug needs; every strategy's report is locally
     * minimal (PCT's may be a local minimum above the fewest, which delay-bounded search finds).
     */
    @Test
    void backgroundTaskDeviationsAreShrunkAway() {
        RaceResult simplest = Race.explore(RaceOptions.defaults().maxSchedules(20_000), run -> threeYielders(run, 12));
        simplest.assertRaceFound();
        assertEquals(3, simplest.deviations(), simplest.report());
        reportsALocallyMinimalSchedule(Strategy.RANDOM, 12, 3);
        for (Strategy strategy : List.of(Strategy.PCT, Strategy.PORTFOLIO)) {
            RaceOptions options = RaceOptions.defaults().strategy(strategy).maxSchedules(2_000);
            Function<RaceRun, CompletionStage<?>> scenario = run -> threeYielders(run, 12);
            RaceResult result = Race.explore(options, scenario);
            result.assertRaceFound();
            assertTrue(result.deviations() <= 4, strategy + ": " + result.report());
            assertLocallyMinimal(result, options, scenario);
        }
    }
}
