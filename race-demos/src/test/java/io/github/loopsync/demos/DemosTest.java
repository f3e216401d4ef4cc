package io.github.loopsync.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.Strategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every demo: the harness finds the race in the racy variant and prints the minimal trace, which
 * must equal the golden file the tutorial page shows; the fixed variant survives a complete
 * exploration within its bounds.
 */
class DemosTest {

    static Stream<Demo> demos() {
        return Catalogue.all().stream();
    }

    /**
     * The racy variant fails, and its report is the golden trace of its tutorial page. Under
     * {@code -Dloopsync.updateSnippets=true} the report is written to the golden file instead, and
     * not compared.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("demos")
    void racyVariantIsCaught(Demo demo) throws IOException {
        RaceResult result = Race.explore(Main.options(demo, false), demo::racy);
        result.assertRaceFound();
        Path pages = Path.of(System.getProperty("loopsync.root", "..")).resolve("docs/demos");
        Path golden = pages.resolve(demo.id() + ".trace.txt");
        Path timeline = pages.resolve(demo.id() + ".trace.svg");
        if (Boolean.getBoolean("loopsync.updateSnippets")) {
            Files.writeString(golden, result.report(), StandardCharsets.UTF_8);
            Files.writeString(timeline, result.svg(), StandardCharsets.UTF_8);
            System.out.println(demo.id() + ": golden trace and timeline rewritten, not compared (update mode): " + golden);
            return;
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), result.report(), "golden trace " + golden);
        assertEquals(Files.readString(timeline, StandardCharsets.UTF_8), result.svg(), "golden timeline " + timeline);
    }

    /** Every demo's tutorial page shows the swimlane timeline of its failing schedule. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("demos")
    void pageShowsTheTimeline(Demo demo) throws IOException {
        Path page = Path.of(System.getProperty("loopsync.root", "..")).resolve("docs/demos/" + demo.id() + ".md");
        String text = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(text.contains("](" + demo.id() + ".trace.svg)"), page + " does not show " + demo.id() + ".trace.svg");
    }

    /**
     * The fixed variant passes, and the search tried every schedule, or every schedule within the
     * deviation bound of a delay-bounded search.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("demos")
    void fixedVariantSurvivesExploration(Demo demo) {
        RaceResult result = Race.explore(Main.options(demo, true), demo::fixed);
        result.assertNoRace();
        assertTrue(result.complete() || result.exhaustedDeviations() >= demo.proveFixed().maxDelays()
                && demo.proveFixed().strategy() == Strategy.DELAY_BOUNDED, result.report());
        if (Boolean.getBoolean("loopsync.verbose")) {
            System.out.println(demo.id() + " (fixed): " + result.report());
        }
    }
}
