package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Replay tokens name the test and fingerprint the scenario they were recorded on: a token replays
 * only there, refuses anything else naming both sides, and the replay property selects one test.
 */
class ReplayTokenTest {

    /** Two read-sleep-write increments, optionally under a lock; {@code sleeps} sets the sleep in ms. */
    private static CompletionStage<?> increments(RaceRun run, AsyncLock lock, int sleeps) {
        int[] counter = {0};
        run.atEnd(() -> assertEquals(2, counter[0], "counter"));
        Supplier<CompletionStage<Void>> critical = () -> {
            int seen = counter[0];
            return Tasks.sleep(Duration.ofMillis(sleeps)).thenRun(() -> counter[0] = seen + 1);
        };
        Supplier<CompletionStage<Void>> increment = () -> lock == null ? critical.get() : lock.withLock(critical);
        return Tasks.gather(run.loop().createTask("T1", increment), run.loop().createTask("T2", increment));
    }

    private static final Function<RaceRun, CompletionStage<?>> RACY = run -> increments(run, null, 10);

    /** The token names the calling test readably, and replays there to the same failure. */
    @Test
    void tokenNamesTheCallingTest() {
        RaceResult found = Race.explore(RaceOptions.defaults(), RACY);
        assertTrue(found.token().startsWith("rh2."), found.token());
        assertTrue(found.token().contains(".ReplayTokenTest#tokenNamesTheCallingTest."), found.token());
        RaceResult again = Race.replay(found.token(), RaceOptions.defaults(), RACY);
        assertEquals(found.failureMessage(), again.failureMessage());
    }

    /** A token replayed on another test is refused before it runs, naming both tests. */
    @Test
    void tokenOfAnotherTestIsRefused() {
        String token = Race.explore(RaceOptions.defaults().test("InventoryTest#neverOversells"), RACY).token();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Race.replay(token, RaceOptions.defaults(), RACY));
        assertTrue(refused.getMessage().contains("recorded on test InventoryTest#neverOversells"), refused.getMessage());
        assertTrue(refused.getMessage().contains("this is test ReplayTokenTest#tokenOfAnotherTestIsRefused"),
                refused.getMessage());
        // Naming the recorded test on purpose pins it here.
        RaceResult pinned = Race.replay(token, RaceOptions.defaults().test("InventoryTest#neverOversells"), RACY);
        assertEquals(FailureKind.ASSERTION, pinned.failureKind());
    }

    /**
     * A token replayed on another scenario of the same test, even one with the same number of
     * choice points, is refused after the run, naming both fingerprints: it never "passes".
     */
    @Test
    void tokenOfAnotherScenarioIsRefusedNotPassed() {
        String token = Race.explore(RaceOptions.defaults(), RACY).token();
        Function<RaceRun, CompletionStage<?>> fixed = run -> increments(run, new AsyncLock(), 10);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Race.replay(token, RaceOptions.defaults(), fixed));
        String message = refused.getMessage();
        assertTrue(message.matches("(?s).*recorded on test ReplayTokenTest#tokenOfAnotherScenarioIsRefusedNotPassed, "
                + "scenario [0-9a-f]{8} .*but test ReplayTokenTest#tokenOfAnotherScenarioIsRefusedNotPassed ran scenario "
                + "[0-9a-f]{8} .*"), message);
        // Same tasks, same choice points, another sleep: the same structure replays (time is not structure).
        assertEquals(FailureKind.ASSERTION, Race.replay(token, RaceOptions.defaults(), run -> increments(run, null, 20))
                .failureKind());
    }

    /** A token of the first format, which carried no fingerprint, is refused with the reason. */
    @Test
    void oldTokensAreRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Race.replay("rh1.1.1l.AwADAAMAAgADAAMAAgACAAIA", RaceOptions.defaults(), RACY));
        assertTrue(refused.getMessage().contains("older harness (format rh1)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("explore the test again"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Race.replay("rh2.1.1.0x1.A#b.zz.AA", RaceOptions.defaults(), RACY));
    }

    /**
     * The replay property applies only to the test its token was recorded on (or that an entry
     * {@code Class#method=token} names): every other test in the JVM explores as usual.
     */
    @Test
    void replayPropertySelectsOneTest() {
        String token = Race.explore(RaceOptions.defaults().test("OtherTest#racy"), RACY).token();
        String previous = System.getProperty(Replays.PROPERTY);
        try {
            System.setProperty(Replays.PROPERTY, token);
            RaceResult other = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE),
                    run -> increments(run, new AsyncLock(), 10));
            assertTrue(other.complete() && other.schedulesExplored() > 1, other.report());
            RaceResult selected = Race.explore(RaceOptions.defaults().test("OtherTest#racy"), RACY);
            assertEquals(1, selected.schedulesExplored());
            assertEquals(FailureKind.ASSERTION, selected.failureKind());

            System.setProperty(Replays.PROPERTY, "io.example.ThirdTest#fixed=" + token + ", ReplayTokenTest#nothing=x");
            assertNull(Replays.selected("OtherTest#racy"), "an entry with a selector applies to the named test only");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> Race.explore(RaceOptions.defaults().test("ThirdTest#fixed"), RACY));
            assertTrue(refused.getMessage().contains("recorded on test OtherTest#racy")
                    && refused.getMessage().contains("this is test ThirdTest#fixed"), refused.getMessage());

            System.setProperty(Replays.PROPERTY, "rh1.1.0.AgACAA");
            IllegalArgumentException old = assertThrows(IllegalArgumentException.class, () -> Race.explore(
                    RaceOptions.defaults(), RACY));
            assertTrue(old.getMessage().contains("format rh1"), old.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(Replays.PROPERTY);
            } else {
                System.setProperty(Replays.PROPERTY, previous);
            }
        }
        assertFalse(Race.explore(RaceOptions.defaults().test("OtherTest#racy"), RACY).schedulesExplored() == 0);
    }

    /** A test name with characters outside the token's alphabet survives the round trip. */
    @Test
    void testNamesWithAnyCharactersRoundTrip() {
        String name = "race-demos lost-update (racy) über.Class$Inner#m";
        String token = Race.explore(RaceOptions.defaults().test(name), RACY).token();
        assertFalse(token.contains(" ") || token.contains("$") || token.contains("(") || token.contains("ü"), token);
        assertEquals(name, ReplayToken.decode(token).test);
        assertThrows(IllegalArgumentException.class, () -> RaceOptions.defaults().test(" "));
    }
}
