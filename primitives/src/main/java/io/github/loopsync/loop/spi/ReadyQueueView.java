package io.github.loopsync.loop.spi;

import io.github.loopsync.loop.Task;

/**
 * A read-only view of the loop's ready callbacks, oldest first, given to a {@link ReadyPolicy}.
 * Valid only during the call it was passed to.
 */
public interface ReadyQueueView {

    /**
     * The number of ready callbacks.
     *
     * @return the size, at least 1 when passed to a policy
     */
    int size();

    /**
     * The task a ready callback runs for: the task whose step it is or whose awaited future it
     * delivers, or {@code null} for a plain callback.
     *
     * @param index position, 0 = oldest
     * @return the task, or {@code null}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    Task<?> task(int index);

    /**
     * A short human-readable description of a ready callback, for traces.
     *
     * @param index position, 0 = oldest
     * @return the description
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    String describe(int index);
}
