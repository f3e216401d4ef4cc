package io.github.loopsync.demos;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the outcomes of repeated runs and prints them as a table, like jcstress's: outcome, runs,
 * frequency and what the outcome means. Outcomes are printed in the order they were declared.
 */
final class Histogram {

    private final Map<String, String> meanings = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int total;

    /** Declares an outcome and what it means; declared outcomes are printed even when never seen. */
    Histogram outcome(String outcome, String meaning) {
        meanings.put(outcome, meaning);
        counts.put(outcome, 0);
        return this;
    }

    /** Counts one run. */
    void add(String outcome) {
        if (!meanings.containsKey(outcome)) {
            throw new IllegalArgumentException("outcome " + outcome + " (expected one of " + meanings.keySet() + ")");
        }
        counts.merge(outcome, 1, Integer::sum);
        total++;
    }

    int count(String outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    int total() {
        return total;
    }

    /** A number with thousands separators, as outcomes and reports print it. */
    static String grouped(int number) {
        return String.format(Locale.ROOT, "%,d", number);
    }

    /**
     * The verdict of the runs counted so far: as intended when every run had the {@code intended}
     * outcome, went wrong when any had another.
     */
    ThreadResult verdict(String intended, String report) {
        if (!meanings.containsKey(intended)) {
            throw new IllegalArgumentException("outcome " + intended + " (expected one of " + meanings.keySet() + ")");
        }
        return count(intended) < total ? ThreadResult.wentWrong(report) : ThreadResult.asIntended(report);
    }

    String format() {
        int width = Math.max("OUTCOME".length(), meanings.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder text = new StringBuilder();
        text.append(String.format("  %-" + width + "s  %5s  %7s  %s%n", "OUTCOME", "RUNS", "FREQ", "MEANING"));
        for (Map.Entry<String, String> row : meanings.entrySet()) {
            int runs = counts.get(row.getKey());
            double percent = total == 0 ? 0 : 100.0 * runs / total;
            text.append(String.format(Locale.ROOT, "  %-" + width + "s  %5d  %6.1f%%  %s%n",
                    row.getKey(), runs, percent, row.getValue()));
        }
        return text.toString();
    }
}
