package io.github.loopsync.demos;

import java.util.Objects;

/** What one run of a {@link ThreadDemo} variant did: whether it went wrong, and a printable report. */
public final class ThreadResult {

    private final boolean wentWrong;
    private final String report;

    private ThreadResult(boolean wentWrong, String report) {
        this.wentWrong = wentWrong;
        this.report = Objects.requireNonNull(report, "report");
    }

    /**
     * A run in which the race showed (an update lost, a thread stuck).
     *
     * @param report what happened
     * @return the result
     */
    public static ThreadResult wentWrong(String report) {
        return new ThreadResult(true, report);
    }

    /**
     * A run that ended as the program intends.
     *
     * @param report what happened
     * @return the result
     */
    public static ThreadResult asIntended(String report) {
        return new ThreadResult(false, report);
    }

    /**
     * Whether the race showed in this run.
     *
     * @return true if something went wrong
     */
    public boolean wentWrong() {
        return wentWrong;
    }

    /**
     * What happened, for people: a histogram, a wait-for cycle, an exception.
     *
     * @return the report
     */
    public String report() {
        return report;
    }

    @Override
    public String toString() {
        return (wentWrong ? "went wrong: " : "as intended: ") + report;
    }
}
