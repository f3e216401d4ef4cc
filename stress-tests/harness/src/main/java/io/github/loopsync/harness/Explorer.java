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

    private static final int SHRINK_ATTEMPTS = 300;

    private final Function<RaceRun, ? extends CompletionStage<?>> body;
    private final RaceOptions options;
    private final long started = System.nanoTime();
    private int schedules;
    private boolean complete;

    Explorer(Function<RaceRun, ? extends CompletionStage<?>> body, RaceOptions options) {
        this.body = body;
        this.options = options;
    }

    RaceResult explore() {
        ControlledRun fifo = run(new Chooser.Prefix(new int[0], null));
        if (fifo.failure != null) {
            return failed(fifo);
        }
        ControlledRun failing = null;
        switch (options.strategy()) {
            case FIFO:
                complete = fifo.chooser.decisions.isEmpty();
                break;
            case RANDOM:
                failing = sample(options.maxSchedules(), Chooser.Uniform::new);
                break;
            case PCT:
                failing = sample(options.maxSchedules(), pct(fifo));
                break;
            case DELAY_BOUNDED:
                failing = delayBounded(options.maxSchedules());
                break;
            case PORTFOLIO:
                int budget = options.maxSchedules();
                failing = delayBounded(budget / 2);
                if (failing == null) {
                    failing = sample(budget * 3 / 4, pct(fifo));
                }
                if (failing == null) {
                    failing = sample(budget, Chooser.Uniform::new);
                }
                break;
            default:
                failing = depthFirst(Integer.MAX_VALUE, options.maxSchedules());
                break;
        }
        if (failing != null) {
            return failed(failing);
        }
        return new RaceResult(null, passedReport(), null, schedules, complete, -1, elapsed(), false);
    }

    /** Iterative deepening up to maxDelays within {@code limit} schedules; the first failure has the fewest deviations. */
    private ControlledRun delayBounded(int limit) {
        ControlledRun failing = null;
        for (int bound = 1; bound <= options.maxDelays() && failing == null; bound++) {
            failing = depthFirst(bound, limit);
            if (!complete) {
                break;
            }
        }
        return failing;
    }

    /**
     * Runs seeded schedules (seeds {@code seed + 1}, {@code seed + 2}, ...) until one fails or
     * {@code budget} schedules have run in all.
     */
    private ControlledRun sample(int budget, java.util.function.LongFunction<Chooser> chooser) {
        ControlledRun failing = null;
        for (int i = 1; schedules < budget && failing == null; i++) {
            failing = failedOrNull(run(chooser.apply(options.seed() + i)));
        }
        return failing;
    }

    /** PCT choosers of depth 3, sized by the number of choices the FIFO run met. */
    private static java.util.function.LongFunction<Chooser> pct(ControlledRun fifo) {
        int expected = fifo.chooser.decisions.size();
        return seed -> new Chooser.Pct(seed, 3, expected);
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

    private static int[] nextPrefix(List<Chooser.Decision> decisions, int bound) {
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
        String token = ReplayToken.of(options, minimal.chooser).encode();
        String report = Reports.failure(minimal, options, schedules, token, nondeterministic);
        return new RaceResult(minimal.failure, report, token, schedules, complete, minimal.chooser.deviations(), elapsed(),
                nondeterministic);
    }

    /** Greedily resets deviations to the default while the same failure reproduces. */
    private ControlledRun shrink(ControlledRun found) {
        ControlledRun best = found;
        String signature = found.failure.signature();
        int attempts = 0;
        boolean improved = true;
        while (improved && attempts < SHRINK_ATTEMPTS) {
            improved = false;
            int[] choices = best.chooser.choices();
            for (int i = choices.length - 1; i >= 0 && attempts < SHRINK_ATTEMPTS; i--) {
                if (choices[i] == 0) {
                    continue;
                }
                int[] candidate = Arrays.copyOf(choices, choices.length);
                candidate[i] = 0;
                attempts++;
                ControlledRun trial = ControlledRun.execute(body, options,
                        new Chooser.Prefix(trimDefaults(candidate), null), false);
                if (trial.failure != null && trial.failure.signature().equals(signature)
                        && trial.chooser.deviations() < best.chooser.deviations()) {
                    best = trial;
                    improved = true;
                    break;
                }
            }
        }
        return best;
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
            if (x.nanos != y.nanos || !x.task.equals(y.task) || !x.what.equals(y.what)) {
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

    private String passedReport() {
        return String.format(Locale.ROOT, "no race found: %d schedule(s) explored%s, %s, in %d ms",
                schedules, complete ? " (complete within the bounds)" : " (bounded: not every schedule was tried)",
                options, elapsed().toMillis());
    }

    /** Replays one token: a single run, with divergence detection. */
    static RaceResult replay(String encoded, Function<RaceRun, ? extends CompletionStage<?>> body, RaceOptions base) {
        ReplayToken token = ReplayToken.decode(encoded);
        RaceOptions options = base.ordering(token.ordering).cancellations(token.cancellations).strategy(Strategy.FIFO);
        long started = System.nanoTime();
        Chooser.Prefix chooser = new Chooser.Prefix(token.choices, token.candidates);
        ControlledRun run = ControlledRun.execute(body, options, chooser, true);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (chooser.divergence != null) {
            String report = chooser.divergence + "; the scenario changed since the token was recorded, or it is nondeterministic";
            return new RaceResult(new ControlledRun.Failure(FailureKind.EXCEPTION, report, null, 0), report, encoded, 1,
                    false, 0, elapsed, true);
        }
        if (run.failure == null) {
            return new RaceResult(null, "replay of " + encoded + " passed", null, 1, false, -1, elapsed, false);
        }
        String report = Reports.failure(run, options, 1, encoded, false);
        return new RaceResult(run.failure, report, encoded, 1, false, chooser.deviations(), elapsed, false);
    }
}
