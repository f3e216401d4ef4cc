package io.github.loopsync.benchmarks.report;

import io.github.loopsync.benchmarks.report.Scenario.Quantity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A design target of one scenario, judged against the figures of the same run: a list of
 * conditions on the scenario's primary (first loopsync) row, each an absolute bound, a comparison
 * with a named peer row of the table, an allocation bound, or a bound on another row's time as a
 * multiple of the primary row's. The target is met when every condition is; the verdict names
 * every condition missed, or every figure the run lacks.
 */
final class Target {

    /** How one condition came out. */
    enum Outcome {
        MET, MISSED, NOT_MEASURED
    }

    /** One condition's outcome and the words that explain it (empty when a plain "met" says all). */
    static final class Judgement {
        final Outcome outcome;
        final String detail;

        Judgement(Outcome outcome, String detail) {
            this.outcome = outcome;
            this.detail = detail;
        }
    }

    /** One condition, judged against the run: the primary row's figures and a lookup of rows by label. */
    interface Condition {
        Judgement judge(Figures primary, Function<String, Figures> rowByLabel);

        /** The labels of the other rows this condition reads (checked to exist in the scenario). */
        List<String> rowsRead();
    }

    /** The quantity the summary shows for the primary row. */
    final Quantity quantity;
    /** The target as the report states it. */
    final String text;
    final List<Condition> conditions;

    private Target(Quantity quantity, String text, List<Condition> conditions) {
        this.quantity = quantity;
        this.text = text;
        this.conditions = Collections.unmodifiableList(new ArrayList<>(conditions));
    }

    /**
     * A target shown as {@code quantity}, with no condition yet.
     *
     * @param quantity what the summary shows for the primary row
     * @param text the target in words
     * @return the target
     */
    static Target of(Quantity quantity, String text) {
        return new Target(quantity, text, List.of());
    }

    private Target and(Condition condition) {
        List<Condition> all = new ArrayList<>(conditions);
        all.add(condition);
        return new Target(quantity, text, all);
    }

    /** The primary row's figure of {@code quantity} at most {@code bound}. */
    Target atMost(double bound) {
        return and(new Bound(quantity, true, bound, null, null));
    }

    /** The primary row's figure of {@code quantity} at least {@code bound}. */
    Target atLeast(double bound) {
        return and(new Bound(quantity, false, bound, null, null));
    }

    /**
     * The primary row faster (less time per operation) than the row labelled {@code peer}. A lead
     * inside the two rows' confidence intervals misses when {@code beyondError} is asked, and is
     * said to be inside the error otherwise.
     */
    Target fasterThan(String peer, boolean beyondError) {
        return and(new FasterThan(peer, beyondError));
    }

    /** The primary row allocating less than {@code bytes} per operation (JMH's gc.alloc.rate.norm). */
    Target allocatingUnder(double bytes) {
        return and(new AllocatingUnder(bytes));
    }

    /**
     * The row labelled {@code row}, another loopsync row, at most {@code bound} of the target's
     * quantity as well; {@code name} names it in the verdict, which always shows its figure.
     */
    Target rowAtMost(String row, String name, double bound) {
        return and(new Bound(quantity, true, bound, row, name));
    }

    /**
     * The row labelled {@code row} taking at most {@code factor} times the primary row's time per
     * operation; {@code name} names it in the verdict, which always shows the ratio.
     */
    Target rowWithin(String row, String name, double factor) {
        return and(new RowWithin(row, name, factor));
    }

    /**
     * The verdict: "met" (with the ratios and remarks of the conditions, in brackets, if any),
     * "missed: " and every condition missed, or "not measured" and the figures the run lacks.
     *
     * @param primary the primary row's figures
     * @param rowByLabel the figures of a row of the same scenario, by label
     * @return the verdict
     */
    String verdict(Figures primary, Function<String, Figures> rowByLabel) {
        List<String> met = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (Condition condition : conditions) {
            Judgement judgement = condition.judge(primary, rowByLabel);
            List<String> into = judgement.outcome == Outcome.MET ? met : judgement.outcome == Outcome.MISSED ? missed : absent;
            if (!judgement.detail.isEmpty()) {
                into.add(judgement.detail);
            }
        }
        if (!missed.isEmpty()) {
            return "missed: " + String.join("; ", missed);
        }
        if (!absent.isEmpty()) {
            return "not measured (" + String.join("; ", absent) + ")";
        }
        return met.isEmpty() ? "met" : "met (" + String.join("; ", met) + ")";
    }

    /** Whether two times' confidence intervals overlap (an unknown error counts as zero). */
    static boolean overlap(Figures fast, Figures slow) {
        double fastError = Double.isNaN(fast.relativeError) ? 0 : fast.relativeError;
        double slowError = Double.isNaN(slow.relativeError) ? 0 : slow.relativeError;
        return fast.nsPerOp * (1 + fastError) >= slow.nsPerOp * (1 - slowError);
    }

