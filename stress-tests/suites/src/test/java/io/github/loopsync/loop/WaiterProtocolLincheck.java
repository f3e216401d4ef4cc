package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runs shared by the Lincheck tests of a waiter's grant protocol ({@link
 * DecisionProtocolLincheckTest}, {@link HeldGrantLincheckTest}): each subclass is a scenario whose
 * "loop" group grants and drives a loop bound to one Lincheck thread while other threads cancel
 * the waiter, and whose validation is a {@link DecisionLedger}. Model checking and stress mode run
 * the subclass itself; its broken twin is run through {@link #assertRejected}.
 */
abstract class WaiterProtocolLincheck {

    /** The sequential runs bind loops to the test's own thread; release it for the next test. */
    @AfterEach
    void releaseTheTestThread() {
        EventLoop stale = EventLoop.currentOrNull();
        if (stale != null) {
            stale.close();
        }
    }

    /** Model checking explores thread interleavings systematically. */
    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LincheckBudget.iterations(5)).threads(3).actorsPerThread(2)
                .actorsBefore(1).actorsAfter(1).invocationsPerIteration(100).check(getClass());
    }

    /** Stress mode runs the scenarios on real threads. */
    @Test
    void stress() {
        new StressOptions().iterations(LincheckBudget.iterations(3)).threads(3).actorsPerThread(2)
                .actorsBefore(1).actorsAfter(1).invocationsPerIteration(200).check(getClass());
    }

    /**
     * Model-checks {@code twin} and asserts that Lincheck rejects it for its results or its
     * validation, not for another reason. Lincheck reports the rejection as an {@code
     * AssertionError}, or, on some JDKs (seen on 25), as an {@code IllegalStateException} when its
     * replay of the failing interleaving differs from the first run (each invocation's loop binds
     * to a reused thread); either report starts with the failure it found, which is what counts.
     *
     * @param twin a broken copy of a scenario
     */
    static void assertRejected(Class<?> twin) {
        Throwable rejected = assertThrows(Throwable.class,
                () -> new ModelCheckingOptions().iterations(100).threads(2).actorsPerThread(2)
                        .actorsBefore(0).actorsAfter(0).invocationsPerIteration(100).check(twin));
        assertTrue(rejected instanceof AssertionError || rejected instanceof IllegalStateException,
                () -> "not a Lincheck rejection: " + rejected);
        String report = String.valueOf(rejected.getMessage());
        assertTrue(report.contains("Invalid execution results") || report.contains("Validation function"),
                "rejected for another reason:\n" + report);
    }
}
