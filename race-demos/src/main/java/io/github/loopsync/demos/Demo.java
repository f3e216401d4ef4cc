package io.github.loopsync.demos;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import java.util.concurrent.CompletionStage;

/**
 * One race demo: a story, a racy variant the harness must break, and a fixed variant it must not.
 * Both variants are scenarios for the race-condition harness: they build fresh state, register
 * their checks with the {@link RaceRun}, and return the main stage.
 */
public interface Demo extends Entry {

    /**
     * What the demo races on; loop races unless a demo says otherwise.
     *
     * @return the kind
     */
    @Override
    default Kind kind() {
        return Kind.LOOP;
    }

    /**
     * The racy variant.
     *
     * @param run the harness run
     * @return the main stage
     */
    CompletionStage<?> racy(RaceRun run);

    /**
     * The fixed variant.
     *
     * @param run the harness run
     * @return the main stage
     */
    CompletionStage<?> fixed(RaceRun run);

    /**
     * How to look for the race: by default delay-bounded search, which reports the simplest
     * failing schedule.
     *
     * @return the options
     */
    default RaceOptions exploreRacy() {
        return RaceOptions.defaults();
    }

    /**
     * How to prove the fix: by default an exhaustive search over any order of the ready callbacks,
     * without injected cancellations (the demos that need them override this).
     *
     * @return the options
     */
    default RaceOptions proveFixed() {
        return RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).ordering(Ordering.ANY).cancellations(0)
                .maxSchedules(20_000);
    }
}
