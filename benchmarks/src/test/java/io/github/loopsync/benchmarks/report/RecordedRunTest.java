package io.github.loopsync.benchmarks.report;

import static io.github.loopsync.benchmarks.report.JmhSamples.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.benchmarks.HarnessBenchmark;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The report generator over a whole run recorded from {@code benchmarks/report.sh --quick}
 * (src/test/resources/report: JMH's results, trimmed to the fields a result file has besides its
 * raw samples, and the asyncio and footprint files as written). Quick-mode figures are
 * meaningless, which makes them a good test: most targets are missed, and the report must say so.
 */
class RecordedRunTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = RecordedRunTest.class.getResourceAsStream("/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ReportGenerator recorded() throws IOException {
        return new ReportGenerator(Inputs.jmh(resource("quick-run-jmh.json")), Inputs.asyncio(resource("quick-run-asyncio.json")),
                Inputs.footprint(resource("quick-run-footprint.json")));
    }

    /** Every scenario of the report gets a verdict from the recorded run: none lacks a figure it needs. */
    @Test
    void everyScenarioIsJudged() throws IOException {
        String md = recorded().markdown("benchmarks/report.sh --quick", "2026-12-03", "chart.svg", null);
        for (Scenario scenario : Scenarios.all()) {
            String verdict = line(md, "| " + scenario.title + " |").split(" \\| ")[3];
            assertTrue(verdict.equals("met") || verdict.startsWith("met (") || verdict.startsWith("missed: "),
                    scenario.title + ": " + verdict);
        }
    }

    /**
     * The recorded run's verdicts name every part of a target it missed, with the figures, and
     * show the hosted ratios when met.
     */
    @Test
    void verdictsNameWhatTheRunMissed() throws IOException {
        ReportGenerator run = recorded();
        assertEquals("missed: 3,105 ns > 30.0 ns; not faster than IBM async-util `FairAsyncLock`, 100 tasks (run queue) (0.114×); "
                + "not faster than kotlinx `Mutex`, 100 coroutines (one-thread dispatcher) (0.840×)",
                JmhSamples.verdict(run, "Lock hand-off under contention"));
        assertEquals("missed: not faster than j.u.c `ReentrantLock` (0.724×)", JmhSamples.verdict(run, "Uncontended acquire + release"));
        assertEquals("missed: executor 3.36× > 1.50×", JmhSamples.verdict(run, "Hosted loop: lock hand-off"));
        assertEquals("met (executor 0.898×; Netty 1.44×)", JmhSamples.verdict(run, "Hosted loop: queue ping-pong"));
        assertEquals("missed: 104 B > 100 B", JmhSamples.verdict(run, "Bytes per parked waiter"));
        assertEquals("missed: 13.0 k/s < 50.0 k/s", JmhSamples.verdict(run, "Harness throughput"));
    }

    /** Every result of the recorded run is shown in some table. */
    @Test
    void everyResultIsInATable() throws IOException {
        assertEquals(List.of(), recorded().unplacedResults());
    }

    /** Every {@code @Benchmark} method of the suite has a row in some table, so a new benchmark cannot go unreported. */
    @Test
    void everyBenchmarkOfTheSuiteHasARow() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(HarnessBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packageName = HarnessBenchmark.class.getPackageName();
        Path packageDir = classes.resolve(packageName.replace('.', '/'));
        List<String> classNames;
        try (Stream<Path> files = Files.list(packageDir)) {
            classNames = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length())).collect(Collectors.toList());
        }
        Set<String> benchmarks = new TreeSet<>();
        for (String className : classNames) {
            for (Method method : Class.forName(packageName + "." + className).getDeclaredMethods()) {
                if (method.isAnnotationPresent(Benchmark.class)) {
                    benchmarks.add(className + "." + method.getName());
                }
            }
        }
        assertTrue(benchmarks.contains("HarnessBenchmark.exploreThreeTaskLock"), "found only " + benchmarks);
        Set<String> shown = new TreeSet<>();
        for (Scenario scenario : Scenarios.all()) {
            scenario.rows.stream().filter(row -> row.benchmark != null).forEach(row -> shown.add(row.benchmark));
        }
        List<String> missing = new ArrayList<>(benchmarks);
        missing.removeAll(shown);
        assertEquals(List.of(), missing, "benchmarks with no row in Scenarios");
        List<String> unknown = new ArrayList<>(shown);
        unknown.removeAll(benchmarks);
        assertEquals(List.of(), unknown, "rows naming no benchmark of the suite");
    }
}
