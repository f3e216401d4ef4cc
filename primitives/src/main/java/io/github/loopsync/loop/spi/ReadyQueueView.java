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

    /**
     * The origin of a ready callback: what scheduled it. Callbacks with the same origin run in the
     * order they were scheduled under every legal schedule, so a policy that explores other orders
     * must never run one before an older one with the same origin. The origin is a task for
     * everything a task scheduled while it ran (its {@code callSoon}s, the tasks it created, the
     * wake-ups it caused, its timers once they fire); for what a plain callback scheduled, it is
     * that callback's own origin; every post from another thread has one shared origin; and what
     * was scheduled while no callback ran has another. Compare origins with {@code ==} only.
     *
     * <p>The default, for views that do not track origins, is {@link #task(int)}.
     *
     * @param index position, 0 = oldest
     * @return an opaque token, never {@code null}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    default Object origin(int index) {
        Task<?> task = task(index);
        return task != null ? task : this;
    }

    /**
     * How many of the oldest ready callbacks belong to the current iteration: the loop runs the
     * callbacks that were ready when an iteration began before any made ready during it, so a
     * policy must choose an index below this number.
     *
     * @return between 1 and {@link #size()} when passed to a policy
     */
    default int eligible() {
        return size();
    }
}
