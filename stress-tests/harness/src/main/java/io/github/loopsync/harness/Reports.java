package io.github.loopsync.harness;

import java.util.List;
import java.util.Locale;

/** Formats a failing run as a report a person can follow step by step. */
final class Reports {

    private static final int MAX_ROWS = 80;
    /** The lane of callbacks that run for no task: timers, deliveries to stages. */
    static final String LOOP_LANE = "(loop)";
    /** The number of the placeholder step that stands for the elided middle of a long run. */
    static final int ELIDED = -1;

    private Reports() {
    }

    static String failure(ControlledRun run, RaceOptions options, int schedules, String token, boolean nondeterministic) {
        StringBuilder text = new StringBuilder();
        text.append("RACE FOUND: ").append(run.failure.kind).append(" — ").append(message(run)).append('\n');
        String thrownAt = run.failure.cause == null ? "" : Traces.thrownAt(run.failure.cause, run.run.helpers);
        if (!thrownAt.isEmpty()) {
            text.append("thrown at ").append(thrownAt).append('\n');
        }
        if (nondeterministic) {
            text.append("WARNING: replaying this schedule gave a different trace: the test itself is nondeterministic "
                    + "(wall clock, unseeded randomness, real threads or state kept across runs)\n");
        }
        int deviations = run.chooser.deviations();
        text.append(String.format(Locale.ROOT, "strategy %s%nschedules explored %d · deviations from FIFO %d%s · "
                + "cancellations injected %d%n", options, schedules, deviations,
                deviations == 0 ? " (fails in production order)" : "", run.cancellationsInjected));
        text.append("replay: -Dloopsync.replay=").append(token).append('\n');
        List<ControlledRun.Step> steps = shown(run, text);
        int taskWidth = "task".length();
        int placeWidth = "suspended at".length();
        for (ControlledRun.Step step : steps) {
            taskWidth = Math.max(taskWidth, lane(step).length());
            placeWidth = Math.max(placeWidth, step.suspendedAt.length());
        }
        String row = " %-6s %-8s %-" + taskWidth + "s %-" + placeWidth + "s %s%n";
        text.append(String.format(Locale.ROOT, "%n" + row, "step", "time", "task", "suspended at", "what ran"));
        for (ControlledRun.Step step : steps) {
            if (step.number == ELIDED) {
                text.append(" ").append(step.what).append('\n');
                continue;
            }
            text.append(String.format(Locale.ROOT, row, "#" + step.number, time(step.nanos), lane(step), step.suspendedAt,
                    readable(step)));
            for (String event : step.events) {
                text.append(String.format(Locale.ROOT, row, "", "", "", "", "  + " + event));
            }
        }
        text.append(String.format(Locale.ROOT, " %s at step %d%n", run.failure.kind, run.failure.step));
        List<String> primitives = run.primitivesAtEnd;
        if (!primitives.isEmpty()) {
            text.append(String.format(Locale.ROOT, "%nprimitives at the end:%n"));
            for (String line : primitives) {
                text.append("  ").append(line).append('\n');
            }
        }
        text.append('\n').append(Timeline.console(steps, run.failure.step));
        return text.toString();
    }

    /** The swimlane timeline of a failing run as an SVG image, titled with the failure. */
    static String svg(ControlledRun run) {
        return Timeline.svg(shown(run, new StringBuilder()), run.failure.step, run.failure.kind + " — " + message(run));
    }

    /** The failure's message with the loop's internal descriptions made readable. */
    static String message(ControlledRun run) {
        return StepText.message(Traces.stable(run.failure.message));
    }

    /** The step's lane: its task, or "(loop)" for a callback that runs for no task. */
    static String lane(ControlledRun.Step step) {
        return step.task.equals("-") ? LOOP_LANE : step.task;
    }

    /** The step's description in a reader's words. */
    static String readable(ControlledRun.Step step) {
        return StepText.readable(step.what, step.task.equals("-"));
    }

    /**
     * The steps a report shows: all of a short run; of a long one, those of the tasks involved in the
     * failure, and of those the first and last {@code MAX_ROWS / 2}, with a step numbered {@link
     * #ELIDED} where the middle is elided. Notes the unrelated steps left out in {@code text}.
     */
    static List<ControlledRun.Step> shown(ControlledRun run, StringBuilder text) {
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
        if (unrelated > 0) {
            text.append(String.format(Locale.ROOT, "(%d steps of tasks unrelated to the failure not shown: %s)%n", unrelated,
                    String.join(", ", unrelatedTasks)));
        }
        if (steps.size() <= MAX_ROWS) {
            return steps;
        }
        List<ControlledRun.Step> ends = new java.util.ArrayList<>(steps.subList(0, MAX_ROWS / 2));
        ends.add(new ControlledRun.Step(ELIDED, 0, "", "... " + (steps.size() - MAX_ROWS) + " steps elided ..."));
        ends.addAll(steps.subList(steps.size() - MAX_ROWS / 2, steps.size()));
        return ends;
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
