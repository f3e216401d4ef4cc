package io.github.loopsync.queue;

/**
 * An {@link AsyncQueue} that hands out the most recently put item first (asyncio's {@code
 * LifoQueue}): a stack with waiting {@code get} and {@code put}.
 *
 * <p>Example: <pre>{@code
 * AsyncLifoQueue<Page> toVisit = new AsyncLifoQueue<>();   // depth-first crawl
 * toVisit.putNowait(root);
 * }</pre>
 *
 * <p><b>Fairness, cancellation, shutdown, loop confinement.</b> As for {@link AsyncQueue}: waiting
 * getters are served oldest first, each with the newest item at that moment; an item given back by
 * a cancelled getter is on top again.
 *
 * @param <E> the item type
 */
public final class AsyncLifoQueue<E> extends AsyncQueue<E> {

    /** Creates an unbounded stack. */
    public AsyncLifoQueue() {
        this(0);
    }

    /**
     * Creates a stack of at most {@code maxSize} items.
     *
     * @param maxSize the capacity; zero or less means unbounded
     */
    public AsyncLifoQueue(int maxSize) {
        super(maxSize, QueueStore.lifo());
    }
}
