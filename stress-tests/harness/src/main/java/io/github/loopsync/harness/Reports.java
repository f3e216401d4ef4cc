package io.github.loopsync.harness;

import java.util.List;
import java.util.Locale;

/** Formats a failing run as a report a person can follow step by step. */
final class Reports {

    private static final int MAX_ROWS = 80;

    private Reports() {
    }

    static String failure(ControlledRun run, RaceOptions options, int schedules, String token, boolean nondeterministic) {
        StringBuilder text = new StringBuilder();
        text.append("RACE FOUND: ").append(run.failure.kind).append(" — ").append(Traces.stable(run.failure.message)).append('\n');
        if (nondeterministic) {
            text.append("WARNING: replaying this schedule gave a different trace: the test itself is nondeterministic "
                    + "(wall clock, unseeded randomness, real threads or state kept across runs)\n");
        }
        int deviations = run.chooser.deviations();
        text.append(String.format(Locale.ROOT, "strategy %s%nschedules explored %d · deviations from FIFO %d%s · "
                + "cancellations injected %d%n", options, schedules, deviations,
                deviations == 0 ? " (fails in production order)" : "", run.cancellationsInjected));
        text.append("replay: -Dloopsync.replay=").append(token).append('\n');
        text.append(String.format(Locale.ROOT, "%n %-6s %-9s %-8s %-28s %s%n", "step", "time", "task", "suspended at", "what ran"));
        List<ControlledRun.Step> steps = run.steps;
        for (ControlledRun.Step step : steps) {
            boolean head = step.number <= MAX_ROWS / 2;
            boolean tail = step.number > steps.size() - MAX_ROWS / 2;
            if (steps.size() <= MAX_ROWS || head || tail) {
                text.append(String.format(Locale.ROOT, " #%-5d %-9s %-8s %-28s %s%n", step.number, time(step.nanos), step.task,
                        step.suspendedAt, step.what));
            } else if (step.number == MAX_ROWS / 2 + 1) {
                text.append(String.format(Locale.ROOT, " ... %d steps elided ...%n", steps.size() - MAX_ROWS));
            }
        }
        text.append(String.format(Locale.ROOT, " %s at step %d%n", run.failure.kind, run.failure.step));
        return text.toString();
    }

    static String time(long nanos) {
        return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
    }
}
