package io.github.loopsync.harness;

import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a run once nothing can run any more: deadlock, main's outcome, the end checks and what
 * is left over.
 *
 * <p>A run in which the harness injected a cancellation under the default judging ({@link
 * RaceOptions#lenientCancellations()}) is judged only by what a cancellation can never excuse:
 * the scenario's end checks, its assertions and main's cancellation are not judged (they were
 * written for runs where every task finishes); invariants are (safety must survive a cancelled
 * task), and so is a primitive kept by a task that has finished; tasks left waiting fail the run
 * only when nothing explains the wait: a task
 * parked on a primitive whose probe shows it healthy may wait for work the cancelled task would
 * have done.
 */
final class EndOfRun {

    private final ControlledRun run;

    EndOfRun(ControlledRun run) {
        this.run = run;
    }

    void judge() {
        boolean lenient = run.options.lenientCancellations() && !run.cancelledByHarness.isEmpty();
        if (lenient) {
            judgeAfterCancellation();
            return;
        }
        if (!run.main.isDone()) {
            run.fail(FailureKind.DEADLOCK, "nothing can run and no timer is pending, but main has not finished; "
                    + blockedTasks(), null);
            for (Task<?> task : run.loop.tasks()) {
                run.failure.involved.add(task.name());
            }
            return;
        }
        if (judgeMain() || judgeEndChecks() || run.run.allowLeftoverTasks) {
            return;
        }
        if (!run.loop.tasks().isEmpty()) {
            run.fail(FailureKind.LEAK, "main finished but tasks are still waiting; " + blockedTasks(), null);
            return;
        }
        judgeProbes(false);
    }

    private void judgeAfterCancellation() {
        String after = " after the harness cancelled " + String.join(", ", run.cancelledByHarness);
        if (run.main.isDone() && judgeMain()) {
            return;                                     // main failed with something a cancellation does not excuse
        }
        if (judgeProbes(true)) {
            return;
        }
        if (run.run.allowLeftoverTasks) {
            return;
        }
        List<Task<?>> unexplained = new ArrayList<>();
        for (Task<?> task : run.loop.tasks()) {
            if (task != run.main && !waitsOnAHealthyPrimitive(task)) {
                unexplained.add(task);
            }
        }
        if (!unexplained.isEmpty()) {
            FailureKind kind = run.main.isDone() ? FailureKind.LEAK : FailureKind.DEADLOCK;
            run.fail(kind, "tasks wait for ever" + after + ", on nothing a primitive's probe accounts for; "
                    + blockedTasks(), null);
            for (Task<?> task : unexplained) {
                run.failure.involved.add(task.name());
            }
        }
    }

    /** Main failed: reports it (unless it is the injected cancellation travelling on) and returns true. */
    private boolean judgeMain() {
        if (!run.main.isCompletedExceptionally()) {
            return false;
        }
        Throwable cause = Tasks.unwrap(catchFailure(run.main));
        if (run.excusedByInjectedCancellation(cause)) {
            return false;
        }
        run.fail(cause instanceof AssertionError ? FailureKind.ASSERTION : FailureKind.EXCEPTION, "main failed: " + cause,
                cause);
        return true;
    }

    private boolean judgeEndChecks() {
        for (Runnable check : run.run.endChecks) {
            try {
                check.run();
            } catch (AssertionError broken) {
                run.fail(FailureKind.ASSERTION, "end check failed: " + broken.getMessage(), broken);
                return true;
            } catch (RuntimeException thrown) {
                run.fail(FailureKind.EXCEPTION, "end check threw " + thrown, thrown);
                return true;
            }
        }
        return false;
    }

    /**
     * Waiters still parked, or a primitive still held: after an injected cancellation only a
     * holder that has finished counts (the cancelled task kept what it was granted).
     */
    private boolean judgeProbes(boolean afterCancellation) {
        for (ProgressProbe probe : run.probes) {
            if (!afterCancellation && probe.parkedWaiters() > 0) {
                run.fail(FailureKind.LEAK, "main finished but waiters are still parked on " + probe.describe(), null);
                return true;
            }
            for (Task<?> holder : probe.holders()) {
                if (!afterCancellation || holder.isDone()) {
                    run.fail(FailureKind.LEAK, (afterCancellation ? "after the harness cancelled "
                            + String.join(", ", run.cancelledByHarness) + ", " : "main finished but ")
                            + probe.describe() + " is still held by " + WaitForGraph.names(probe.holders())
                            + (afterCancellation ? ", which has finished" : ""), null);
                    run.failure.involved.add(holder.name());
                    return true;
                }
            }
        }
        return false;
    }

    private boolean waitsOnAHealthyPrimitive(Task<?> task) {
        for (ProgressProbe probe : run.probes) {
            if (probe.waitingTasks().contains(task) && !probe.lostWakeup()) {
                return true;
            }
        }
        return false;
    }

    private static Throwable catchFailure(Task<?> task) {
        try {
            task.join();
            return null;
        } catch (RuntimeException | Error failure) {
            return failure;
        }
    }

    private String blockedTasks() {
        StringBuilder text = new StringBuilder("blocked:");
        for (Task<?> task : run.loop.tasks()) {
            text.append("\n    ").append(task);
        }
        return text.append(WaitForGraph.describe(run.probes)).toString();
    }
}
