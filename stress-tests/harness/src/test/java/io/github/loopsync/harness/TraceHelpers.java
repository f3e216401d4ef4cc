package io.github.loopsync.harness;

import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Scenario helpers a test marks as such: reports show the test's lines, not these. */
@RaceHelper
final class TraceHelpers {

    private TraceHelpers() {
    }

    /** Holds {@code lock} across a sleep of {@code millis}. */
    static CompletionStage<Void> holdFor(AsyncLock lock, long millis) {
        return lock.withLock(() -> Tasks.sleep(Duration.ofMillis(millis)));
    }
}
