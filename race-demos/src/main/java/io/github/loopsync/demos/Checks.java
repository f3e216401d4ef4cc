package io.github.loopsync.demos;

/** The demos' assertion: an {@link AssertionError} the harness reports as a failed check. */
@io.github.loopsync.harness.RaceHelper
final class Checks {

    private Checks() {
    }

    static void check(boolean holds, String message) {
        if (!holds) {
            throw new AssertionError(message);
        }
    }
}
