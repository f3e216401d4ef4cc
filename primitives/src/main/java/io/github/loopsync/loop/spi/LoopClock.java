package io.github.loopsync.loop.spi;

/**
 * The time source of an event loop, and what the loop does when it has nothing to run.
 *
 * <p>All time in loopsync is loop time: nanoseconds read through {@link #nanoTime()}. The loop
 * never calls {@code System.nanoTime()} itself, so an implementation can make time virtual.
 *
 * <p><b>Loop confinement.</b> The loop calls both methods on its own thread only.
 */
public interface LoopClock {

    /**
     * The current loop time in nanoseconds. It never decreases.
     *
     * @return the current time
     */
    long nanoTime();

    /**
     * Called when no callback is ready and none of the loop's timers is due. {@code nextDeadline}
     * is the earliest timer's deadline, or {@link Long#MAX_VALUE} if no timer is pending.
     *
     * <p>A real clock returns how long the loop may park its thread (until the deadline; a post
     * from another thread wakes it earlier). A virtual clock may instead move time forward
     * (typically to {@code nextDeadline}) and return 0: the loop then fires the timers that became
     * due without waiting. {@link Long#MAX_VALUE} means "park until another thread posts".
     *
     * @param nextDeadline the earliest pending deadline, or {@code Long.MAX_VALUE}
     * @return 0 if time moved and the loop should look for due timers again, else the longest
     *     time in real nanoseconds the loop may park
     */
    long idle(long nextDeadline);

    /**
     * The wall clock: {@code System.nanoTime()} relative to the moment the clock was created. This
     * is what loops use unless told otherwise.
     *
     * @return a new system clock starting at zero
     */
    static LoopClock system() {
        long origin = System.nanoTime();
        return new LoopClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime() - origin;
            }

            @Override
            public long idle(long nextDeadline) {
                if (nextDeadline == Long.MAX_VALUE) {
                    return Long.MAX_VALUE;
                }
                return Math.max(1, nextDeadline - nanoTime());
            }

            @Override
            public String toString() {
                return "LoopClock.system()";
            }
        };
    }
}
