package io.github.loopsync.harness;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What a {@link RaceTest} method receives: the options from its annotations; {@link #run} explores
 * (or replays) the scenario and applies the test's expectation.
 */
public final class RaceContext {

    private final RaceOptions options;
    private final String replayToken;
    private final ExpectRace expectation;
    private final String testName;
    private RaceResult result;

    RaceContext(RaceOptions options, String replayToken, ExpectRace expectation, String testName) {
        this.options = options;
        this.replayToken = replayToken;
        this.expectation = expectation;
        this.testName = testName;
    }

    /**
     * The options built from the annotations.
     *
     * @return the options
     */
    public RaceOptions options() {
        return options;
    }

    /**
     * Explores the scenario (or replays the token of {@link RaceReplay}, or the token that {@code
     * -Dloopsync.replay} selects for this test) and checks the outcome: fails the test with the report if a schedule
     * failed, or, under {@link ExpectRace}, if none failed as expected.
     *
     * @param body the scenario; called once per schedule on the controlled loop
     * @return the result, for further assertions
     * @throws AssertionError when the expectation is not met
     */
    public RaceResult run(Function<RaceRun, ? extends CompletionStage<?>> body) {
        Objects.requireNonNull(body, "body");
        result = replayToken != null ? Race.replay(replayToken, options, body) : Race.explore(options, body);
        if (expectation == null) {
            result.assertNoRace();
            return result;
        }
        if (!result.failed()) {
            throw new AssertionError(testName + " expected a race, but none was found: " + result.report());
        }
        FailureKind[] kinds = expectation.kind();
        if (kinds.length > 0 && !Arrays.asList(kinds).contains(result.failureKind())) {
            throw new AssertionError(testName + " expected a race of kind " + Arrays.toString(kinds) + " but found:\n"
                    + result.report());
        }
        if (expectation.maxDeviations() >= 0 && result.deviations() > expectation.maxDeviations()) {
            throw new AssertionError(testName + " expected a race within " + expectation.maxDeviations()
                    + " deviations from FIFO but the simplest found needs " + result.deviations() + ":\n" + result.report());
        }
        if (verbose()) {
            System.out.println(testName + ": race found as expected\n" + result.report());
        }
        return result;
    }

    /**
     * Whether a race found as expected is printed: only with {@code -Dloopsync.verbose=true}, so that
     * a green build stays quiet. An unmet expectation always fails with the report.
     */
    static boolean verbose() {
        return Boolean.getBoolean("loopsync.verbose");
    }

    /**
     * The result of the last {@link #run}, or {@code null}.
     *
     * @return the result
     */
    public RaceResult result() {
        return result;
    }
}
