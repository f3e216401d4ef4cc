package io.github.loopsync.loop;

import java.util.concurrent.CancellationException;

/**
 * The {@link CancellationException} that loop futures and tasks fail with when they are
 * cancelled. Catch it as a {@code CancellationException}; the subclass exists for one reason: it
 * records no stack trace by default.
 *
 * <p>A cancellation is control flow, not an error, and one is made for every waiter a cancelled
 * task leaves: filling in a stack trace cost about 750 bytes and most of the time of each (see
 * {@code docs/performance.md}, cancelling parked waiters). kotlinx.coroutines makes the same choice
 * for its {@code JobCancellationException}. To see where cancellations come from while debugging,
 * run with {@code -Dloopsync.cancellationStackTraces=true}.
 */
public final class LoopCancellationException extends CancellationException {

    private static final long serialVersionUID = 1L;

    /** Read once: whether cancellations record their stack traces. */
    private static final boolean STACK_TRACES = Boolean.getBoolean("loopsync.cancellationStackTraces");

    /**
     * Creates a cancellation with a message.
     *
     * @param message the message, or {@code null}
     */
    LoopCancellationException(String message) {
        super(message);
    }

    /**
     * Records the stack trace only when {@code loopsync.cancellationStackTraces} is set.
     *
     * @return this exception
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return STACK_TRACES ? super.fillInStackTrace() : this;
    }
}
