package io.github.loopsync.harness;

import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ReadyPolicy;
import io.github.loopsync.loop.spi.ReadyQueueView;
import java.util.ArrayList;
import java.util.List;

/**
 * The controlled loop's ready policy: the candidates for the next callback under the ordering
 * model, one of which the run's chooser picks.
 *
 * <p>Under {@link Ordering#PER_ORIGIN_FIFO} a callback is a candidate when it belongs to the
 * current iteration and no older callback has its origin (what scheduled it) or its task (what
 * it runs for): exactly the orders the loop does not promise.
 *
 * <p>A late wake-up (see {@link LateTimerClock}) narrows that, under every model, to what a loop
 * that woke up late does: the iteration that fires the due timers (the <em>late batch</em>) runs
 * first in, first out, so the timers fire in deadline order; and what the batch scheduled (the
 * tasks its timers wake, the stages they complete) runs in that order too in the next iteration,
 * so a task whose sleep ended later never resumes before one whose sleep ended earlier. External
 * events arriving in that next iteration may still come before or between them.
 */
final class OrderingPolicy implements ReadyPolicy {

    private final ControlledRun run;
    private final List<Integer> candidates = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Task<?>> seenTasks = new ArrayList<>();
    private final List<Object> seenOrigins = new ArrayList<>();

    /** A late wake-up happened and its batch has not started yet. */
    private boolean batchPending;
    /** Callbacks of the late batch still to run. */
    private int batchLeft;
    /** The late batch has run and what it scheduled has not been counted yet. */
    private boolean batchDone;
    /** External events posted since the late batch began: they queue behind what it scheduled. */
    private int postsSinceBatch;
    /** What the late batch scheduled that has not run yet: the oldest ready callbacks, bar posts. */
    private int scheduledByBatchLeft;

    OrderingPolicy(ControlledRun run) {
        this.run = run;
    }

    /**
     * The loop had nothing ready and asked the clock to move on: whatever a late batch scheduled
     * has run. {@code late}: the clock woke the loop up late, so the next iteration is a late batch.
     */
    void idle(boolean late) {
        batchPending = late;
        batchDone = false;
        scheduledByBatchLeft = 0;
    }

    /** An external event was posted to the loop's inbox. */
    void posted() {
        postsSinceBatch++;
    }

    @Override
    public int next(ReadyQueueView ready) {
        if (batchPending) {
            batchPending = false;
            batchLeft = ready.eligible();
            postsSinceBatch = 0;
            scheduledByBatchLeft = 0;
        }
        if (batchLeft > 0) {
            batchDone = --batchLeft == 0;
            return 0;                                   // a late loop fires its due timers in deadline order
        }
        if (batchDone) {
            batchDone = false;
            scheduledByBatchLeft = Math.max(0, ready.size() - postsSinceBatch);
        }
        int chosen = choose(ready);
        if (chosen == 0 && scheduledByBatchLeft > 0) {
            scheduledByBatchLeft--;
        }
        return chosen;
    }

    private int choose(ReadyQueueView ready) {
        Ordering ordering = run.options.ordering();
        if (ready.size() == 1 || run.failure != null || ordering == Ordering.STRICT_FIFO) {
            return 0;                                   // index 0 is always legal; nothing to choose
        }
        boolean any = ordering == Ordering.ANY;
        int limit = any ? ready.size() : ready.eligible();
        if (limit <= 1) {
            return 0;
        }
        candidates.clear();
        labels.clear();
        seenTasks.clear();
        seenOrigins.clear();
        for (int i = 0; i < limit; i++) {
            Task<?> task = ready.task(i);
            Object origin = ready.origin(i);
            boolean inOrder = i == 0 || i >= scheduledByBatchLeft;
            boolean legal = inOrder && (any || (task == null || !contains(seenTasks, task)) && !contains(seenOrigins, origin));
            if (task != null) {
                seenTasks.add(task);
            }
            seenOrigins.add(origin);
            if (legal) {
                candidates.add(i);
                // A delivery carries no task in the view: name it after the task that scheduled it.
                labels.add(task != null ? task.name() : origin instanceof Task ? ((Task<?>) origin).name() : "callback");
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.get(run.chooser.choose(Chooser.Kind.READY, labels));
    }

    /** Identity membership: origins and tasks compare with {@code ==}. */
    private static boolean contains(List<?> list, Object item) {
        for (Object each : list) {
            if (each == item) {
                return true;
            }
        }
        return false;
    }
}
