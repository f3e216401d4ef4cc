package io.github.loopsync.loop.spi;

import java.time.Duration;

/**
 * A clock that only moves when told to, or, in auto-advance mode, when the loop is idle: then it
 * jumps straight to the next timer's deadline. A test that sleeps for minutes runs in
 * microseconds, and runs the same way every time.
 *
 * <p>Example: <pre>{@code
 * VirtualClock clock = VirtualClock.autoAdvancing();
 * EventLoop loop = EventLoop.builder().clock(clock).build();
 * String woke = loop.runUntilComplete(() ->
 *     Tasks.sleep(Duration.ofMinutes(5)).thenApply(ignored -> "after " + clock.now()));
 * // woke is "after PT5M", and no real time passed
 * }</pre>
 *
 * <p><b>Loop confinement.</b> Like the loop that reads it, a virtual clock is used from the loop's
 * thread only; it has no synchronization.
 */
public final class VirtualClock implements LoopClock {

    private final boolean autoAdvance;
    private long now;

    private VirtualClock(boolean autoAdvance) {
        this.autoAdvance = autoAdvance;
    }

    /**
     * A clock at time zero that jumps to the next timer whenever the loop has nothing ready.
     *
     * @return a new auto-advancing clock
     */
    public static VirtualClock autoAdvancing() {
        return new VirtualClock(true);
    }

    /**
     * A clock at time zero that moves only through {@link #advance(Duration)}; an idle loop with
     * pending timers simply has nothing to do until the test advances it.
     *
     * @return a new manual clock
     */
    public static VirtualClock manual() {
        return new VirtualClock(false);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long idle(long nextDeadline) {
        if (!autoAdvance || nextDeadline == Long.MAX_VALUE) {
            // Virtual time never passes by itself: only a post from another thread can help.
            return Long.MAX_VALUE;
        }
        if (nextDeadline > now) {
            now = nextDeadline;
        }
        return 0;
    }

    /**
     * Moves time forward. Timers that become due fire at the loop's next iteration.
     *
     * @param amount how far to move; zero is allowed
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount: " + amount + " (expected: >= 0)");
        }
        now += amount.toNanos();
    }

    /**
     * The current virtual time as a duration since the clock was created.
     *
     * @return the elapsed virtual time
     */
    public Duration now() {
        return Duration.ofNanos(now);
    }

    @Override
    public String toString() {
        return "VirtualClock[" + (autoAdvance ? "auto-advancing" : "manual") + ", now=" + now() + "]";
    }
}
