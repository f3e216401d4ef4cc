package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * A loop future completed and cancelled from several threads is linearizable: the single atomic
 * decision explains every history (the first completion wins; a cancellation wins over a value
 * that was not delivered, and no loop runs here to deliver one).
 */
public class LoopFutureLincheckTest {

    private final LoopFuture<Integer> future = new LoopFuture<>(Loops.unstarted(), false);

    /** @param value the value @return whether this call decided it */
    @Operation
    public boolean complete(int value) {
        return future.complete(value);
    }

    /** @return whether the future is cancelled after the call */
    @Operation
    public boolean cancel() {
        return future.cancel(false);
    }

    /** @return whether a failure other than cancellation was decided by this call */
    @Operation
    public boolean fail() {
        return future.completeExceptionally(new IllegalStateException("failed"));
    }

    /** @return whether the future is cancelled */
    @Operation
    public boolean isCancelled() {
        return future.isCancelled();
    }

    /** Model checking explores thread interleavings systematically. */
    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LincheckBudget.iterations(10))
                .invocationsPerIteration(500).check(getClass());
    }

    /** Stress mode runs the scenarios on real threads. */
    @Test
    void stress() {
        new StressOptions().iterations(LincheckBudget.iterations(5))
                .invocationsPerIteration(500).check(getClass());
    }

    /** The broken twin: a check-then-set decision lets two completions both win. */
    @Test
    void brokenTwinIsRejected() {
        AssertionError rejected = assertThrows(AssertionError.class,
                () -> new ModelCheckingOptions().iterations(50).threads(2).actorsPerThread(2)
                        .invocationsPerIteration(1_000).check(RacyDecision.class));
        ExpectedFailures.show("Lincheck rejects the check-then-set twin, as it should:\n" + rejected.getMessage());
    }

    /** A future whose decision is a plain check followed by a plain write. */
    public static class RacyDecision {
        /** 0 pending, 1 completed, 2 cancelled. */
        private int state;

        /** @param value the value @return whether this call decided it */
        @Operation
        public boolean complete(int value) {
            if (state != 0) {
                return false;
            }
            state = 1;
            return true;
        }

        /** @return whether the call decided a cancellation (a completed value may be overridden) */
        @Operation
        public boolean cancel() {
            if (state == 2) {
                return false;
            }
            state = 2;
            return true;
        }
    }
}
