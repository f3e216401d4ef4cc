package io.github.loopsync.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Where a queue keeps its items: the one thing FIFO, LIFO and priority queues do differently
 * (asyncio's {@code _put}/{@code _get} hooks). Loop-confined.
 */
abstract class QueueStore<E> {

    abstract void add(E item);

    /** Rejects an item the store could not order, before anything changes. */
    void check(E item) {
    }

    abstract E poll();

    /** Puts back an item a cancelled getter had been handed: it leaves next, before any other. */
    abstract void returnToFront(E item);

    abstract int size();

    /** The items in the order they would leave. */
    abstract List<E> snapshot();

    static <E> QueueStore<E> fifo() {
        return new DequeStore<>(false);
    }

    static <E> QueueStore<E> lifo() {
        return new DequeStore<>(true);
    }

    /**
     * FIFO and LIFO: one deque whose front is the next item to leave. A FIFO store adds at the back,
     * a LIFO store at the front; either way a returned item goes back to the front.
     */
    private static final class DequeStore<E> extends QueueStore<E> {
        private final ArrayDeque<E> items = new ArrayDeque<>();
        private final boolean lifo;

        DequeStore(boolean lifo) {
            this.lifo = lifo;
        }

        @Override
        void add(E item) {
            if (lifo) {
                items.addFirst(item);
            } else {
                items.addLast(item);
            }
        }

        @Override
        E poll() {
            return items.pollFirst();
        }

        @Override
        void returnToFront(E item) {
            items.addFirst(item);
        }

        @Override
        int size() {
            return items.size();
        }

        @Override
        List<E> snapshot() {
            return new ArrayList<>(items);
        }
    }

    /** Smallest first by natural order; items must be {@link Comparable}. */
    @SuppressWarnings("unchecked")
    static <E> QueueStore<E> naturalPriority() {
        return priority((a, b) -> ((Comparable<Object>) a).compareTo(b), true);
    }

    /** Smallest first; equal priorities in insertion order (a sequence number breaks ties). */
    static <E> QueueStore<E> priority(Comparator<? super E> comparator) {
        return priority(comparator, false);
    }

    private static <E> QueueStore<E> priority(Comparator<? super E> comparator, boolean requireComparable) {
        return new QueueStore<>() {
            @Override
            void check(E item) {
                if (requireComparable && !(item instanceof Comparable)) {
                    throw new ClassCastException("item " + item + " of " + item.getClass().getName()
                            + " is not Comparable; give the priority queue a Comparator");
                }
            }

            /** An item and its arrival number. */
            final class Entry {
                final E item;
                final long sequence;

                Entry(E item, long sequence) {
                    this.item = item;
                    this.sequence = sequence;
                }
            }

            private final PriorityQueue<Entry> items = new PriorityQueue<>(
                    (a, b) -> {
                        int byPriority = comparator.compare(a.item, b.item);
                        return byPriority != 0 ? byPriority : Long.compare(a.sequence, b.sequence);
                    });
            private long nextSequence;
            /** Returned items go before every tie: they get decreasing negative numbers. */
            private long returnedSequence;

            @Override
            void add(E item) {
                items.add(new Entry(item, nextSequence++));
            }

            @Override
            E poll() {
                Entry first = items.poll();
                return first == null ? null : first.item;
            }

            @Override
            void returnToFront(E item) {
                items.add(new Entry(item, --returnedSequence));
            }

            @Override
            int size() {
                return items.size();
            }

            @Override
            List<E> snapshot() {
                List<Entry> sorted = new ArrayList<>(items);
                sorted.sort(items.comparator());
                List<E> order = new ArrayList<>(sorted.size());
                for (Entry entry : sorted) {
                    order.add(entry.item);
                }
                return order;
            }
        };
    }
}
