package io.github.loopsync.benchmarks.report;

import io.github.loopsync.benchmarks.report.Figures.JmhRow;
import io.github.loopsync.benchmarks.report.Inputs.AsyncioResult;
import io.github.loopsync.benchmarks.report.Inputs.AsyncioRun;
import io.github.loopsync.benchmarks.report.Inputs.FootprintMeasurement;
import io.github.loopsync.benchmarks.report.Inputs.FootprintRun;
import io.github.loopsync.benchmarks.report.Inputs.JmhResult;
import io.github.loopsync.benchmarks.report.Scenario.Quantity;
import io.github.loopsync.benchmarks.report.Scenario.Role;
import io.github.loopsync.benchmarks.report.Scenario.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one run of the suite into {@code report.md} (tables with every row's time, throughput,
 * error, allocation and ratio to loopsync, and each target's verdict) and {@code chart.svg}.
 *
 * <p>Inputs: JMH's {@code -rf json} file, the asyncio script's JSON and {@code WaiterFootprint}'s
 * JSON; the last two are optional (their rows then read "not measured"). A note, if given, is
 * quoted under the title (for example, that the run was made on a busy machine). Usage:
 * <pre>{@code
 * java -cp benchmarks.jar io.github.loopsync.benchmarks.report.ReportGenerator \
 *     --jmh jmh.json [--asyncio asyncio.json] [--footprint footprint.json] \
 *     --out docs/performance [--command "benchmarks/report.sh"] [--date 2026-11-22] [--note "text"]
 * }</pre>
 */
public final class ReportGenerator {

    /** A row of a scenario with the figures found for it (absent: all NaN) and a note. */
    static final class Resolved {
        final Row row;
        final Figures figures;
        final String note;

        Resolved(Row row, Figures figures, String note) {
            this.row = row;
            this.figures = figures;
            this.note = note;
        }

        double value(Quantity quantity) {
            return Target.value(figures, quantity);
        }

        /** The figure ratios compare: time per operation, or bytes for a footprint table. */
        double comparable(Scenario scenario) {
            return scenario.target.quantity == Quantity.BYTES ? figures.bytesPerOp : figures.nsPerOp;
        }
    }

    private static final Figures ABSENT = new Figures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    private final List<JmhRow> jmh;
    private final Map<String, AsyncioResult> asyncio = new LinkedHashMap<>();
    private final Map<String, FootprintMeasurement> footprint = new LinkedHashMap<>();
    private final AsyncioRun asyncioRun;
    private final FootprintRun footprintRun;
    /** The JMH results that some row of a table shows. */
    private final Set<JmhRow> placed = new HashSet<>();
    /** Every scenario of the report, in order, with its rows resolved against the inputs. */
    private final Map<Scenario, List<Resolved>> scenarios = new LinkedHashMap<>();

    /**
     * Creates a generator over parsed inputs.
     *
     * @param jmhResults JMH's results
     * @param asyncioRun the asyncio script's run, or {@code null}
     * @param footprintRun WaiterFootprint's run, or {@code null}
     */
    ReportGenerator(List<JmhResult> jmhResults, AsyncioRun asyncioRun, FootprintRun footprintRun) {
        this.jmh = Figures.jmhRows(jmhResults);
        this.asyncioRun = asyncioRun == null ? new AsyncioRun(null, null, null, List.of()) : asyncioRun;
        this.footprintRun = footprintRun == null ? new FootprintRun(null, List.of()) : footprintRun;
        if (this.asyncioRun.results() != null) {
            this.asyncioRun.results().forEach(result -> asyncio.put(result.scenario(), result));
        }
        if (this.footprintRun.measurements() != null) {
            this.footprintRun.measurements().forEach(measurement -> footprint.put(measurement.shape(), measurement));
        }
        for (Scenario scenario : Scenarios.all()) {
            scenarios.put(scenario, resolveAll(scenario));
        }
    }

    /**
     * Runs the generator.
     *
     * @param args see the class description
     * @throws IOException if an input cannot be read or an output written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("argument " + args[i] + " (expected: --name value pairs; see the class Javadoc)");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        if (!options.containsKey("jmh") || !options.containsKey("out")) {
            throw new IllegalArgumentException("--jmh and --out are required, found " + options.keySet());
        }
        String asyncioFile = readOptional(options.get("asyncio"));
        String footprintFile = readOptional(options.get("footprint"));
        ReportGenerator generator = new ReportGenerator(Inputs.jmh(read(options.get("jmh"))),
                asyncioFile == null ? null : Inputs.asyncio(asyncioFile),
                footprintFile == null ? null : Inputs.footprint(footprintFile));
        String date = options.getOrDefault("date", LocalDate.now(ZoneOffset.UTC).toString());
        String command = options.getOrDefault("command", "benchmarks/report.sh");
        Path out = Path.of(options.get("out"));
        Files.createDirectories(out);
        String markdown = generator.markdown(command, date, "chart.svg", options.get("note"));
        Files.writeString(out.resolve("report.md"), markdown, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("chart.svg"), generator.chart(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.resolve("report.md") + " and " + out.resolve("chart.svg"));
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    private static String readOptional(String file) throws IOException {
        return file == null || !Files.exists(Path.of(file)) ? null : read(file);
    }

    /** Finds the figures of one row of {@code scenario} in the inputs. */
    Resolved resolve(Scenario scenario, Row row) {
        if (row.benchmark != null) {
            for (JmhRow result : jmh) {
                if (result.benchmark.equals(row.benchmark) && result.params.entrySet().containsAll(row.params.entrySet())) {
                    placed.add(result);
                    double divisor = row.divisorParam == null ? 1 : Double.parseDouble(result.params.get(row.divisorParam));
                    String note = row.divisorParam == null ? "" : row.divisorParam + " = " + Scenario.number(divisor);
                    return new Resolved(row, result.figures(divisor), note);
                }
            }
            return new Resolved(row, ABSENT, "not in this run");
        }
        if (row.footprintShape != null) {
            FootprintMeasurement entry = footprint.get(row.footprintShape);
            if (entry == null) {
                return new Resolved(row, ABSENT, "not in this run");
            }
            return new Resolved(row, new Figures(Double.NaN, Double.NaN, Double.NaN, entry.retainedBytesPerWaiter(),
                    Double.NaN), String.format(Locale.ROOT, "%,d waiters; allocated %s B each while parking",
                    entry.waiters(), Scenario.number(Inputs.orNaN(entry.allocatedBytesPerWaiter()))));
        }
        AsyncioResult entry = asyncio.get(row.asyncioKey);
        if (entry == null) {
            return new Resolved(row, ABSENT, "not in this run");
        }
        if (entry.bytesMeasuredWith() != null && scenario.target.quantity == Quantity.BYTES) {
            return new Resolved(row, new Figures(Double.NaN, Double.NaN, Double.NaN, Inputs.orNaN(entry.bytesPerWaiter()),
                    Double.NaN), entry.bytesMeasuredWith());
        }
        String note = String.format(Locale.ROOT, "%s; %,d operations × %d rounds, spread %s%%", entry.note(),
                entry.count() == null ? 0 : entry.count(), entry.rounds() == null ? 0 : entry.rounds(),
                Scenario.number(100 * Inputs.orNaN(entry.spread())));
        return new Resolved(row, new Figures(Inputs.orNaN(entry.nsPerOp()), Inputs.orNaN(entry.opsPerSecond()),
                Inputs.orNaN(entry.spread()), Inputs.orNaN(entry.bytesPerWaiter()), Inputs.orNaN(entry.totalMillis())), note);
    }

    private List<Resolved> resolveAll(Scenario scenario) {
        List<Resolved> resolved = new ArrayList<>();
        for (Row row : scenario.rows) {
            resolved.add(resolve(scenario, row));
        }
        return resolved;
    }

    /**
     * The Markdown report.
     *
     * @param command the command that produced the inputs, quoted in the header
     * @param date the date of the run
     * @param chartFile the chart's file name, relative to the report
     * @param note a remark quoted under the title, or {@code null}
     * @return the report
     */
    String markdown(String command, String date, String chartFile, String note) {
        StringBuilder md = new StringBuilder("# Benchmark report\n\n");
        if (note != null && !note.isBlank()) {
            md.append("> ").append(note.strip()).append("\n\n");
        }
        md.append("Generated by `ReportGenerator` (benchmarks module) from one run of `").append(command).append("` on ")
                .append(date).append(". ").append(runDescription()).append(" Every figure below comes from that run; ")
                .append("compare rows within one table only.\n\n");
        md.append("![Time per operation, log scale](").append(chartFile).append(")\n\n");
        md.append("## Summary against the design targets\n\n");
        md.append("| scenario | loopsync | target | verdict | fastest JVM peer | peer ÷ loopsync | asyncio | asyncio ÷ loopsync |\n");
        md.append("|---|---:|---|---|---|---:|---:|---:|\n");
        scenarios.forEach((scenario, rows) -> summaryRow(md, scenario, rows));
        md.append("\nA ratio above 1 means loopsync is faster (or smaller) by that factor. Ratios compare time per ")
                .append("operation (bytes for the footprint row; in brackets where the target is a total or a rate). ")
                .append("Cross-thread references are not counted as peers. A row is compared with the first loopsync row of ")
                .append("its table unless its notes name another (the like-for-like loopsync row), in this summary too. ")
                .append("In the hosted-loop tables, the loopsync row is the loop on its own thread, so a host's ratio is its ")
                .append("time over the native loop's.\n\n")
                .append("A verdict is computed from this run alone: \"met\" when every part of the target holds (in brackets, ")
                .append("the ratios a target bounds and any lead that is inside the two rows' 99.9% confidence intervals), ")
                .append("\"missed:\" followed by every part that does not, \"not measured\" when a figure it needs is not in ")
                .append("the run. \"Beyond the error\" means the two confidence intervals do not overlap.\n");
        scenarios.forEach((scenario, rows) -> detail(md, scenario, rows));
        List<String> unplaced = unplacedResults();
        if (!unplaced.isEmpty()) {
            md.append("\n## Results in no table\n\nThis run has results that no table of the report shows; the ")
                    .append("report generator's `Scenarios` does not know them yet:\n\n");
            unplaced.forEach(result -> md.append("- `").append(result).append("`\n"));
        }
        return md.toString();
    }

    /**
     * The JMH results of the run that no row of any table shows, as {@code Class.method} and their
     * parameters.
     *
     * @return the results, in the run's order
     */
    List<String> unplacedResults() {
        List<String> unplaced = new ArrayList<>();
        for (JmhRow result : jmh) {
            if (!placed.contains(result)) {
                unplaced.add(result.benchmark + (result.params.isEmpty() ? "" : " " + result.params));
            }
        }
        return unplaced;
    }

    private String runDescription() {
        StringBuilder text = new StringBuilder();
        if (!jmh.isEmpty()) {
            text.append(String.format(Locale.ROOT, "JMH: %d results", jmh.size()));
        }
        if (footprintRun.jvm() != null) {
            text.append(", JVM ").append(footprintRun.jvm());
        }
        if (asyncioRun.python() != null) {
            text.append(String.format(Locale.ROOT, "; %s %s, %s mode", asyncioRun.implementation(), asyncioRun.python(),
                    asyncioRun.mode()));
        }
        return text.append('.').toString();
    }

    private void summaryRow(StringBuilder md, Scenario scenario, List<Resolved> rows) {
        Resolved primary = rows.get(scenario.rows.indexOf(scenario.primary()));
        Quantity quantity = scenario.target.quantity;
        double value = primary.value(quantity);
        Resolved fastestPeer = null;
        Resolved asyncioRow = null;
        for (Resolved row : rows) {
            if (row.row.role == Role.PEER && row.row.comparedWith == null && !Double.isNaN(row.comparable(scenario))
                    && (fastestPeer == null || row.comparable(scenario) < fastestPeer.comparable(scenario))) {
                fastestPeer = row;
            }
            if (row.row.role == Role.ASYNCIO && asyncioRow == null) {
                asyncioRow = row;
            }
        }
        double base = primary.comparable(scenario);
        String shownValue = Scenario.format(quantity, value);
        if ((quantity == Quantity.TOTAL_MILLIS || quantity == Quantity.OPS_PER_SECOND) && !Double.isNaN(base)) {
            shownValue += " (" + Scenario.format(Quantity.NS_PER_OP, base) + ")";
        }
        String verdict = scenario.target.verdict(primary.figures,
                label -> rows.get(scenario.rows.indexOf(scenario.row(label))).figures);
        md.append("| ").append(scenario.title).append(" | ").append(shownValue).append(" | ")
                .append(scenario.target.text).append(" | ").append(verdict).append(" | ")
                .append(fastestPeer == null ? "–" : fastestPeer.row.label + " " + shown(scenario, fastestPeer)).append(" | ")
                .append(fastestPeer == null ? "–" : ratio(fastestPeer.comparable(scenario), base)).append(" | ")
                .append(asyncioRow == null ? "–" : shown(scenario, asyncioRow)).append(" | ")
                .append(asyncioRow == null ? "–" : ratio(asyncioRow.comparable(scenario), baseOf(scenario, rows, asyncioRow)))
                .append(" |\n");
    }

    /** The comparable figure of the loopsync row that {@code row} is compared with. */
    private static double baseOf(Scenario scenario, List<Resolved> rows, Resolved row) {
        return rows.get(scenario.rows.indexOf(scenario.baseOf(row.row))).comparable(scenario);
    }

    private static String shown(Scenario scenario, Resolved row) {
        Quantity compared = scenario.target.quantity == Quantity.BYTES ? Quantity.BYTES : Quantity.NS_PER_OP;
        return Scenario.format(compared, row.comparable(scenario));
    }

    static String ratio(double other, double loopsync) {
        if (Double.isNaN(other) || Double.isNaN(loopsync) || loopsync <= 0) {
            return "–";
        }
        return Scenario.number(other / loopsync) + "×";
    }

    private void detail(StringBuilder md, Scenario scenario, List<Resolved> rows) {
        md.append("\n## ").append(scenario.title).append("\n\n").append(scenario.description).append(' ')
                .append("Target: ").append(scenario.target.text).append(".\n\n");
        boolean bytes = scenario.target.quantity == Quantity.BYTES;
        boolean totals = rows.stream().anyMatch(row -> !Double.isNaN(row.figures.totalMillis));
        if (bytes) {
            md.append("| implementation | kind | bytes per waiter | ÷ loopsync | notes |\n|---|---|---:|---:|---|\n");
        } else {
            md.append("| implementation | kind | ").append(scenario.unitLabel).append(" | ± | ops/s | B/op |")
                    .append(totals ? " total |" : "").append(" ÷ loopsync | notes |\n|---|---|---:|---:|---:|---:|")
                    .append(totals ? "---:|" : "").append("---:|---|\n");
        }
        for (Resolved row : rows) {
            Figures f = row.figures;
            md.append("| ").append(row.row.label).append(" | ").append(row.row.role.label).append(" | ");
            String note = row.row.comparedWith == null ? row.note
                    : "ratio against " + row.row.comparedWith + (row.note.isEmpty() ? "" : "; " + row.note);
            if (bytes) {
                md.append(Scenario.number(f.bytesPerOp)).append(" | ");
            } else {
                md.append(Scenario.number(f.nsPerOp)).append(" | ").append(percent(f.relativeError)).append(" | ")
                        .append(Scenario.rate(f.opsPerSecond)).append(" | ").append(Scenario.number(f.bytesPerOp)).append(" | ");
                if (totals) {
                    md.append(Scenario.format(Quantity.TOTAL_MILLIS, f.totalMillis)).append(" | ");
                }
            }
            double base = baseOf(scenario, rows, row);
            md.append(ratio(row.comparable(scenario), base)).append(" | ").append(note).append(" |\n");
        }
    }

    private static String percent(double relative) {
        return Double.isNaN(relative) ? "–" : Scenario.number(100 * relative) + "%";
    }

    /**
     * The chart of every timed row (the footprint table is left out: it is not a time).
     *
     * @return the SVG document
     */
    String chart() {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Map.Entry<Scenario, List<Resolved>> entry : scenarios.entrySet()) {
            Scenario scenario = entry.getKey();
            if (scenario.target.quantity == Quantity.BYTES) {
                continue;
            }
            for (Resolved row : entry.getValue()) {
                if (row.figures.nsPerOp > 0) {
                    bars.add(new BarChart.Bar(scenario.title + " (" + scenario.unitLabel + ")", row.row.label, row.row.role,
                            row.figures.nsPerOp));
                }
            }
        }
        return BarChart.render("loopsync benchmarks: time per operation", bars);
    }
}
