package io.github.loopsync.queue;

/**
 * The queue was shut down (asyncio's {@code QueueShutDown}, Python 3.13): thrown by the
 * non-waiting operations, and the failure of waiting ones, once {@link AsyncQueue#shutdown} has
 * been called and the operation cannot proceed.
 */
public final class QueueShutDownException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted on which queue
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
