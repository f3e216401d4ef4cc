package io.github.loopsync.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured figures of one table row, normalised: nanoseconds per operation, operations per
 * second, relative error, bytes per operation and, for single-shot rows, the total time. Any of
 * them may be NaN when the source does not say.
 */
final class Figures {

    final double nsPerOp;
    final double opsPerSecond;
    /** JMH's 99.9% confidence half-width over the score, or the asyncio script's spread. */
    final double relativeError;
    final double bytesPerOp;
    final double totalMillis;

    Figures(double nsPerOp, double opsPerSecond, double relativeError, double bytesPerOp, double totalMillis) {
        this.nsPerOp = nsPerOp;
        this.opsPerSecond = opsPerSecond;
        this.relativeError = relativeError;
        this.bytesPerOp = bytesPerOp;
        this.totalMillis = totalMillis;
    }

    /** One result of a JMH {@code -rf json} file. */
    static final class JmhRow {
        final String benchmark;
        final Map<String, String> params;
        final String mode;
        final int threads;
        final double score;
        final double scoreError;
        final String unit;
        final double allocatedBytesPerOp;

        JmhRow(String benchmark, Map<String, String> params, String mode, int threads, double score, double scoreError,
                String unit, double allocatedBytesPerOp) {
            this.benchmark = benchmark;
            this.params = params;
            this.mode = mode;
            this.threads = threads;
            this.score = score;
            this.scoreError = scoreError;
            this.unit = unit;
            this.allocatedBytesPerOp = allocatedBytesPerOp;
        }

        /**
         * Normalises the score. A time per operation is divided by {@code divisor} (single-shot rows
         * that time a whole batch report per element); a throughput is taken as it is.
         */
        Figures figures(double divisor) {
            double relative = scoreError / score;
            double bytes = allocatedBytesPerOp / divisor;
            if (mode.equals("thrpt")) {
                double perSecond = score * perSecond(unit);
                return new Figures(1e9 / perSecond, perSecond, relative, bytes, Double.NaN);
            }
            double totalNs = score * nanosPer(unit);
            double ns = totalNs / divisor;
            double total = mode.equals("ss") ? totalNs / 1e6 : Double.NaN;
            return new Figures(ns, threads * 1e9 / ns, relative, bytes, total);
        }

        private static double nanosPer(String unit) {
            switch (unit) {
                case "ns/op":
                    return 1;
                case "us/op":
                    return 1e3;
                case "ms/op":
                    return 1e6;
                case "s/op":
                    return 1e9;
                default:
                    throw new IllegalArgumentException("unit: " + unit + " (expected: ns/op, us/op, ms/op or s/op)");
            }
        }

        private static double perSecond(String unit) {
            switch (unit) {
                case "ops/s":
                    return 1;
                case "ops/ms":
                    return 1e3;
                case "ops/us":
                    return 1e6;
                case "ops/ns":
                    return 1e9;
                default:
                    throw new IllegalArgumentException("unit: " + unit + " (expected: ops/s, ops/ms, ops/us or ops/ns)");
            }
        }
    }

    /**
     * Normalises JMH's results into rows.
     *
     * @param results JMH's results, as {@link Inputs#jmh} read them
     * @return one row per result; the benchmark is named {@code Class.method}
     */
    static List<JmhRow> jmhRows(List<Inputs.JmhResult> results) {
        List<JmhRow> rows = new ArrayList<>();
        for (Inputs.JmhResult result : results) {
            String full = result.benchmark();
            int method = full.lastIndexOf('.');
            int type = full.lastIndexOf('.', method - 1);
            Map<String, String> params = new TreeMap<>();
            if (result.params() != null) {
                params.putAll(result.params());
            }
            double alloc = Double.NaN;
            if (result.secondaryMetrics() != null) {
                for (Map.Entry<String, Inputs.Metric> secondary : result.secondaryMetrics().entrySet()) {
                    // JMH 1.37 prefixes the profilers' metrics with a middle dot: "·gc.alloc.rate.norm".
                    if (secondary.getKey().replace("\u00b7", "").equals("gc.alloc.rate.norm")) {
                        alloc = secondary.getValue().score();
                    }
                }
            }
            Inputs.Metric primary = result.primaryMetric();
            rows.add(new JmhRow(full.substring(type + 1), params, result.mode(),
                    result.threads() == null ? 1 : result.threads(), primary.score(),
                    Inputs.orNaN(primary.scoreError()), primary.scoreUnit(), alloc));
        }
        return rows;
    }
}
