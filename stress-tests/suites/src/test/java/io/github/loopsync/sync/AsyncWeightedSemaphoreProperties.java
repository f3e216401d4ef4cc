package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.PropertyCheck;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.ExpectedFailures;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Generated weighted operation sequences on AsyncWeightedSemaphore against the weighted model, and its broken twin. */
class AsyncWeightedSemaphoreProperties {

    /** Any interleaving of the tasks, one injected cancellation: capacity, no lost wake-up, no leak. */
    private static final RaceOptions ANY_ORDER = RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1)
            .maxSchedules(200);
    /** Production order with injected cancellations and timeouts: also FIFO service across sizes. */
    private static final RaceOptions IN_ORDER = ANY_ORDER.ordering(Ordering.STRICT_FIFO);

    private static void check(long seed, int total, IntFunction<WeightedModel.Primitive> create, boolean fifo,
            RaceOptions options) {
        PropertyCheck.forAll(seed, 60, random -> WeightedModel.generate(random, total),
                (run, tasks) -> new WeightedModel(create.apply(total), total, fifo).scenario(run, tasks), options);
    }

    /** AsyncWeightedSemaphore(4): capacity in any order, FIFO service in production order, 60 sequences each. */
    @Test
    void weightedSemaphoreKeepsTheModel() {
        IntFunction<WeightedModel.Primitive> real = total -> WeightedModel.of(new AsyncWeightedSemaphore(total));
        check(0x3E1647L, 4, real, false, ANY_ORDER);
        check(0x3E1647L, 4, real, true, IN_ORDER);
    }

    /** AsyncWeightedSemaphore(2): small totals make a full-size request common. */
    @Test
    void smallTotalKeepsTheModel() {
        IntFunction<WeightedModel.Primitive> real = total -> WeightedModel.of(new AsyncWeightedSemaphore(total));
        check(0x3E1648L, 2, real, false, ANY_ORDER);
        check(0x3E1648L, 2, real, true, IN_ORDER);
    }

    /** The broken twin that lets small requests overtake a large head is caught by the FIFO check, shrunk. */
    @Test
    void greedyTwinIsCaught() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> check(0xBAD5L, 4, BrokenWeightedSemaphores.Greedy::new, true, IN_ORDER));
        assertTrue(failure.getMessage().contains("FIFO service"), failure.getMessage());
        assertTrue(failure.getMessage().contains("minimal operations per task"), failure.getMessage());
        ExpectedFailures.show("the property suite catches the greedy weighted semaphore, as it should:\n"
                + failure.getMessage());
    }
}
