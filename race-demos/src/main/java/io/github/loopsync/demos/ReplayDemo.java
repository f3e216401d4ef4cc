package io.github.loopsync.demos;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.Strategy;

/**
 * A replayed asyncio bug that needs a task cancelled at the wrong moment: the harness injects one
 * cancellation, both when it looks for the race and when it proves the fix.
 */
public interface ReplayDemo extends Demo {

    /**
     * The bug needs a cancellation at the wrong moment (around a wake-up or a release): let the
     * harness inject one.
     *
     * @return delay-bounded search with one injected cancellation
     */
    @Override
    default RaceOptions exploreRacy() {
        return RaceOptions.defaults().cancellations(1);
    }

    /**
     * Every order of the ready callbacks, with one cancellation injected at any step.
     *
     * @return an exhaustive search over any order with one injected cancellation
     */
    @Override
    default RaceOptions proveFixed() {
        return RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).ordering(Ordering.ANY).cancellations(1)
                .maxSchedules(20_000);
    }
}
