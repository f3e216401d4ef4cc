package io.github.loopsync.harness;

import java.util.Locale;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * How to explore: strategy, ordering model and bounds. Immutable; each {@code with} method returns
 * a copy.
 *
 * <p>The budget scales {@link #maxSchedules()}: the system property {@code loopsync.budget} set to
 * {@code quick}, {@code default} or {@code nightly} multiplies it by 1/4, 1 or 16.
 */
public final class RaceOptions {

    private final Strategy strategy;
    private final Ordering ordering;
    private final int maxSchedules;
    private final int maxSteps;
    private final int maxDelays;
    private final int cancellations;
    private final boolean lenient;
    private final long seed;
    private final IntConsumer progress;

    private RaceOptions(Strategy strategy, Ordering ordering, int maxSchedules, int maxSteps, int maxDelays,
            int cancellations, boolean lenient, long seed, IntConsumer progress) {
        this.strategy = strategy;
        this.ordering = ordering;
        this.maxSchedules = maxSchedules;
        this.maxSteps = maxSteps;
        this.maxDelays = maxDelays;
        this.cancellations = cancellations;
        this.lenient = lenient;
        this.seed = seed;
        this.progress = progress;
    }

    /**
     * Delay-bounded search up to 3 deviations then sampling, per-origin FIFO, one injected
     * cancellation per run judged leniently (see {@link #lenientCancellations()}), 2,000 schedules
     * at the default budget, 10,000 steps per run.
     *
     * @return the defaults
     */
    public static RaceOptions defaults() {
        return new RaceOptions(Strategy.DELAY_BOUNDED, Ordering.PER_ORIGIN_FIFO, 2_000, 10_000, 3, 1, true, 0x5eedL,
                null);
    }

    /**
     * The defaults with another strategy.
     *
     * @param strategy the strategy
     * @return a copy
     */
    public RaceOptions strategy(Strategy strategy) {
        return new RaceOptions(Objects.requireNonNull(strategy, "strategy"), ordering, maxSchedules, maxSteps, maxDelays,
                cancellations, lenient, seed, progress);
    }

    /**
     * The ordering model.
     *
     * @param ordering the model
     * @return a copy
     */
    public RaceOptions ordering(Ordering ordering) {
        return new RaceOptions(strategy, Objects.requireNonNull(ordering, "ordering"), maxSchedules, maxSteps, maxDelays,
                cancellations, lenient, seed, progress);
    }

    /**
     * The most schedules to run, before the budget multiplier.
     *
     * @param maxSchedules at least 1
     * @return a copy
     * @throws IllegalArgumentException if less than 1
     */
    public RaceOptions maxSchedules(int maxSchedules) {
        if (maxSchedules < 1) {
            throw new IllegalArgumentException("maxSchedules: " + maxSchedules + " (expected: >= 1)");
        }
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, lenient, seed, progress);
    }

    /**
     * The most steps (callbacks) per run, beyond which the run fails with {@link
     * FailureKind#STEP_LIMIT}.
     *
     * @param maxSteps at least 1
     * @return a copy
     * @throws IllegalArgumentException if less than 1
     */
    public RaceOptions maxSteps(int maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps: " + maxSteps + " (expected: >= 1)");
        }
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, lenient, seed, progress);
    }

    /**
     * The most deviations from the default choice, for {@link Strategy#DELAY_BOUNDED}.
     *
     * @param maxDelays at least 0
     * @return a copy
     * @throws IllegalArgumentException if negative
     */
    public RaceOptions maxDelays(int maxDelays) {
        if (maxDelays < 0) {
            throw new IllegalArgumentException("maxDelays: " + maxDelays + " (expected: >= 0)");
        }
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, lenient, seed, progress);
    }

    /**
     * How many task cancellations the harness may inject per run, each into a task that is
     * waiting or woken but not yet resumed. Setting it says the scenario is written for
     * cancelled tasks: every oracle, the end checks included, judges the runs with an injected
     * cancellation (the default, one cancellation, judges them leniently: see {@link
     * #lenientCancellations()}). Zero turns injection off.
     *
     * @param cancellations at least 0
     * @return a copy
     * @throws IllegalArgumentException if negative
     */
    public RaceOptions cancellations(int cancellations) {
        if (cancellations < 0) {
            throw new IllegalArgumentException("cancellations: " + cancellations + " (expected: >= 0)");
        }
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, false, seed, progress);
    }

    /**
     * The seed of the random strategies.
     *
     * @param seed the seed
     * @return a copy
     */
    public RaceOptions seed(long seed) {
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, lenient, seed, progress);
    }

    /**
     * A listener told the number of schedules explored so far after each schedule, on the
     * exploring thread; for progress lines in long explorations. It must not throw.
     *
     * @param progress the listener
     * @return a copy
     */
    public RaceOptions progress(IntConsumer progress) {
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, lenient, seed,
                Objects.requireNonNull(progress, "progress"));
    }

    /** A copy with {@code cancellations} injections judged leniently or not: for replaying a token. */
    RaceOptions cancellations(int cancellations, boolean lenient) {
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations(cancellations).cancellations,
                lenient, seed, progress);
    }

    /** The progress listener, or {@code null}. */
    IntConsumer progressListener() {
        return progress;
    }

    /**
     * The strategy.
     *
     * @return the strategy
     */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * The ordering model.
     *
     * @return the model
     */
    public Ordering ordering() {
        return ordering;
    }

    /**
     * The most schedules, with the budget multiplier applied.
     *
     * @return the effective bound
     */
    public int maxSchedules() {
        String budget = System.getProperty("loopsync.budget", "default").toLowerCase(Locale.ROOT);
        switch (budget) {
            case "quick":
                return Math.max(1, maxSchedules / 4);
            case "nightly":
                return maxSchedules * 16;
            default:
                return maxSchedules;
        }
    }

    /**
     * The step bound per run.
     *
     * @return the bound
     */
    public int maxSteps() {
        return maxSteps;
    }

    /**
     * The deviation bound of delay-bounded search.
     *
     * @return the bound
     */
    public int maxDelays() {
        return maxDelays;
    }

    /**
     * The injected cancellations per run.
     *
     * @return the bound
     */
    public int cancellations() {
        return cancellations;
    }

    /**
     * Whether runs with an injected cancellation are judged leniently: true for the defaults,
     * false once {@link #cancellations(int)} was set. A lenient judge does not run the end checks
     * of such a run, excuses main's and the tasks' failing with the cancellation or an assertion,
     * and reports tasks left waiting only when no primitive's probe explains the wait;
     * invariants, lost wake-ups, other exceptions, and primitives kept by a finished task are
     * judged as in every run. So a scenario written without cancellation in mind still finds
     * the granted-then-cancelled bugs without false alarms from the work the cancellation undid.
     *
     * @return whether injected cancellations are judged leniently
     */
    public boolean lenientCancellations() {
        return lenient && cancellations > 0;
    }

    /**
     * The seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return strategy + (strategy == Strategy.DELAY_BOUNDED ? "(<=" + maxDelays + ")" : "") + ", ordering " + ordering
                + ", cancellations " + cancellations + (lenientCancellations() ? " (lenient)" : "");
    }
}
