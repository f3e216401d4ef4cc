package io.github.loopsync.harness;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs the search: the FIFO schedule first, then the strategy's schedules; shrinks the first
 * failure, checks that it replays identically, and writes the report.
 */
final class Explorer {

    /** The most runs one shrinking may take: far more than a locally minimal schedule needs. */
    private static final int SHRINK_RUNS = 20_000;

    private final Function<RaceRun, ? extends CompletionStage<?>> body;
    private final RaceOptions options;
    /** The test tokens are recorded on. */
    private final String test;
    private final long started = System.nanoTime();
    private int schedules;
    /** Every schedule was tried. */
    private boolean complete;
    /** Every schedule with at most this many deviations was tried; -1 when no bound was finished. */
    private int exhaustedBound = -1;
    /** The depth-first search skipped a schedule because it needed more deviations than its bound. */
    private boolean boundCut;
    /** Schedules run by the sampling strategies. */
    private int sampled;

    Explorer(Function<RaceRun, ? extends CompletionStage<?>> body, RaceOptions options, String test) {
        this.body = body;
        this.options = options;
        this.test = test;
    }

    RaceResult explore() {
        ControlledRun fifo = run(new Chooser.Prefix(new int[0], null));
        if (fifo.failure != null) {
            return failed(fifo);
        }
        exhaustedBound = 0;
        if (fifo.chooser.decisions.isEmpty()) {
            complete = true;                            // no choice point: the one schedule is all there is
            return passed();
        }
        int budget = options.maxSchedules();
        ControlledRun failing;
        switch (options.strategy()) {
            case FIFO:
                failing = null;
                break;
            case RANDOM:
                failing = sample(budget, Chooser.Uniform::new);
                break;
            case PCT:
                failing = sample(budget, pct(fifo, 3));
                break;
            case DELAY_BOUNDED:
                failing = deepen(budget / 2);
                if (failing == null && !complete) {
                    failing = sample(budget, mixed(fifo));
                }
                break;
            case PORTFOLIO:
                failing = deepen(budget / 2);
                if (failing == null && !complete) {
                    failing = sample(budget * 3 / 4, pct(fifo, 3));
                }
                if (failing == null && !complete) {
                    failing = sample(budget, Chooser.Uniform::new);
                }
                break;
            default:
                failing = depthFirst(Integer.MAX_VALUE, budget);
                break;
        }
        if (failing != null) {
            complete = false;                           // the search stopped at the failure
            return failed(failing);
        }
        return passed();
    }

    /**
     * Iterative deepening: every schedule within 1, 2, ... {@code maxDelays} deviations, while each
     * bound finishes within {@code limit} schedules; the first failure has the fewest deviations.
     * Sets {@code complete} when a bound cut nothing off.
     */
    private ControlledRun deepen(int limit) {
        for (int bound = 1; bound <= options.maxDelays(); bound++) {
            boundCut = false;
            ControlledRun failing = depthFirst(bound, limit);
            if (failing != null) {
                return failing;
            }
            if (!complete) {
                return null;                            // this bound did not finish within the limit
            }
            exhaustedBound = bound;
            if (!boundCut) {
                return null;                            // nothing needed more deviations: every schedule was tried
            }
            complete = false;
        }
        return null;
    }

    /**
     * Runs seeded schedules (seeds {@code seed + 1}, {@code seed + 2}, ...) until one fails or
     * {@code budget} schedules have run in all.
     */
    private ControlledRun sample(int budget, java.util.function.LongFunction<Chooser> chooser) {
        ControlledRun failing = null;
        for (int i = 1; schedules < budget && failing == null; i++) {
            sampled++;
            failing = failedOrNull(run(chooser.apply(options.seed() + sampled)));
        }
        return failing;
    }

    /** PCT choosers of the given depth, sized by the number of choices the FIFO run met. */
    private static java.util.function.LongFunction<Chooser> pct(ControlledRun fifo, int depth) {
        int expected = fifo.chooser.decisions.size();
        int ready = readyChoices(fifo);
        return seed -> new Chooser.Pct(seed, depth, expected, ready);
    }

