package io.github.loopsync.harness;

import java.time.Duration;
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

    private Strategy strategy;
    private Ordering ordering;
    private int maxSchedules;
    private int maxSteps;
    private int maxDelays;
    private int cancellations;
    private boolean lenient;
    private long seed;
    private IntConsumer progress;
    private Duration timerJitter;
    private int lateTimers;
    private String test;

    /** How late a timer may fire by default: see {@link #timerJitter(Duration)}. */
    static final Duration DEFAULT_TIMER_JITTER = Duration.ofMillis(5);

    private RaceOptions() {
    }

    /** A copy to change one setting of; only the {@code with} methods call it. */
    private RaceOptions copy() {
        RaceOptions copy = new RaceOptions();
        copy.strategy = strategy;
        copy.ordering = ordering;
        copy.maxSchedules = maxSchedules;
        copy.maxSteps = maxSteps;
        copy.maxDelays = maxDelays;
        copy.cancellations = cancellations;
        copy.lenient = lenient;
        copy.seed = seed;
        copy.progress = progress;
        copy.timerJitter = timerJitter;
        copy.lateTimers = lateTimers;
        copy.test = test;
        return copy;
    }

    /**
     * Delay-bounded search up to 3 deviations then sampling, per-origin FIFO, one injected
     * cancellation per run judged leniently (see {@link #lenientCancellations()}), one timer per
     * run up to 5 ms late (see {@link #timerJitter(Duration)}), 2,000 schedules at the default budget, 10,000 steps
     * per run, and the test named after the method that calls the harness.
     *
     * @return the defaults
     */
    public static RaceOptions defaults() {
        RaceOptions options = new RaceOptions();
        options.strategy = Strategy.DELAY_BOUNDED;
        options.ordering = Ordering.PER_ORIGIN_FIFO;
        options.maxSchedules = 2_000;
        options.maxSteps = 10_000;
        options.maxDelays = 3;
        options.cancellations = 1;
        options.lenient = true;
        options.seed = 0x5eedL;
        options.timerJitter = DEFAULT_TIMER_JITTER;
        options.lateTimers = 1;
        return options;
    }

    /**
     * The defaults with another strategy.
     *
     * @param strategy the strategy
     * @return a copy
     */
    public RaceOptions strategy(Strategy strategy) {
        RaceOptions copy = copy();
        copy.strategy = Objects.requireNonNull(strategy, "strategy");
        return copy;
    }

    /**
     * The ordering model.
     *
     * @param ordering the model
     * @return a copy
     */
    public RaceOptions ordering(Ordering ordering) {
        RaceOptions copy = copy();
        copy.ordering = Objects.requireNonNull(ordering, "ordering");
        return copy;
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
        RaceOptions copy = copy();
        copy.maxSchedules = maxSchedules;
        return copy;
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
        RaceOptions copy = copy();
        copy.maxSteps = maxSteps;
        return copy;
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
        RaceOptions copy = copy();
        copy.maxDelays = maxDelays;
        return copy;
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
        RaceOptions copy = copy();
        copy.cancellations = cancellations;
        copy.lenient = false;
        return copy;
    }

    /**
     * The seed of the random strategies.
     *
     * @param seed the seed
     * @return a copy
     */
    public RaceOptions seed(long seed) {
        RaceOptions copy = copy();
        copy.seed = seed;
        return copy;
    }

    /**
     * A listener told the number of schedules explored so far after each schedule, on the
     * exploring thread; for progress lines in long explorations. It must not throw.
     *
     * @param progress the listener
     * @return a copy
     */
    public RaceOptions progress(IntConsumer progress) {
        RaceOptions copy = copy();
        copy.progress = Objects.requireNonNull(progress, "progress");
        return copy;
    }

    /**
     * Names the test that tokens are recorded on and that a replay must match, in place of the
     * default: the JUnit extension names a {@link RaceTest} {@code Class#method}; a direct call
     * of {@link Race#explore} is named after the method that made it (its simple class name, a
     * {@code #} and the method). Name it yourself when one method explores several scenarios and
     * their tokens must be told apart, or when a tool explores and replays from different methods.
     *
     * @param test the name, not blank
     * @return a copy
     * @throws IllegalArgumentException if blank
     */
    public RaceOptions test(String test) {
        if (Objects.requireNonNull(test, "test").isBlank()) {
            throw new IllegalArgumentException("test: \"" + test + "\" (expected: a name such as Class#method)");
        }
        RaceOptions copy = copy();
        copy.test = test.strip();
        return copy;
    }

    /**
     * Lets timers fire late: when the loop is idle and its next timer is due, the harness may let
     * the loop wake up to {@code bound} after the deadline instead of on it, as a loop does when
     * its thread was descheduled or paused. External events held back may arrive in the meantime
     * and run first, seeing the late time; then every timer due by the late time fires in one
     * iteration, in deadline order. A timer never fires before its deadline, and a timer with a
     * later deadline never fires before one with an earlier deadline, whatever their origins;
     * what a late loop changes is the time callbacks see ({@code loop.time()}), which timers fire
     * together (so what one timer causes may run after a later timer fired), and the deadlines of
     * timers set afterwards. On by default, 5 ms, once per run ({@link #lateTimers(int)}): code
     * whose correctness depends on a timing margin (a lease renewed just before it expires, a
     * timeout just longer than the work it guards) is found to be racy. {@link Duration#ZERO}
     * keeps every timer on time.
     *
     * @param bound how late a timer may fire, at least zero
     * @return a copy
     * @throws IllegalArgumentException if negative
     */
    public RaceOptions timerJitter(Duration bound) {
        if (Objects.requireNonNull(bound, "bound").isNegative()) {
            throw new IllegalArgumentException("timerJitter: " + bound + " (expected: >= 0)");
        }
        RaceOptions copy = copy();
        copy.timerJitter = bound;
        return copy;
    }

    /**
     * How many times per run the loop may wake up late (see {@link #timerJitter(Duration)}).
     *
     * @param lateTimers at least 0
     * @return a copy
     * @throws IllegalArgumentException if negative
     */
    public RaceOptions lateTimers(int lateTimers) {
        if (lateTimers < 0) {
            throw new IllegalArgumentException("lateTimers: " + lateTimers + " (expected: >= 0)");
        }
        RaceOptions copy = copy();
        copy.lateTimers = lateTimers;
        return copy;
    }

    /** A copy with the jitter settings of a token. */
    RaceOptions jitter(Duration bound, int lateTimers) {
        return timerJitter(bound).lateTimers(lateTimers);
    }

    /** The test's name if one was given, else {@code null}. */
    String testName() {
        return test;
    }

    /** A copy with {@code cancellations} injections judged leniently or not: for replaying a token. */
    RaceOptions cancellations(int cancellations, boolean lenient) {
        RaceOptions copy = cancellations(cancellations);
        copy.lenient = lenient;
        return copy;
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
     * How late a timer may fire.
     *
     * @return the bound; zero when jitter is off
     */
    public Duration timerJitter() {
        return timerJitter;
    }

    /**
     * How many times per run the loop may wake up late.
     *
     * @return the bound
     */
    public int lateTimers() {
        return lateTimers;
    }

    /** Whether some run may have a late timer. */
    boolean jittered() {
        return !timerJitter.isZero() && lateTimers > 0;
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
                + ", cancellations " + cancellations + (lenientCancellations() ? " (lenient)" : "")
                + (jittered() ? ", timer jitter " + LateTimerClock.duration(timerJitter.toNanos()) : "");
    }
}
