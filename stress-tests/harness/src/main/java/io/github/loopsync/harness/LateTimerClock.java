package io.github.loopsync.harness;

import io.github.loopsync.loop.spi.LoopClock;
import java.util.ArrayList;
import java.util.List;

/**
 * The controlled loop's virtual clock, with timer jitter as a choice point: when the loop is idle
 * and the next timer is due, time jumps to its deadline (the default) or, while the run may still
 * have a late timer, to the deadline plus the jitter bound, as if the loop's thread had woken up
 * late.
 *
 * <p>A late wake-up is what a real loop does when it wakes late: the external events held back
 * may arrive in the meantime (each a choice), and they run first, seeing the late time, since the
 * loop takes in posts before it fires timers; then every timer due by the late time fires in one
 * iteration, in deadline order. That iteration is the <em>late batch</em>: the ready policy runs
 * it first in, first out ({@link #takeLateBatch}), because a real loop fires due timers in
 * deadline order whatever their origins, so a later-deadline timer never fires before an earlier
 * one and no timer fires before its deadline. Equal deadlines in a late batch keep the order they
 * were scheduled in (the on-time wake-up explores their other orders). What the batch's timers
 * cause (the tasks they wake, the stages they complete) runs in the next iterations under the
 * ordering model, like everything else.
 */
final class LateTimerClock implements LoopClock {

    private static final List<String> LABELS = List.of("on time", "late");

    private final ControlledRun run;
    private final long jitter;
    private int lateLeft;
    private long now;
    /** The lateness and the deadline of the last late wake-up, until the next step's record takes them. */
    long pendingLateness;
    long lateDeadline;

    LateTimerClock(ControlledRun run, long jitterNanos, int lateTimers) {
        this.run = run;
        this.jitter = jitterNanos;
        this.lateLeft = jitterNanos > 0 ? lateTimers : 0;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long idle(long nextDeadline) {
        if (nextDeadline == Long.MAX_VALUE) {
            run.policy.idle(false);
            return Long.MAX_VALUE;                      // only an external event can help; the harness delivers it
        }
        long target = Math.max(now, nextDeadline);
        boolean late = lateLeft > 0 && run.mayChoose() && run.chooser.choose(Chooser.Kind.TIMER, LABELS) == 1;
        run.policy.idle(late);
        if (late) {
            lateLeft--;
            target += jitter;
            pendingLateness = jitter;
            lateDeadline = nextDeadline;
        }
        now = target;
        if (late) {
            externalsInTheMeantime();
        }
        return 0;
    }

    /**
     * While the loop sleeps late, held-back external events may arrive: each is a choice ("none"
     * is the default); those that arrive are posted now, so the loop takes them in before it
     * fires the due timers.
     */
    private void externalsInTheMeantime() {
        List<RaceRun.External> held = run.run.externals;
        while (!held.isEmpty() && run.mayChoose()) {
            List<String> labels = new ArrayList<>(held.size() + 1);
            labels.add("none arrives before the late timer");
            for (RaceRun.External event : held) {
                labels.add("arrive " + event.name);
            }
            int chosen = run.chooser.choose(Chooser.Kind.EXTERNAL, labels);
            if (chosen == 0) {
                return;
            }
            run.postExternal(held.remove(chosen - 1));
        }
    }

    /** A duration as a person writes it: {@code 5ms}, {@code 250µs}, {@code 10ns}. */
    static String duration(long nanos) {
        if (nanos % 1_000_000 == 0) {
            return nanos / 1_000_000 + "ms";
        }
        return nanos % 1_000 == 0 ? nanos / 1_000 + "µs" : nanos + "ns";
    }

    @Override
    public String toString() {
        return "LateTimerClock[now=" + now + "ns, jitter=" + jitter + "ns, late timers left " + lateLeft + "]";
    }
}
