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
    private final long seed;
    private final IntConsumer progress;

    private RaceOptions(Strategy strategy, Ordering ordering, int maxSchedules, int maxSteps, int maxDelays,
            int cancellations, long seed, IntConsumer progress) {
        this.strategy = strategy;
        this.ordering = ordering;
        this.maxSchedules = maxSchedules;
        this.maxSteps = maxSteps;
        this.maxDelays = maxDelays;
        this.cancellations = cancellations;
        this.seed = seed;
        this.progress = progress;
    }

    /**
     * Delay-bounded search up to 3 deviations then sampling, per-origin FIFO, no injected
     * cancellation, 2,000 schedules at the default budget, 10,000 steps per run.
     *
     * @return the defaults
     */
    public static RaceOptions defaults() {
        return new RaceOptions(Strategy.DELAY_BOUNDED, Ordering.PER_ORIGIN_FIFO, 2_000, 10_000, 3, 0, 0x5eedL, null);
    }

    /**
     * The defaults with another strategy.
     *
     * @param strategy the strategy
     * @return a copy
     */
    public RaceOptions strategy(Strategy strategy) {
        return new RaceOptions(Objects.requireNonNull(strategy, "strategy"), ordering, maxSchedules, maxSteps, maxDelays,
                cancellations, seed, progress);
    }

    /**
     * The ordering model.
     *
     * @param ordering the model
     * @return a copy
     */
    public RaceOptions ordering(Ordering ordering) {
        return new RaceOptions(strategy, Objects.requireNonNull(ordering, "ordering"), maxSchedules, maxSteps, maxDelays,
                cancellations, seed, progress);
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
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, seed, progress);
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
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, seed, progress);
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
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, seed, progress);
    }

    /**
     * How many task cancellations the harness may inject per run, each into a task that is
     * waiting or woken but not yet resumed.
     *
     * @param cancellations at least 0
     * @return a copy
     * @throws IllegalArgumentException if negative
     */
    public RaceOptions cancellations(int cancellations) {
        if (cancellations < 0) {
            throw new IllegalArgumentException("cancellations: " + cancellations + " (expected: >= 0)");
        }
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, seed, progress);
    }

    /**
     * The seed of the random strategies.
     *
     * @param seed the seed
     * @return a copy
     */
    public RaceOptions seed(long seed) {
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, seed, progress);
    }

    /**
     * A listener told the number of schedules explored so far after each schedule, on the
     * exploring thread; for progress lines in long explorations. It must not throw.
     *
     * @param progress the listener
     * @return a copy
     */
    public RaceOptions progress(IntConsumer progress) {
        return new RaceOptions(strategy, ordering, maxSchedules, maxSteps, maxDelays, cancellations, seed,
                Objects.requireNonNull(progress, "progress"));
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
                + ", cancellations " + cancellations;
    }
}