    /** How many of a run's choices chose the next ready callback. */
    private static int readyChoices(ControlledRun run) {
        int count = 0;
        for (Chooser.Decision decision : run.chooser.decisions) {
            if (decision.ready) {
                count++;
            }
        }
        return count;
    }

    /** Alternately PCT of depth 2, 3 and 4 and uniform random choices. */
    private static java.util.function.LongFunction<Chooser> mixed(ControlledRun fifo) {
        int expected = fifo.chooser.decisions.size();
        int ready = readyChoices(fifo);
        return seed -> seed % 2 == 0 ? new Chooser.Uniform(seed)
                : new Chooser.Pct(seed, 2 + (int) Math.floorMod(seed / 2, 3L), expected, ready);
    }

    /** DFS over choice lists with at most {@code bound} non-default choices within {@code limit} schedules; sets {@code complete}. */
    private ControlledRun depthFirst(int bound, int limit) {
        int[] prefix = new int[0];
        complete = false;
        for (;;) {
            if (schedules >= limit) {
                return null;
            }
            ControlledRun current = run(new Chooser.Prefix(prefix, null));
            if (current.failure != null) {
                return current;
            }
            prefix = nextPrefix(current.chooser.decisions, bound);
            if (prefix == null) {
                complete = true;
                return null;
            }
        }
    }

    private int[] nextPrefix(List<Chooser.Decision> decisions, int bound) {
        for (int i = decisions.size() - 1; i >= 0; i--) {
            Chooser.Decision decision = decisions.get(i);
            if (decision.chosen + 1 < decision.candidates) {
                int deviations = 1;
                for (int j = 0; j < i; j++) {
                    if (decisions.get(j).chosen != 0) {
                        deviations++;
                    }
                }
                if (deviations <= bound) {
                    int[] next = new int[i + 1];
                    for (int j = 0; j < i; j++) {
                        next[j] = decisions.get(j).chosen;
                    }
                    next[i] = decision.chosen + 1;
                    return next;
                }
                boundCut = true;
            }
        }
        return null;
    }

    private ControlledRun run(Chooser chooser) {
        schedules++;
        ControlledRun run = ControlledRun.execute(body, options, chooser, false);
        IntConsumer progress = options.progressListener();
        if (progress != null) {
            progress.accept(schedules);
        }
        return run;
    }

    private static ControlledRun failedOrNull(ControlledRun run) {
        return run.failure != null ? run : null;
    }

    /** Shrinks, checks determinism, reports. */
    private RaceResult failed(ControlledRun found) {
        int[] choices = shrink(found).chooser.choices();
        ControlledRun minimal = ControlledRun.execute(body, options, new Chooser.Prefix(choices, null), true);
        ControlledRun again = ControlledRun.execute(body, options, new Chooser.Prefix(choices, null), true);
        ControlledRun thrice = ControlledRun.execute(body, options, new Chooser.Prefix(choices, null), true);
        boolean nondeterministic = !sameTrace(minimal, again) || !sameTrace(again, thrice);
        String token = ReplayToken.of(options, test, minimal.chooser).encode();
        String report = Reports.failure(minimal, options, schedules, token, nondeterministic);
        return new RaceResult(minimal.failure, report, token, schedules, complete, minimal.chooser.deviations(), elapsed(),
                nondeterministic).svg(Reports.svg(minimal));
    }

    /**
     * Shrinks a failing schedule to a locally minimal one: resets runs of deviations to the
     * default, halving the run length (as delta debugging does), then single deviations, pass
     * after pass, while the same failure reproduces with fewer deviations. It stops when no single
     * deviation can be reset and still fail the same way, or after {@link #SHRINK_RUNS} runs.
     */
    private ControlledRun shrink(ControlledRun found) {
        Shrinking shrinking = new Shrinking(found);
        for (int chunk = found.chooser.deviations() / 2; chunk >= 2; chunk /= 2) {
            for (int end = shrinking.deviationPositions().length; end - chunk >= 0; end -= chunk) {
                int[] positions = shrinking.deviationPositions();
                if (end > positions.length) {
                    end = positions.length;
                }
                shrinking.tryReset(Arrays.copyOfRange(positions, Math.max(0, end - chunk), end));
            }
        }
        boolean improved = true;
        while (improved && shrinking.runs < SHRINK_RUNS) {
            improved = false;
            int[] positions = shrinking.deviationPositions();
            for (int i = positions.length - 1; i >= 0 && shrinking.runs < SHRINK_RUNS; i--) {
                if (shrinking.tryReset(new int[] {positions[i]})) {
                    improved = true;
                    positions = shrinking.deviationPositions();
                    i = Math.min(i, positions.length);
                }
            }
        }
        return shrinking.best;
    }

