package io.github.loopsync.queue;

import java.util.Comparator;
import java.util.Objects;

/**
 * An {@link AsyncQueue} that hands out the smallest item first (asyncio's {@code PriorityQueue}):
 * by natural order, or by a {@link Comparator}. Items of equal priority leave in the order they
 * were put, which asyncio only guarantees if the items themselves break ties.
 *
 * <p>Example: <pre>{@code
 * AsyncPriorityQueue<Job> jobs = new AsyncPriorityQueue<>(0, Comparator.comparingInt(Job::urgency));
 * jobs.putNowait(routine);
 * jobs.putNowait(urgent);
 * jobs.get();   // urgent first
 * }</pre>
 *
 * <p><b>Errors.</b> Without a comparator, a put of an item that is not {@link Comparable} throws
 * {@link ClassCastException} before the queue changes.
 *
 * <p><b>Fairness, cancellation, shutdown, loop confinement.</b> As for {@link AsyncQueue}; an item
 * given back by a cancelled getter leaves before any other item of the same priority.
 *
 * @param <E> the item type
 */
public final class AsyncPriorityQueue<E> extends AsyncQueue<E> {

    /** Creates an unbounded queue ordered by the items' natural order. */
    public AsyncPriorityQueue() {
        this(0);
    }

    /**
     * Creates a queue of at most {@code maxSize} items, ordered by the items' natural order.
     *
     * @param maxSize the capacity; zero or less means unbounded
     */
    public AsyncPriorityQueue(int maxSize) {
        super(maxSize, QueueStore.naturalPriority());
    }

    /**
     * Creates a queue of at most {@code maxSize} items, smallest first by {@code comparator}.
     *
     * @param maxSize the capacity; zero or less means unbounded
     * @param comparator the order
     */
    public AsyncPriorityQueue(int maxSize, Comparator<? super E> comparator) {
        super(maxSize, QueueStore.priority(Objects.requireNonNull(comparator, "comparator")));
    }
}
