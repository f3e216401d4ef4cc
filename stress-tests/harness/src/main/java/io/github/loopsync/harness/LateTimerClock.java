package io.github.loopsync.harness;

import io.github.loopsync.loop.spi.LoopClock;
import java.util.List;

/**
 * The controlled loop's virtual clock, with timer jitter as a choice point: when the loop is idle
 * and the next timer is due, time jumps to its deadline (the default) or, while the run may still
 * have a late timer, to the deadline plus the jitter bound, as if the loop's thread had woken up
 * late. Whatever is due by then fires together, in deadline order, so the loop's promises hold:
 * no timer fires early or out of deadline order. What changes is what a late loop changes: the
 * time the callbacks see, which timers fire in the same iteration (whose callbacks of different
 * origins the ready policy may then order), and the deadlines of the timers set after the jump.
 */
final class LateTimerClock implements LoopClock {

    private static final List<String> LABELS = List.of("on time", "late");

    private final ControlledRun run;
    private final long jitter;
    private int lateLeft;
    private long now;
    /** The lateness of the last jump, until the next step's record takes it. */
    long pendingLateness;

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
            return Long.MAX_VALUE;                      // only an external event can help; the harness delivers it
        }
        long target = Math.max(now, nextDeadline);
        if (lateLeft > 0 && run.mayChoose() && run.chooser.choose(Chooser.Kind.TIMER, LABELS) == 1) {
            lateLeft--;
            target += jitter;
            pendingLateness = jitter;
        }
        now = target;
        return 0;
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
