package io.github.loopsync.queue;

/**
 * Thrown by {@link AsyncQueue#putNowait} when the queue is full (asyncio's {@code QueueFull}). The
 * queue is unchanged.
 */
public final class QueueFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    QueueFullException(String message) {
        super(message);
    }
}
