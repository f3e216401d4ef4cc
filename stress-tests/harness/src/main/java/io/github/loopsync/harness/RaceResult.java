package io.github.loopsync.harness;

import java.time.Duration;

/**
 * The outcome of an exploration: whether a schedule failed, the minimal failing schedule's report
 * and replay token, and the statistics.
 */
public final class RaceResult {

    private final ControlledRun.Failure failure;
    private final String report;
    private final String token;
    private final int schedules;
    private final boolean complete;
    private final int deviations;
    private final Duration elapsed;
    private final boolean nondeterministic;
    private String coverage;
    private int exhaustedDeviations = -1;
    private String svg;

    RaceResult(ControlledRun.Failure failure, String report, String token, int schedules, boolean complete,
            int deviations, Duration elapsed, boolean nondeterministic) {
        this.failure = failure;
        this.report = report;
        this.token = token;
        this.schedules = schedules;
        this.complete = complete;
        this.deviations = deviations;
        this.elapsed = elapsed;
        this.nondeterministic = nondeterministic;
    }

    /**
     * Whether some schedule failed.
     *
     * @return {@code true} if a race (or other failure) was found
     */
    public boolean failed() {
        return failure != null;
    }

    /**
     * What failed, or {@code null}.
     *
     * @return the failure kind
     */
    public FailureKind failureKind() {
        return failure == null ? null : failure.kind;
    }

    /**
     * The failure's message, or {@code null}.
     *
     * @return the message
     */
    public String failureMessage() {
        return failure == null ? null : failure.message;
    }

    /**
     * The human-readable report: the failure, the strategy and counts, the replay token and the
     * step table of the (shrunk) failing schedule; or the statistics of a passing exploration.
     *
     * @return the report
     */
    public String report() {
        return report;
    }

    /**
     * The replay token of the failing schedule, or {@code null}; pass it to {@link Race#replay} or
     * as {@code -Dloopsync.replay=<token>}.
     *
     * @return the token
     */
    public String token() {
        return token;
    }

    /**
     * How many schedules ran.
     *
     * @return the count
     */
    public int schedulesExplored() {
        return schedules;
    }

    /**
     * Whether every schedule of the scenario was tried and passed. False whenever a bound or the
     * schedule limit cut the search short, for the sampling strategies (unless the scenario has a
     * single schedule), and for every failing exploration.
     *
     * @return whether the exploration was complete
     */
    public boolean complete() {
        return complete;
    }

    /**
     * The verdict on coverage, as the passing report ends with it: {@code "complete: every
     * schedule was tried"}, or what was tried instead, naming the deviation bound or the schedule
     * limit that was reached.
     *
     * @return the verdict, or {@code null} for a failing exploration or a replay
     */
    public String coverage() {
        return coverage;
    }

    /**
     * The largest number of deviations from FIFO within which every schedule was tried: {@link
     * Integer#MAX_VALUE} for a complete search, 0 when only the production schedule is certain to
     * have run, -1 for a failing exploration or a replay.
     *
     * @return the exhausted deviation bound
     */
    public int exhaustedDeviations() {
        return exhaustedDeviations;
    }

    /**
     * The failing schedule drawn as a swimlane timeline — one lane per task, one row per step, the
     * primitives' events in the lanes of the tasks they concern — as a standalone SVG image; the
     * same timeline in text ends the {@link #report()}. The drawing is deterministic: the same
     * failing schedule gives the same bytes, so it can be kept as a golden file.
     *
     * @return the SVG document, or {@code null} if nothing failed
     */
    public String svg() {
        return svg;
    }

    /** Sets the SVG timeline of a failing result. */
    RaceResult svg(String image) {
        this.svg = image;
        return this;
    }

    /** Sets the coverage verdict of a passing exploration. */
    RaceResult coverage(String verdict, int exhausted) {
        this.coverage = verdict;
        this.exhaustedDeviations = exhausted;
        return this;
    }

    /**
     * The number of deviations from the default choices in the (shrunk) failing schedule; 0 means
     * it fails in production (FIFO) order.
     *
     * @return the deviations, or -1 if nothing failed
     */
    public int deviations() {
        return failure == null ? -1 : deviations;
    }

    /**
     * Whether replaying the failing schedule gave a different trace: the scenario itself is
     * nondeterministic (wall clock, unseeded randomness, real threads, state kept across runs).
     *
     * @return whether nondeterminism was detected
     */
    public boolean nondeterministic() {
        return nondeterministic;
    }

    /**
     * Wall-clock time the exploration took.
     *
     * @return the duration
     */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * Throws an {@link AssertionError} with the report if a schedule failed.
     *
     * @return this result
     */
    public RaceResult assertNoRace() {
        if (failure != null) {
            throw new AssertionError(report, failure.cause);
        }
        return this;
    }

    /**
     * Throws an {@link AssertionError} if no schedule failed (for tests that must find a race).
     *
     * @return this result
     */
    public RaceResult assertRaceFound() {
        if (failure == null) {
            throw new AssertionError("expected a race, but none was found:\n" + report);
        }
        return this;
    }

    @Override
    public String toString() {
        return report;
    }
}
