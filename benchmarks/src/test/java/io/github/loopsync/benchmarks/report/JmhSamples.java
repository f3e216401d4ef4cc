package io.github.loopsync.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/** Builds JMH results in the shape JMH 1.37 writes, for the report generator's tests. */
final class JmhSamples {

    private JmhSamples() {
    }

    /** The package of the benchmarks, as JMH names them. */
    static final String BENCH = "io.github.loopsync.benchmarks.";

    /** One result with every field the generator reads, and a few it does not. */
    static String result(String benchmark, String mode, int threads, String params, double score, Object error,
            String unit, double allocNorm) {
        return "{\"jmhVersion\": \"1.37\", \"benchmark\": \"" + benchmark + "\", \"mode\": \"" + mode + "\", \"threads\": " + threads
                + ", \"forks\": 1, \"params\": " + params + ", \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": " + error
                + ", \"scoreConfidence\": [0, 0], \"scoreUnit\": \"" + unit + "\", \"rawData\": [[1.0, 2.0]]}, "
                + "\"secondaryMetrics\": {\"\u00b7gc.alloc.rate.norm\": {\"score\": " + allocNorm + ", \"scoreError\": \"NaN\", "
                + "\"scoreUnit\": \"B/op\"}}}";
    }

    /** An average-time result in ns/op of {@code Class.method} with JMH params as JSON, its error and allocation. */
    static String avgt(String classAndMethod, String params, double ns, double error, double allocNorm) {
        return result(BENCH + classAndMethod, "avgt", 1, params, ns, error, "ns/op", allocNorm);
    }

    /** A JMH result file of the given results. */
    static String run(String... results) {
        return "[" + String.join(",\n", results) + "]";
    }

    /** A generator over JMH results alone. */
    static ReportGenerator generator(String... results) {
        return new ReportGenerator(Inputs.jmh(run(results)), null, null);
    }

    /** The first line of {@code markdown} that starts with {@code startsWith}. */
    static String line(String markdown, String startsWith) {
        return markdown.lines().filter(l -> l.startsWith(startsWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + startsWith + " in\n" + markdown));
    }

    /** The verdict cell of a scenario's summary row. */
    static String verdict(ReportGenerator generator, String scenarioTitle) {
        String row = line(generator.markdown("c", "d", "chart.svg", null), "| " + scenarioTitle + " |");
        List<String> cells = new ArrayList<>(List.of(row.split(" \\| ")));
        return cells.get(3);
    }
}
