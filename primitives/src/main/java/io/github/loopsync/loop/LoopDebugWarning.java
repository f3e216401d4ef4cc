package io.github.loopsync.loop;

import java.util.Objects;

/**
 * A warning of a loop in debug mode ({@link EventLoopBuilder#debug}), handed to the loop's {@link
 * LoopExceptionHandler} like an unhandled exception: a callback that blocked the loop, a waiting
 * future nobody chained on, or a lock, permit, token, latch waiter or task left behind when the
 * loop closed. It is never thrown; its stack trace is the place it is about (where the callback
 * was scheduled, where the future or the task was created, where the lock, permit or token was
 * acquired), captured when that happened, and its message names that place's first frame.
 *
 * <p>Example: a test that fails on any warning. <pre>{@code
 * List<LoopDebugWarning> warnings = new ArrayList<>();
 * EventLoop loop = EventLoop.builder().debug(true)
 *         .exceptionHandler((l, message, error, task) -> {
 *             if (error instanceof LoopDebugWarning) warnings.add((LoopDebugWarning) error);
 *         })
 *         .build();
 * }</pre>
 *
 * <p><b>Loop confinement.</b> Created and reported on the loop's thread; an ordinary immutable
 * object afterwards.
 */
public final class LoopDebugWarning extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What a warning is about. */
    public enum Kind {
        /** A callback or task step ran longer than the slow-callback threshold, blocking the loop. */
        SLOW_CALLBACK,
        /**
         * A future returned by a waiting operation had nothing chained on it when the callback that
         * created it returned (asyncio's "coroutine was never awaited").
         */
        UNCHAINED_FUTURE,
        /**
         * A lock was still held, or a semaphore's permit, a read-write lock's read hold or write
         * lock, or a capacity limiter's token still taken, when the loop closed.
         */
        HELD_AT_CLOSE,
        /**
         * A task had not finished, or a latch still had a waiter parked, when the loop began to
         * close (the close cancels it).
         */
        PENDING_AT_CLOSE
    }

    /** What the warning is about. */
    private final Kind kind;

    /**
     * Creates a warning whose stack trace is {@code site}.
     *
     * @param kind what it is about
     * @param message the description
     * @param site the place it is about, first the user's frame; may be empty
     */
    LoopDebugWarning(Kind kind, String message, StackTraceElement[] site) {
        super(message, null, false, true);
        this.kind = Objects.requireNonNull(kind, "kind");
        setStackTrace(site);
    }

    /**
     * What the warning is about.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