    /** The state of one shrinking: the best failing run so far and how many runs it took. */
    private final class Shrinking {
        private final String signature;
        ControlledRun best;
        int runs;

        Shrinking(ControlledRun found) {
            this.best = found;
            this.signature = found.failure.signature();
        }

        /** The decision positions of the best run's deviations, in order. */
        int[] deviationPositions() {
            int[] choices = best.chooser.choices();
            int[] positions = new int[best.chooser.deviations()];
            int next = 0;
            for (int i = 0; i < choices.length; i++) {
                if (choices[i] != 0) {
                    positions[next++] = i;
                }
            }
            return positions;
        }

        /** Resets the choices at {@code positions}; keeps the result if it fails the same way with fewer deviations. */
        boolean tryReset(int[] positions) {
            if (runs >= SHRINK_RUNS) {
                return false;
            }
            int[] candidate = best.chooser.choices();
            for (int position : positions) {
                candidate[position] = 0;
            }
            runs++;
            ControlledRun trial = ControlledRun.execute(body, options, new Chooser.Prefix(trimDefaults(candidate), null), false);
            if (trial.failure != null && trial.failure.signature().equals(signature)
                    && trial.chooser.deviations() < best.chooser.deviations()) {
                best = trial;
                return true;
            }
            return false;
        }
    }

    private static int[] trimDefaults(int[] choices) {
        int end = choices.length;
        while (end > 0 && choices[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(choices, end);
    }

    static boolean sameTrace(ControlledRun a, ControlledRun b) {
        if (a.steps.size() != b.steps.size()) {
            return false;
        }
        for (int i = 0; i < a.steps.size(); i++) {
            ControlledRun.Step x = a.steps.get(i);
            ControlledRun.Step y = b.steps.get(i);
            if (x.nanos != y.nanos || !x.task.equals(y.task) || !x.what.equals(y.what) || !x.events.equals(y.events)) {
                return false;
            }
        }
        String failureA = a.failure == null ? "" : a.failure.signature();
        String failureB = b.failure == null ? "" : b.failure.signature();
        return failureA.equals(failureB);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private RaceResult passed() {
        String report = String.format(Locale.ROOT, "no race found: %d schedule(s) explored, %s, in %d ms; %s",
                schedules, options, elapsed().toMillis(), coverage());
        return new RaceResult(null, report, null, schedules, complete, -1, elapsed(), false)
                .coverage(coverage(), complete ? Integer.MAX_VALUE : exhaustedBound);
    }

    /** The honest verdict: complete only when every schedule was tried, else how far the search got. */
    private String coverage() {
        if (complete) {
            return "complete: every schedule was tried";
        }
        StringBuilder text = new StringBuilder("not complete: ");
        if (exhaustedBound > 0) {
            text.append("every schedule within ").append(exhaustedBound).append(" deviation")
                    .append(exhaustedBound == 1 ? "" : "s").append(" from FIFO was tried");
            if (exhaustedBound < options.maxDelays()
                    && (options.strategy() == Strategy.DELAY_BOUNDED || options.strategy() == Strategy.PORTFOLIO)) {
                text.append(" (bound ").append(exhaustedBound + 1).append(" did not finish within its share of the budget)");
            } else if (options.strategy() == Strategy.DELAY_BOUNDED || options.strategy() == Strategy.PORTFOLIO) {
                text.append(" (the bound maxDelays=").append(options.maxDelays()).append(" was reached)");
            }
        } else if (options.strategy() == Strategy.EXHAUSTIVE) {
            text.append("the schedule limit ").append(options.maxSchedules()).append(" was reached");
        } else {
            text.append("only the production schedule was tried in full");
        }
        if (sampled > 0) {
            text.append(", then ").append(sampled).append(" sampled at random");
        }
        return text.toString();
    }
}
