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
        int taskWidth = 8;
        for (ControlledRun.Step step : run.steps) {
            taskWidth = Math.max(taskWidth, step.task.length());
        }
        String row = " #%-5d %-9s %-" + taskWidth + "s %-28s %s%n";
        text.append(String.format(Locale.ROOT, "%n %-6s %-9s %-" + taskWidth + "s %-28s %s%n", "step", "time", "task",
                "suspended at", "what ran"));
        List<ControlledRun.Step> steps = new java.util.ArrayList<>();
        int unrelated = 0;
        java.util.Set<String> unrelatedTasks = new java.util.TreeSet<>();
        boolean slice = run.steps.size() > MAX_ROWS;    // a short run is shown whole: finished tasks may be the cause
        for (ControlledRun.Step step : run.steps) {
            if (!slice || related(step, run.failure.involved)) {
                steps.add(step);
            } else {
                unrelated++;
                if (!step.task.equals("-")) {
                    unrelatedTasks.add(step.task);
                }
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            ControlledRun.Step step = steps.get(i);
            if (steps.size() <= MAX_ROWS || i < MAX_ROWS / 2 || i >= steps.size() - MAX_ROWS / 2) {
                text.append(String.format(Locale.ROOT, row, step.number, time(step.nanos), step.task, step.suspendedAt,
                        step.what));
            } else if (i == MAX_ROWS / 2) {
                text.append(String.format(Locale.ROOT, " ... %d steps elided ...%n", steps.size() - MAX_ROWS));
            }
        }
        if (unrelated > 0) {
            text.append(String.format(Locale.ROOT, " (%d steps of tasks unrelated to the failure not shown: %s)%n", unrelated,
                    String.join(", ", unrelatedTasks)));
        }
        text.append(String.format(Locale.ROOT, " %s at step %d%n", run.failure.kind, run.failure.step));
        return text.toString();
    }

    /** A step belongs to the slice if its task is involved, or it is a callback on behalf of one. */
    private static boolean related(ControlledRun.Step step, java.util.Set<String> involved) {
        if (involved.isEmpty() || involved.contains(step.task)) {
            return true;
        }
        if (step.task.equals("-")) {
            for (String task : involved) {
                if (step.what.contains("task=" + task + "]") || step.what.contains("task=" + task + ",")) {
                    return true;
                }
            }
            return step.what.startsWith("external event");
        }
        return false;
    }

    static String time(long nanos) {
        return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
    }
}
