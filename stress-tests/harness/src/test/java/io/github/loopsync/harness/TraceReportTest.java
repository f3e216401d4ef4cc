package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Reports read at a glance: user call sites, readable names, primitive events, aligned columns, timelines. */
class TraceReportTest {

    /** A scenario that always fails at its end, so that its production schedule is reported. */
    private static RaceResult reportOf(Function<RaceRun, CompletionStage<?>> body) {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            run.atEnd(() -> {
                throw new AssertionError("end reached");
            });
            return body.apply(run);
        });
        result.assertRaceFound();
        return result;
    }

    /** The table rows of a report: the lines from the header to the failure line. */
    private static List<String> tableRows(String report) {
        List<String> lines = report.lines().collect(Collectors.toList());
        int header = lines.indexOf(lines.stream().filter(line -> line.startsWith(" step ")).findFirst().orElseThrow());
        int end = lines.indexOf(lines.stream().filter(line -> line.contains(" at step ")).findFirst().orElseThrow());
        return lines.subList(header, end);
    }

    /** "suspended at" names the test's line, not a line inside a helper marked {@link RaceHelper}. */
    @Test
    void suspendedAtSkipsMarkedHelpers() {
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 3;
        RaceResult result = reportOf(run -> {
            AsyncLock lock = new AsyncLock();
            return run.loop().createTask("A", () -> TraceHelpers.holdFor(lock, 10));
        });
        assertTrue(result.report().contains(" TraceReportTest.java:" + line + " "), result.report());
        assertFalse(result.report().contains("TraceHelpers.java"), result.report());
    }

    /** A helper declared with {@link RaceRun#helpers} is skipped too; undeclared, its lines show. */
    @Test
    void suspendedAtSkipsDeclaredHelpers() {
        Function<Boolean, RaceResult> explore = declare -> reportOf(run -> {
            if (declare) {
                run.helpers(UndeclaredHelpers.class);
            }
            return run.loop().createTask("A", () -> UndeclaredHelpers.pause(10));
        });
        String declared = explore.apply(true).report();
        assertTrue(declared.contains(" TraceReportTest.java:"), declared);
        assertFalse(declared.contains("UndeclaredHelpers.java"), declared);
        String undeclared = explore.apply(false).report();
        assertTrue(undeclared.contains("UndeclaredHelpers.java"), undeclared);
    }

    /** No class name of the library's internals reaches a report; sleeps, gathers and timeouts are named. */
    @Test
    void noInternalNamesLeak() {
        String report = reportOf(run -> {
            EventLoop loop = run.loop();
            Task<Void> sleeper = loop.createTask("sleeper", () -> Tasks.sleep(Duration.ofMillis(10)));
            Task<Object> impatient = loop.createTask("impatient", () -> Tasks.waitFor(loop.createFuture(), Duration.ofMillis(5))
                    .handle((value, failure) -> null));
            return Tasks.gather(sleeper, impatient);
        }).report();
        for (String internal : List.of("SleepFuture", "LoopFuture", "Gather", "Task[", "stage ", "PT0.", "Waiter", "Lambda",
                "callback", "WaitFor[")) {
            assertFalse(report.contains(internal), internal + " leaks into\n" + report);
        }
        for (String readable : List.of("timer: sleep 10 ms ends", "resumes: sleep 10 ms", "gather of 2",
                "timer: waitFor timeout of 5 ms expires", "waitFor failed: TimeoutException")) {
            assertTrue(report.contains(readable), readable + " missing from\n" + report);
        }
    }

    /** Acquire, wait, release and grant are shown in the steps where they happen. */
    @Test
    void primitiveEventsAreShown() {
        String report = reportOf(run -> {
            AsyncLock lock = new AsyncLock();
            EventLoop loop = run.loop();
            return Tasks.gather(loop.createTask("A", () -> TraceHelpers.holdFor(lock, 10)),
                    loop.createTask("B", () -> TraceHelpers.holdFor(lock, 10)));
        }).report();
        List<String> rows = tableRows(report);
        String table = String.join("\n", rows);
        int acquires = table.indexOf("+ A acquires AsyncLock");
        int waits = table.indexOf("+ B waits on AsyncLock");
        int releases = table.indexOf("+ A releases AsyncLock");
        int granted = table.indexOf("+ AsyncLock granted to B");
        assertTrue(acquires > 0 && acquires < waits && waits < releases && releases < granted, report);
        assertTrue(table.indexOf("+ B releases AsyncLock") > granted, report);
    }

    /** The end of a report says who holds each primitive and who waits on it. */
    @Test
    void holdersAreShown() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            AsyncLock lock = new AsyncLock();
            EventLoop loop = run.loop();
            Task<Void> keeper = loop.createTask("keeper", lock::acquire);
            return keeper.thenCompose(v -> loop.createTask("waiter", lock::acquire));
        });
        assertEquals(FailureKind.DEADLOCK, result.failureKind(), result.report());
        assertTrue(result.report().contains("primitives at the end:\n  AsyncLock (locked), held by keeper, waiting: waiter\n"),
                result.report());
    }

    /** Long task names and long file names keep every row's columns under the header. */
    @Test
    void columnsStayAligned() {
        String report = reportOf(run -> {
            EventLoop loop = run.loop();
            return Tasks.gather(loop.createTask("a", () -> Tasks.sleep(Duration.ofMillis(1))),
                    loop.createTask("a-task-with-a-name-longer-than-any-column", () -> Tasks.sleep(Duration.ofMillis(2))));
        }).report();
        List<String> rows = tableRows(report);
        int what = rows.get(0).indexOf("what ran");
        int place = rows.get(0).indexOf("suspended at");
        for (String row : rows.subList(1, rows.size())) {
            assertEquals(' ', row.charAt(what - 1), row);
            assertTrue(row.charAt(what) != ' ' || row.substring(what).startsWith("  + "), row);
            assertEquals(' ', row.charAt(place - 1), row);
        }
    }

    /** An exception's report says where it was thrown in user code. */
    @Test
    void exceptionsCarryTheirLocation() {
        int[] line = {0};
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> run.loop().createTask("thrower",
                () -> Tasks.sleep(Duration.ofMillis(1)).thenRun(() -> {
                    line[0] = new Throwable().getStackTrace()[0].getLineNumber() + 1;
                    throw new IllegalStateException("broken");
                })));
        assertEquals(FailureKind.EXCEPTION, result.failureKind(), result.report());
        assertTrue(result.report().contains("\nthrown at TraceReportTest.java:" + line[0] + "\n"), result.report());
    }

    /** The timeline has a lane per task in order of appearance, and the callbacks' lane last. */
    @Test
    void timelineHasALanePerTask() {
        RaceResult result = reportOf(run -> {
            AsyncLock lock = new AsyncLock();
            EventLoop loop = run.loop();
            return Tasks.gather(loop.createTask("A", () -> TraceHelpers.holdFor(lock, 10)),
                    loop.createTask("B", () -> TraceHelpers.holdFor(lock, 10)));
        });
        String header = result.report().lines().filter(line -> line.startsWith(" step ") && line.contains("|"))
                .findFirst().orElseThrow();
        assertTrue(header.matches(" step +time +\\| main +\\| A +\\| B +\\| \\(loop\\) *"), header);
        assertTrue(result.report().contains("| + AsyncLock granted to B"), result.report());
    }

    /** The SVG timeline is well-formed XML, draws every lane, and is the same bytes for the same schedule. */
    @Test
    void svgIsDeterministicAndWellFormed() throws Exception {
        Function<RaceRun, CompletionStage<?>> body = run -> {
            AsyncLock lock = new AsyncLock();
            EventLoop loop = run.loop();
            return Tasks.gather(loop.createTask("A", () -> TraceHelpers.holdFor(lock, 10)),
                    loop.createTask("B<&>", () -> TraceHelpers.holdFor(lock, 10)));
        };
        String svg = reportOf(body).svg();
        assertEquals(svg, reportOf(body).svg());
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getTagName());
        String text = document.getDocumentElement().getTextContent();
        assertTrue(text.contains("main") && text.contains("A") && text.contains("B<&>") && text.contains("(loop)"), svg);
    }

    /** A passing exploration has no timeline. */
    @Test
    void passingResultsHaveNoSvg() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> Tasks.sleep(Duration.ofMillis(1)));
        assertEquals(null, result.svg());
    }

    /** A race found as an {@link ExpectRace} test expects prints nothing, unless verbose output was asked for. */
    @Test
    void expectedRacesPrintNothing() throws Exception {
        ExpectRace expectation = getClass().getDeclaredMethod("expectation").getAnnotation(ExpectRace.class);
        RaceContext context = new RaceContext(RaceOptions.defaults(), null, expectation, "TraceReportTest.expectation");
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            context.run(run -> run.loop().createTask("A", () -> {
                throw new IllegalStateException("expected");
            }));
        } finally {
            System.setOut(original);
        }
        assertTrue(context.result().failed());
        String output = printed.toString(StandardCharsets.UTF_8);
        if (Boolean.getBoolean("loopsync.verbose")) {
            assertTrue(output.contains("race found as expected"), output);   // what -Dloopsync.verbose=true asks for
        } else {
            assertEquals("", output);
        }
    }

    @ExpectRace(kind = FailureKind.EXCEPTION)
    private void expectation() {
        // carries the annotation read by expectedRacesPrintNothing
    }

    /** Durations read as a person writes them. */
    @Test
    void durationsAreReadable() {
        assertEquals("10 ms", StepText.duration("PT0.01S"));
        assertEquals("0.5 ms", StepText.duration("PT0.0005S"));
        assertEquals("1.5 s", StepText.duration("PT1.5S"));
        assertEquals("120 s", StepText.duration("PT2M"));
        assertEquals("sleep 1 s then 2 ms", StepText.durations("sleep PT1S then PT0.002S"));
    }
}
