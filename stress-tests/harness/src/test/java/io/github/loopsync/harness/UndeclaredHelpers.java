package io.github.loopsync.harness;

import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Scenario helpers without the marker: a scenario declares them with {@link RaceRun#helpers}. */
final class UndeclaredHelpers {

    private UndeclaredHelpers() {
    }

    /** Sleeps {@code millis}, then reads, then sleeps again: a helper around the racy await. */
    static CompletionStage<Void> pause(long millis) {
        return Tasks.sleep(Duration.ofMillis(millis));
    }
}
