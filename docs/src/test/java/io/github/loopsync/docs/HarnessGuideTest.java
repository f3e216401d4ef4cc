package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.harness.ExpectRace;
import io.github.loopsync.harness.FailureKind;
import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceContext;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.RaceTest;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/harness.md, run as tests. The reports shown on the page are golden files
 * that these tests compare real reports against.
 */
class HarnessGuideTest {

    // @start region=scenario
    /** Two tasks each add 1 to a shared counter: read, wait for I/O, write. */
    static CompletionStage<?> twoIncrements(RaceRun run, AsyncLock lock) {
        int[] counter = {0};
        run.atEnd(() -> assertEquals(2, counter[0], "counter"));   // checked after every schedule
        Supplier<CompletionStage<Void>> increment = () -> {
            Supplier<CompletionStage<Void>> readWaitWrite = () -> {
                int seen = counter[0];
                return Tasks.sleep(Duration.ofMillis(10))           // other tasks run here
                            .thenRun(() -> counter[0] = seen + 1);
            };
            return lock == null ? readWaitWrite.get() : lock.withLock(readWaitWrite);
        };
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("T1", increment), loop.createTask("T2", increment));
    }
    // @end region=scenario

    // @start region=junit
    @RaceTest                                                        // explore schedules
    @ExpectRace(kind = FailureKind.ASSERTION, maxDeviations = 0)     // ... and insist on finding the race
    void racyIncrement(RaceContext race) {
        race.run(run -> twoIncrements(run, null));
    }

    @RaceTest(strategy = Strategy.EXHAUSTIVE, ordering = Ordering.ANY)
    void lockedIncrement(RaceContext race) {
        race.run(run -> twoIncrements(run, new AsyncLock()));        // fails the test with a report if any schedule fails
    }
    // @end region=junit

    /** The report of the racy increment, as the page shows it. */
    @Test
    void lostUpdateReport() throws IOException {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> twoIncrements(run, null));
        assertGolden("docs/harness/lost-update.txt", result.report());
    }

    /** The report of a lock-ordering deadlock, as the page shows it. */
    @Test
    void deadlockReport() throws IOException {
        // @start region=deadlock
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            AsyncLock first = new AsyncLock();
            AsyncLock second = new AsyncLock();
            EventLoop loop = run.loop();
            Task<Void> a = loop.createTask("A", () -> first.withLock(() ->
                    Tasks.sleep(Duration.ofSeconds(1)).thenCompose(v -> second.withLock(loop::done))));
            Task<Void> b = loop.createTask("B", () -> second.withLock(() ->
                    Tasks.sleep(Duration.ofSeconds(1)).thenCompose(v -> first.withLock(loop::done))));
            return Tasks.gather(a, b);
        });
        // @end region=deadlock
        assertGolden("docs/harness/deadlock.txt", result.report());
    }

    /** Replaying the token in the report runs exactly that schedule. */
    @Test
    void replay() {
        // @start region=replay
        String token = Race.explore(RaceOptions.defaults(), run -> twoIncrements(run, null)).token();  // or from a report
        RaceResult again = Race.replay(token, RaceOptions.defaults(), run -> twoIncrements(run, null));
        assertEquals(FailureKind.ASSERTION, again.failureKind());
        assertEquals(1, again.schedulesExplored());
        // @end region=replay
    }

    private static void assertGolden(String file, String actual) throws IOException {
        Path path = Path.of(System.getProperty("loopsync.root", "..")).resolve(file);
        if (Boolean.getBoolean("loopsync.updateSnippets")) {
            Files.writeString(path, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(path, StandardCharsets.UTF_8), actual, "golden report " + file);
    }
}
