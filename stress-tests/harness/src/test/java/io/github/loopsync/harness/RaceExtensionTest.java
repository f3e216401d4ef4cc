package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The JUnit 5 annotations, used the way a user would. */
class RaceExtensionTest {

    private static CompletionStage<?> increments(RaceRun run, AsyncLock lock) {
        int[] counter = {0};
        run.atEnd(() -> assertEquals(2, counter[0], "counter"));
        Supplier<CompletionStage<Void>> critical = () -> {
            int seen = counter[0];
            return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> counter[0] = seen + 1);
        };
        Supplier<CompletionStage<Void>> increment = () -> lock == null ? critical.get() : lock.withLock(critical);
        return Tasks.gather(run.loop().createTask("T1", increment), run.loop().createTask("T2", increment));
    }

    /** A racy scenario under @ExpectRace passes because the race is found, in FIFO order. */
    @RaceTest
    @ExpectRace(kind = FailureKind.ASSERTION, maxDeviations = 0)
    void racyIncrementIsCaught(RaceContext race) {
        RaceResult result = race.run(run -> increments(run, null));
        assertTrue(result.failed());
    }

    /** The fixed scenario passes an exhaustive search over any order. */
    @RaceTest(strategy = Strategy.EXHAUSTIVE, ordering = Ordering.ANY)
    void lockedIncrementIsSafe(RaceContext race) {
        RaceResult result = race.run(run -> increments(run, new AsyncLock()));
        assertTrue(result.complete());
    }

    /** A token pinned in another method than the one that found it replays exactly one schedule there. */
    @RaceTest
    @RaceReplay(value = "rh2.1.1l.0x1.RaceExtensionTest#racyIncrementIsCaught.af483f11.AwADAAMAAgADAAMAAgACAAIA",
            recordedOn = "RaceExtensionTest#racyIncrementIsCaught")
    @ExpectRace(kind = FailureKind.ASSERTION)
    void pinnedScheduleReplays(RaceContext race) {
        RaceResult result = race.run(run -> increments(run, null));
        assertEquals(1, result.schedulesExplored());
    }

    /** Without naming the test it was recorded on, a token pinned in another method is refused, naming both. */
    @RaceTest
    @RaceReplay("rh2.1.1l.0x1.RaceExtensionTest#racyIncrementIsCaught.af483f11.AwADAAMAAgADAAMAAgACAAIA")
    void tokenOfAnotherMethodIsRefused(RaceContext race) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> race.run(run -> increments(run, null)));
        assertTrue(refused.getMessage().contains("recorded on test RaceExtensionTest#racyIncrementIsCaught")
                && refused.getMessage().contains("this is test RaceExtensionTest#tokenOfAnotherMethodIsRefused"),
                refused.getMessage());
    }

    /** A race found as expected prints nothing, unless -Dloopsync.verbose=true asks for the report. */
    @RaceTest
    @ExpectRace(kind = FailureKind.ASSERTION)
    void anExpectedRaceIsQuietUnlessVerbose(RaceContext race) {
        String previous = System.getProperty("loopsync.verbose");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.clearProperty("loopsync.verbose");
            race.run(run -> increments(run, null));
            assertEquals("", printed.toString(StandardCharsets.UTF_8));
            System.setProperty("loopsync.verbose", "true");
            race.run(run -> increments(run, null));
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains("race found as expected"), printed::toString);
        } finally {
            System.setOut(stdout);
            if (previous == null) {
                System.clearProperty("loopsync.verbose");
            } else {
                System.setProperty("loopsync.verbose", previous);
            }
        }
    }
}
