package io.github.loopsync.loop;

import java.util.List;

/**
 * The failure of a {@link TaskGroup}: every exception its tasks failed with (cancellations not
 * counted), in the order they happened, like Python's {@code ExceptionGroup}. Each is also
 * attached as a suppressed exception; the first is the cause.
 */
public final class TaskGroupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The failures; not serialized beyond the suppressed list. */
    private final transient List<Throwable> exceptions;

    TaskGroupException(List<Throwable> exceptions) {
        super(exceptions.size() + " task(s) of the group failed; first: " + exceptions.get(0), exceptions.get(0));
        this.exceptions = List.copyOf(exceptions);
        for (Throwable exception : exceptions) {
            addSuppressed(exception);
        }
    }

    /**
     * The failures, oldest first.
     *
     * @return an unmodifiable list with at least one element
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
