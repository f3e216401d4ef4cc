package io.github.loopsync.harness;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The race-condition harness: runs a scenario on a controlled event loop under many legal
 * schedules, with virtual time, and reports the first failing one, shrunk to the fewest deviations
 * from production order, with a replay token.
 *
 * <p>Example: <pre>{@code
 * RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
 *     int[] counter = {0};
 *     run.atEnd(() -> assertEquals(2, counter[0]));
 *     Supplier<CompletionStage<Void>> increment = () -> {
 *         int seen = counter[0];
 *         return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> counter[0] = seen + 1);
 *     };
 *     return Tasks.gather(run.loop().createTask(increment), run.loop().createTask(increment));
 * });
 * result.assertNoRace();   // fails: the lost update happens even in FIFO order
 * }</pre>
 *
 * <p><b>What varies.</b> Which ready callback runs next (within the {@link Ordering}), including
 * the order of timers due at the same time, and, if allowed, cancellations injected into waiting
 * tasks. <b>What is checked.</b> Exceptions in tasks and callbacks, assertions, invariants after
 * every step, lost wake-ups of the primitives after every step, deadlock, the step bound, and
 * tasks or waiters left behind.
 *
 * <p><b>Determinism.</b> The scenario body runs once per schedule and must build fresh state each
 * time; it must not read the wall clock, use unseeded randomness or real threads. A failing
 * schedule is replayed twice and the report says if it behaves differently.
 *
 * <p><b>Threads.</b> Call it from a thread that runs no loop (the harness binds its own loop to the
 * calling thread for each run).
 */
public final class Race {

    private Race() {
    }

    /**
     * Explores the scenario; if the system property {@code loopsync.replay} selects a token for
     * this test, replays that schedule instead. The property holds tokens separated by commas,
     * each selecting the test it was recorded on, or entries {@code Class#method=token} naming the
     * test; it never applies to another test. The test is {@link RaceOptions#test(String)}, by
     * default the method that calls this one ({@code SimpleClass#method}).
     *
     * @param options strategy, ordering and bounds
     * @param body the scenario: called on the loop once per schedule, returns the main stage
     * @return the outcome
     */
    public static RaceResult explore(RaceOptions options, Function<RaceRun, ? extends CompletionStage<?>> body) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        String test = Replays.testOf(options);
        String replay = Replays.selected(test);
        if (replay != null) {
            return Replays.replay(replay, test, body, options);
        }
        return new Explorer(body, options, test).explore();
    }

    /**
     * Runs exactly the schedule of a replay token. The token must have been recorded on this test
     * ({@link RaceOptions#test(String)}, by default the calling method) and on this scenario (the
     * same tasks and the same candidates at every choice point); otherwise the replay fails,
     * naming both tests and both scenario fingerprints, and where the schedule diverged.
     *
     * @param token a token from {@link RaceResult#token()}
     * @param options the bounds and the test (the ordering, cancellations and timer jitter come from the token)
     * @param body the scenario
     * @return the outcome of that one schedule
     * @throws IllegalArgumentException if the token is malformed, from an older harness, or
     *     recorded on another test or scenario
     */
    public static RaceResult replay(String token, RaceOptions options, Function<RaceRun, ? extends CompletionStage<?>> body) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        return Replays.replay(token, Replays.testOf(options), body, options);
    }
}
