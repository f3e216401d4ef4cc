package io.github.loopsync.loop;

/**
 * A callback scheduled with {@link EventLoop#callLater}: it runs once its deadline has passed on
 * the loop's clock, unless it was cancelled first.
 *
 * <p><b>Ordering.</b> Timers fire in deadline order; timers with the same deadline fire in the
 * order they were scheduled. A fired timer's callback joins the ready queue behind callbacks that
 * were already ready, like every other callback.
 *
 * <p><b>Loop confinement.</b> A handle belongs to the loop that created it; {@link #cancel()} must
 * be called on that loop's thread.
 */
public final class TimerHandle {

    final EventLoop loop;
    final long deadline;
    final long sequence;
    final Runnable callback;
    /** The origin of whatever scheduled the timer; its callback runs with it (see ReadyQueueView#origin). */
    final Object source;
    /** Position in the loop's timer heap, or -1 when not scheduled (fired, cancelled or never added). */
    int heapIndex = -1;
    private boolean cancelled;

    TimerHandle(EventLoop loop, long deadline, long sequence, Runnable callback, Object source) {
        this.loop = loop;
        this.source = source;
        this.deadline = deadline;
        this.sequence = sequence;
        this.callback = callback;
    }

    /**
     * Cancels the timer if it has not fired yet. Removing it costs O(log n) in the number of
     * pending timers; cancelled timers are never left behind for a later scan.
     *
     * @return {@code true} if this call stopped the timer from firing, {@code false} if it had
     *     already fired or been cancelled
     * @throws IllegalStateException if called from a thread other than the loop's
     */
    public boolean cancel() {
        loop.checkInLoop("TimerHandle.cancel");
        if (cancelled || heapIndex < 0) {
            return false;
        }
        cancelled = true;
        loop.scheduler.timers.remove(this);
        return true;
    }

    /**
     * Tells whether {@link #cancel()} stopped this timer.
     *
     * @return {@code true} once the timer has been cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * The loop time, in nanoseconds (see {@link EventLoop#time()}), at which the timer is due.
     *
     * @return the deadline in loop nanoseconds
     */
    public long deadline() {
        return deadline;
    }

    @Override
    public String toString() {
        String state = cancelled ? "cancelled" : heapIndex >= 0 ? "pending" : "fired";
        return "TimerHandle[" + state + ", deadline=" + deadline + "ns, " + callback + "]";
    }
}
