package io.github.loopsync.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Answers the choice points of one run and records the answers. Index 0 is always the default
 * (production) answer.
 */
abstract class Chooser {

    /** The kinds of choice point. */
    enum Kind {
        /** Which ready callback runs next; labels are the callbacks' task names. */
        READY,
        /** Whether to cancel a task now; label 0 is "no", the others are task names. */
        CANCEL,
        /**
         * Which held-back external event arrives: after a step, the oldest now (label 0), none
         * yet (label 1) or a younger one (labels 2 and up); when the loop is idle, which one.
         */
        EXTERNAL,
        /** Whether the loop wakes up late for the next timer; label 0 is "on time". */
        TIMER
    }

    /** One recorded decision: how many candidates there were and which was taken. */
    static final class Decision {
        final int candidates;
        final int chosen;

        /** Whether it chose the next ready callback (the choices PCT spreads its change points over). */
        final boolean ready;

        Decision(int candidates, int chosen, boolean ready) {
            this.ready = ready;
            this.candidates = candidates;
            this.chosen = chosen;
        }
    }

    final List<Decision> decisions = new ArrayList<>();
    /** Set when a replayed schedule met a different set of candidates. */
    String divergence;

    /** Whether {@link #mix} and {@link #choose} feed the scenario fingerprint (only in detailed runs). */
    boolean fingerprinting;
    /** FNV-1a over the scenario's tasks and the candidates of its choice points. */
    private int fingerprint = 0x811c9dc5;

    /** Adds a fact about the scenario (a task created, a choice point's candidates) to its fingerprint. */
    final void mix(String fact) {
        if (!fingerprinting) {
            return;
        }
        int hash = fingerprint;
        for (int i = 0; i < fact.length(); i++) {
            hash = (hash ^ fact.charAt(i)) * 0x01000193;
        }
        fingerprint = (hash ^ '\n') * 0x01000193;
    }

    /** The fingerprint of what this run met: its tasks and the candidates at each choice point. */
    final int fingerprint() {
        return fingerprint;
    }

    /** Picks one of the candidates (at least 2) at a choice point. */
    final int choose(Kind kind, List<String> labels) {
        if (fingerprinting) {
            mix(kind.name() + labels);
        }
        int chosen = pick(decisions.size(), kind, labels);
        if (chosen < 0 || chosen >= labels.size()) {
            chosen = 0;
        }
        decisions.add(new Decision(labels.size(), chosen, kind == Kind.READY));
        return chosen;
    }

    abstract int pick(int position, Kind kind, List<String> labels);

    int deviations() {
        int count = 0;
        for (Decision decision : decisions) {
            if (decision.chosen != 0) {
                count++;
            }
        }
        return count;
    }

    int[] choices() {
        int[] all = new int[decisions.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = decisions.get(i).chosen;
        }
        return all;
    }

    /** Follows a fixed prefix of choices, then takes the defaults. */
    static final class Prefix extends Chooser {
        private final int[] prefix;
        private final int[] expectedCandidates;

        Prefix(int[] prefix, int[] expectedCandidates) {
            this.prefix = prefix;
            this.expectedCandidates = expectedCandidates;
        }

        @Override
        int pick(int position, Kind kind, List<String> labels) {
            if (position < prefix.length) {
                if (expectedCandidates != null && divergence == null && expectedCandidates[position] != labels.size()) {
                    divergence = "replay diverged at choice " + (position + 1) + ": expected " + expectedCandidates[position]
                            + " candidates, found " + labels.size() + " " + labels;
                }
                return prefix[position];
            }
            return 0;
        }
    }

    /** Seeded uniform choices. */
    static final class Uniform extends Chooser {
        private final Random random;

        Uniform(long seed) {
            this.random = new Random(seed);
        }

        @Override
        int pick(int position, Kind kind, List<String> labels) {
            if (kind == Kind.EXTERNAL) {
                return random.nextInt(3) == 0 ? 1 % labels.size() : random.nextInt(labels.size());
            }
            if (kind == Kind.TIMER) {
                return random.nextInt(4) == 0 ? 1 : 0;  // late about once in 4 wake-ups
            }
            if (kind == Kind.CANCEL) {
                // Cancel rarely (about once in 16 steps), so that runs get past the first steps.
                return random.nextInt(16) == 0 ? 1 + random.nextInt(labels.size() - 1) : 0;
            }
            return random.nextInt(labels.size());
        }
    }

    /**
     * PCT (Burckhardt et al., ASPLOS 2010): every task gets a distinct random priority and the
     * ready callback of the highest-priority task runs; at {@code depth - 1} random change points
     * the running task's priority drops below all others (the change points fall among the choices
     * of the next ready callback). Half of the runs inject a cancellation at one random point.
     */
    static final class Pct extends Chooser {
        private final Random random;
        private final Map<String, Integer> priorities = new HashMap<>();
        private final int[] changePoints;
        private final int cancelPoint;
        private int lowest;

        /** READY choices met so far: the change points are positions among them. */
        private int readyChoices;

        /**
         * A PCT chooser whose change points fall among the first {@code expectedReady} choices of
         * the next ready callback, and whose cancellation falls among the first {@code expectedChoices}.
         */
        Pct(long seed, int depth, int expectedChoices, int expectedReady) {
            this.random = new Random(seed);
            int span = Math.max(1, expectedReady);
            this.changePoints = new int[Math.max(0, depth - 1)];
            for (int i = 0; i < changePoints.length; i++) {
                changePoints[i] = random.nextInt(span);
            }
            // Half of the runs inject no cancellation: a cancelled task excuses the scenario's end checks.
            this.cancelPoint = random.nextBoolean() ? random.nextInt(Math.max(1, expectedChoices)) : -1;
        }

        private int priority(String task) {
            return priorities.computeIfAbsent(task, name -> 1_000_000 + random.nextInt(1_000_000));
        }

        @Override
        int pick(int position, Kind kind, List<String> labels) {
            if (kind == Kind.CANCEL) {
                return position == cancelPoint ? 1 + random.nextInt(labels.size() - 1) : 0;
            }
            if (kind == Kind.TIMER) {
                return random.nextInt(4) == 0 ? 1 : 0;
            }
            if (kind == Kind.EXTERNAL) {
                return random.nextInt(labels.size());
            }
            int best = 0;
            for (int i = 1; i < labels.size(); i++) {
                if (priority(labels.get(i)) > priority(labels.get(best))) {
                    best = i;
                }
            }
            for (int point : changePoints) {
                if (point == readyChoices) {
                    priorities.put(labels.get(best), --lowest);
                }
            }
            readyChoices++;
            return best;
        }
    }
}
