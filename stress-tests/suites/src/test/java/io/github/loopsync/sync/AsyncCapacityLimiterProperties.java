package io.github.loopsync.sync;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.PropertyCheck;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.Strategy;
import org.junit.jupiter.api.Test;

/** Generated operation sequences, misuse included, on AsyncCapacityLimiter against the limiter model. */
class AsyncCapacityLimiterProperties {

    /** Any interleaving of the tasks, one injected cancellation: capacity, borrower tracking, no lost wake-up, no leak. */
    private static final RaceOptions ANY_ORDER = RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1)
            .maxSchedules(200);
    /** Production order with injected cancellations and timeouts: also FIFO service. */
    private static final RaceOptions IN_ORDER = ANY_ORDER.ordering(Ordering.STRICT_FIFO);

    /** AsyncCapacityLimiter(1): as a lock with owners, in any order and in production order, 60 sequences each. */
    @Test
    void oneTokenKeepsTheModel() {
        PropertyCheck.forAll(0xCA9A1L, 60, LimiterModel::generate,
                (run, tasks) -> new LimiterModel(new AsyncCapacityLimiter(1), false).scenario(run, tasks), ANY_ORDER);
        PropertyCheck.forAll(0xCA9A1L, 60, LimiterModel::generate,
                (run, tasks) -> new LimiterModel(new AsyncCapacityLimiter(1), true).scenario(run, tasks), IN_ORDER);
    }

    /** AsyncCapacityLimiter(2): at most two borrowers, in any order and in production order, 60 sequences each. */
    @Test
    void twoTokensKeepTheModel() {
        PropertyCheck.forAll(0xCA9A2L, 60, LimiterModel::generate,
                (run, tasks) -> new LimiterModel(new AsyncCapacityLimiter(2), false).scenario(run, tasks), ANY_ORDER);
        PropertyCheck.forAll(0xCA9A2L, 60, LimiterModel::generate,
                (run, tasks) -> new LimiterModel(new AsyncCapacityLimiter(2), true).scenario(run, tasks), IN_ORDER);
    }
}
