package io.github.loopsync.queue;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link AsyncQueue#getNowait} when the queue has no item (asyncio's {@code
 * QueueEmpty}). The queue is unchanged.
 */
public final class QueueEmptyException extends NoSuchElementException {

    private static final long serialVersionUID = 1L;

    QueueEmptyException(String message) {
        super(message);
    }
}