    static double value(Figures figures, Quantity quantity) {
        switch (quantity) {
            case NS_PER_OP:
                return figures.nsPerOp;
            case OPS_PER_SECOND:
                return figures.opsPerSecond;
            case TOTAL_MILLIS:
                return figures.totalMillis;
            default:
                return figures.bytesPerOp;
        }
    }

    /** A figure at most (or at least) a bound: the primary row's, or the named row's if any. */
    private static final class Bound implements Condition {
        private final Quantity quantity;
        private final boolean atMost;
        private final double bound;
        private final String row;
        private final String name;

        Bound(Quantity quantity, boolean atMost, double bound, String row, String name) {
            this.quantity = quantity;
            this.atMost = atMost;
            this.bound = bound;
            this.row = row;
            this.name = name;
        }

        @Override
        public Judgement judge(Figures primary, Function<String, Figures> rowByLabel) {
            double value = value(row == null ? primary : rowByLabel.apply(row), quantity);
            if (Double.isNaN(value)) {
                return new Judgement(Outcome.NOT_MEASURED, row == null ? "no loopsync figure" : name + " not in this run");
            }
            String shown = (row == null ? "" : name + " ") + Scenario.format(quantity, value);
            if (atMost ? value <= bound : value >= bound) {
                return new Judgement(Outcome.MET, row == null ? "" : shown);
            }
            return new Judgement(Outcome.MISSED, shown + (atMost ? " > " : " < ") + Scenario.format(quantity, bound));
        }

        @Override
        public List<String> rowsRead() {
            return row == null ? List.of() : List.of(row);
        }
    }

    private static final class FasterThan implements Condition {
        private final String peer;
        private final boolean beyondError;

        FasterThan(String peer, boolean beyondError) {
            this.peer = peer;
            this.beyondError = beyondError;
        }

        @Override
        public Judgement judge(Figures primary, Function<String, Figures> rowByLabel) {
            Figures other = rowByLabel.apply(peer);
            if (Double.isNaN(primary.nsPerOp) || Double.isNaN(other.nsPerOp)) {
                return new Judgement(Outcome.NOT_MEASURED, (Double.isNaN(other.nsPerOp) ? peer : "loopsync") + " not in this run");
            }
            String ratio = ReportGenerator.ratio(other.nsPerOp, primary.nsPerOp);
            if (!(primary.nsPerOp < other.nsPerOp)) {
                return new Judgement(Outcome.MISSED, "not faster than " + peer + " (" + ratio + ")");
            }
            if (overlap(primary, other)) {
                return beyondError
                        ? new Judgement(Outcome.MISSED, "ahead of " + peer + " (" + ratio + ") only within the error")
                        : new Judgement(Outcome.MET, "ahead of " + peer + " (" + ratio + ") only within the error");
            }
            return new Judgement(Outcome.MET, "");
        }

        @Override
        public List<String> rowsRead() {
            return List.of(peer);
        }
    }

    private static final class AllocatingUnder implements Condition {
        private final double bytes;

        AllocatingUnder(double bytes) {
            this.bytes = bytes;
        }

        @Override
        public Judgement judge(Figures primary, Function<String, Figures> rowByLabel) {
            if (Double.isNaN(primary.bytesPerOp)) {
                return new Judgement(Outcome.NOT_MEASURED, "no allocation figure (run with -prof gc)");
            }
            if (primary.bytesPerOp < bytes) {
                return new Judgement(Outcome.MET, "");
            }
            return new Judgement(Outcome.MISSED, "allocates " + Scenario.format(Quantity.BYTES, primary.bytesPerOp)
                    + " per operation");
        }

        @Override
        public List<String> rowsRead() {
            return List.of();
        }
    }

    private static final class RowWithin implements Condition {
        private final String row;
        private final String name;
        private final double factor;

        RowWithin(String row, String name, double factor) {
            this.row = row;
            this.name = name;
            this.factor = factor;
        }

        @Override
        public Judgement judge(Figures primary, Function<String, Figures> rowByLabel) {
            Figures other = rowByLabel.apply(row);
            if (Double.isNaN(primary.nsPerOp) || Double.isNaN(other.nsPerOp)) {
                return new Judgement(Outcome.NOT_MEASURED, (Double.isNaN(other.nsPerOp) ? name : "the base row") + " not in this run");
            }
            String shown = name + " " + ReportGenerator.ratio(other.nsPerOp, primary.nsPerOp);
            if (other.nsPerOp <= factor * primary.nsPerOp) {
                return new Judgement(Outcome.MET, shown);
            }
            return new Judgement(Outcome.MISSED, shown + " > " + Scenario.number(factor) + "×");
        }

        @Override
        public List<String> rowsRead() {
            return List.of(row);
        }
    }
}
