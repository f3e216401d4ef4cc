package io.github.loopsync.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One table of the report: a scenario, its rows (loopsync, peers, cross-thread references,
 * asyncio) and the design target for its first loopsync row. A scenario whose target or rows name
 * a row it does not have is refused when it is built.
 */
final class Scenario {

    /** What a row is, which decides its colour in the chart and whether it counts as a peer. */
    enum Role {
        LOOPSYNC("loopsync"), PEER("JVM peer"), CROSS_THREAD("cross-thread reference"), ASYNCIO("CPython asyncio");

        final String label;

        Role(String label) {
            this.label = label;
        }
    }

    /** The quantity a target bounds. */
    enum Quantity {
        NS_PER_OP, OPS_PER_SECOND, TOTAL_MILLIS, BYTES
    }

    /**
     * A row: a JMH benchmark ({@code Class.method} plus parameters), an asyncio scenario key, or a
     * footprint shape, with the parameter (if any) that divides a single-shot time into a per-element
     * one.
     */
    static final class Row {
        final String label;
        final Role role;
        final String benchmark;
        final Map<String, String> params;
        final String divisorParam;
        final String asyncioKey;
        final String footprintShape;
        /** The label of the loopsync row this row's ratio is taken against; null: the primary row. */
        final String comparedWith;

        private Row(String label, Role role, String benchmark, Map<String, String> params, String divisorParam,
                String asyncioKey, String footprintShape, String comparedWith) {
            this.label = label;
            this.role = role;
            this.benchmark = benchmark;
            this.params = params;
            this.divisorParam = divisorParam;
            this.asyncioKey = asyncioKey;
            this.footprintShape = footprintShape;
            this.comparedWith = comparedWith;
        }

        /**
         * This row with its ratio taken against another loopsync row of the table (a two-producer
         * peer against loopsync's two-producer row); such a row does not compete in the summary.
         */
        Row against(String loopsyncLabel) {
            return new Row(label, role, benchmark, params, divisorParam, asyncioKey, footprintShape, loopsyncLabel);
        }

        static Row jmh(String label, Role role, String benchmark, Map<String, String> params) {
            return new Row(label, role, benchmark, params, null, null, null, null);
        }

        /** A JMH row of a benchmark without parameters to match. */
        static Row jmh(String label, Role role, String benchmark) {
            return jmh(label, role, benchmark, Map.of());
        }

        static Row jmhPer(String label, Role role, String benchmark, String divisorParam) {
            return jmhPer(label, role, benchmark, Map.of(), divisorParam);
        }

        /** A JMH row divided by a parameter, matching the results that carry {@code params}. */
        static Row jmhPer(String label, Role role, String benchmark, Map<String, String> params, String divisorParam) {
            return new Row(label, role, benchmark, params, divisorParam, null, null, null);
        }

        static Row asyncio(String label, String key) {
            return new Row(label, Role.ASYNCIO, null, Map.of(), null, key, null, null);
        }

        static Row footprint(String label, String shape) {
            return new Row(label, Role.LOOPSYNC, null, Map.of(), null, null, shape, null);
        }
    }

    final String title;
    final String description;
    final String unitLabel;
    final Target target;
    final List<Row> rows;

    Scenario(String title, String description, String unitLabel, Target target, List<Row> rows) {
        this.title = title;
        this.description = description;
        this.unitLabel = unitLabel;
        this.target = target;
        this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
        primary();
        for (Target.Condition condition : target.conditions) {
            for (String label : condition.rowsRead()) {
                row(label);
            }
        }
        for (Row row : rows) {
            baseOf(row);
        }
    }

    /**
     * The row labelled {@code label}.
     *
     * @throws IllegalStateException if the scenario has no such row
     */
    Row row(String label) {
        return rows.stream().filter(row -> row.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalStateException("scenario " + title + ": no row " + label));
    }

    /** The row the target applies to: the first loopsync row. */
    Row primary() {
        return rows.stream().filter(row -> row.role == Role.LOOPSYNC).findFirst()
                .orElseThrow(() -> new IllegalStateException("scenario " + title + " has no loopsync row"));
    }

    /** The loopsync row that {@code row}'s ratio is taken against. */
    Row baseOf(Row row) {
        return row.comparedWith == null ? primary() : row(row.comparedWith);
    }

    /** Formats {@code value} as the target's quantity, e.g. "4.85 ns", "12.3 M/s". */
    static String format(Quantity quantity, double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        switch (quantity) {
            case NS_PER_OP:
                return number(value) + " ns";
            case OPS_PER_SECOND:
                return rate(value);
            case TOTAL_MILLIS:
                return number(value) + " ms";
            default:
                return number(value) + " B";
        }
    }

    /** Three significant figures, thousands separated: 0.131, 4.85, 91.4, 1,715. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Operations per second with a k/M/G suffix: 583 k/s, 12.3 M/s. */
    static String rate(double perSecond) {
        if (Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            return "–";
        }
        if (perSecond >= 1e9) {
            return number(perSecond / 1e9) + " G/s";
        }
        if (perSecond >= 1e6) {
            return number(perSecond / 1e6) + " M/s";
        }
        if (perSecond >= 1e3) {
            return number(perSecond / 1e3) + " k/s";
        }
        return number(perSecond) + " /s";
    }
}
