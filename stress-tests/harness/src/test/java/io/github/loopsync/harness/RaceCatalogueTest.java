package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The race catalogue: every bug is found by the default settings ({@code RaceOptions.defaults()},
 * what a plain {@code @RaceTest} uses), its token replays the same failure, and its fixed twin
 * passes the same search; the timing bugs pass when timers are on time (only timer jitter finds
 * them). The last test writes the table that docs/harness.md publishes (under
 * {@code -Dloopsync.updateSnippets=true}) or checks the page against it (schedules, deviations
 * and failure kinds; the times vary with the machine).
 */
class RaceCatalogueTest {

    private static final String START = "<!-- catalogue: written by RaceCatalogueTest; refresh with -Dloopsync.updateSnippets=true -->";
    private static final String END = "<!-- end of catalogue -->";

    static List<CatalogueBug> catalogue() {
        List<CatalogueBug> all = new ArrayList<>(CatalogueUserBugs.all());
        all.addAll(CatalogueCancellationBugs.all());
        all.addAll(CatalogueTimingBugs.all());
        return all;
    }

    /** One row of the table: how the default search found one bug. */
    private static final class Row {
        final CatalogueBug bug;
        final RaceResult found;

        Row(CatalogueBug bug, RaceResult found) {
            this.bug = bug;
            this.found = found;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBugIsFoundAndEveryTwinPasses() {
        List<Row> rows = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (CatalogueBug bug : catalogue()) {
            tests.add(DynamicTest.dynamicTest(bug.id + ": found with the defaults, replayed exactly", () -> {
                RaceResult found = Race.explore(RaceOptions.defaults(), bug.racy);
                found.assertRaceFound();
                assertFalse(found.nondeterministic(), found.report());
                RaceResult replayed = Race.replay(found.token(), RaceOptions.defaults(), bug.racy);
                assertEquals(found.failureKind(), replayed.failureKind(), replayed.report());
                assertEquals(found.failureMessage(), replayed.failureMessage(), replayed.report());
                assertEquals(found.report().lines().filter(line -> line.startsWith(" #")).toList(),
                        replayed.report().lines().filter(line -> line.startsWith(" #")).toList(), "replayed steps");
                rows.add(new Row(bug, found));
            }));
            tests.add(DynamicTest.dynamicTest(bug.id + ": the fixed twin passes the defaults", () ->
                    Race.explore(RaceOptions.defaults(), bug.fixed).assertNoRace()));
        }
        for (CatalogueBug bug : CatalogueTimingBugs.all()) {
            tests.add(DynamicTest.dynamicTest(bug.id + ": not found with timers on time", () ->
                    Race.explore(RaceOptions.defaults().timerJitter(Duration.ZERO), bug.racy).assertNoRace()));
        }
        tests.add(DynamicTest.dynamicTest("docs/harness.md publishes the catalogue", () -> publish(rows)));
        return tests.stream();
    }

    /** Writes the table into docs/harness.md, or checks the page's table against it. */
    private static void publish(List<Row> rows) throws IOException {
        assertEquals(catalogue().size(), rows.size(), "every bug was found");
        assertTrue(rows.size() >= 20, "the catalogue has at least 20 bugs");
        String budget = System.getProperty("loopsync.budget", "default");
        Path page = Path.of(System.getProperty("loopsync.root", "../..")).resolve("docs/harness.md");
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertTrue(start >= 0 && end > start, "docs/harness.md has the catalogue markers");
        String table = table(rows);
        if (Boolean.getBoolean("loopsync.updateSnippets")) {
            Files.writeString(page, text.substring(0, start + START.length()) + "\n" + table + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        if (!budget.equals("default")) {
            return;                                     // another budget may search in another order
        }
        String shown = text.substring(start + START.length() + 1, end);
        assertEquals(withoutTimes(table), withoutTimes(shown), "the catalogue in docs/harness.md; run RaceCatalogueTest "
                + "with -Dloopsync.updateSnippets=true to refresh it");
    }

    private static String table(List<Row> rows) {
        StringBuilder text = new StringBuilder("| bug | what goes wrong | found as | schedules to first failure | time | "
                + "minimal deviations |\n|---|---|---|---:|---:|---:|\n");
        for (Row row : rows) {
            text.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %d | %d ms | %d |%n", row.bug.id, row.bug.story,
                    row.found.failureKind(), row.found.schedulesExplored(), row.found.elapsed().toMillis(),
                    row.found.deviations()));
        }
        return text.toString();
    }

    /** The table without its time column, which varies from run to run. */
    private static String withoutTimes(String table) {
        return table.replaceAll("\\| [0-9]+ ms \\|", "| |");
    }
}
