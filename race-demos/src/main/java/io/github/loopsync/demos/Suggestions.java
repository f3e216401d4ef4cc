package io.github.loopsync.demos;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for a mistyped command or demo id: the closest known name, if close enough. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The known name closest to {@code typed}: one that contains it or starts the same way, or else
     * one within a third of its length in edits (at least two).
     */
    static Optional<String> closest(String typed, Collection<String> known) {
        String wanted = typed.toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> containing = known.stream()
                .filter(name -> name.contains(wanted) || (wanted.length() >= 4 && wanted.contains(name)))
                .min(Comparator.comparingInt(String::length));
        if (containing.isPresent()) {
            return containing;
        }
        int allowed = Math.max(2, wanted.length() / 3);
        return known.stream()
                .filter(name -> distance(wanted, name) <= allowed)
                .min(Comparator.comparingInt((String name) -> distance(wanted, name)).thenComparing(Comparator.naturalOrder()));
    }

    /** The text to append to an error: {@code "; did you mean X?"}, or nothing. */
    static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(name -> "; did you mean " + name + "?").orElse("");
    }

    /** Edit distance (insertions, deletions, substitutions). */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
