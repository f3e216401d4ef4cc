package io.github.loopsync.internal;

/**
 * The FIFO of parked waiters under every primitive: an intrusive doubly-linked list, so that
 * parking, granting the oldest and withdrawing a cancelled waiter are all O(1) and cost no
 * allocation beyond the waiter itself. Loop-confined; not thread-safe.
 *
 * @param <W> the waiter type
 */
public final class WaitQueue<W extends Waiter<?>> {

    private Waiter<?> head;
    private Waiter<?> tail;
    private int size;

    /**
     * Parks {@code waiter} at the tail.
     *
     * @param waiter a waiter not parked anywhere
     * @throws IllegalStateException if the waiter is already parked
     */
    public void add(W waiter) {
        if (waiter.queue != null) {
            throw new IllegalStateException("waiter is already parked: " + waiter);
        }
        waiter.queue = this;
        waiter.previous = tail;
        waiter.next = null;
        if (tail == null) {
            head = waiter;
        } else {
            tail.next = waiter;
        }
        tail = waiter;
        size++;
    }

    /**
     * The oldest parked waiter, or {@code null}.
     *
     * @return the head
     */
    @SuppressWarnings("unchecked")
    public W peek() {
        return (W) head;
    }

    /**
     * Removes and returns the oldest parked waiter, or {@code null}.
     *
     * @return the former head
     */
    public W poll() {
        W first = peek();
        if (first != null) {
            unlink(first);
        }
        return first;
    }

    /**
     * Moves the oldest waiter to the tail of {@code other}, keeping its future pending.
     *
     * @param other the destination
     * @return the moved waiter, or {@code null} if this queue was empty
     */
    @SuppressWarnings("unchecked")
    public W transferFirstTo(WaitQueue<? super W> other) {
        W first = poll();
        if (first != null) {
            ((WaitQueue<W>) other).add(first);
        }
        return first;
    }

    /**
     * The number of parked waiters.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * True when nobody is parked.
     *
     * @return whether the queue is empty
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Removes a parked waiter, in O(1); does nothing if it is not parked here.
     *
     * @param waiter the waiter
     */
    public void remove(W waiter) {
        unlink(waiter);
    }

    /**
     * The tasks of the parked waiters, oldest first (waiters outside any task are skipped).
     *
     * @return the tasks
     */
    public java.util.List<io.github.loopsync.loop.Task<?>> tasks() {
        java.util.List<io.github.loopsync.loop.Task<?>> tasks = new java.util.ArrayList<>(size);
        for (Waiter<?> waiter = head; waiter != null; waiter = waiter.next) {
            if (waiter.task() != null && !tasks.contains(waiter.task())) {
                tasks.add(waiter.task());
            }
        }
        return tasks;
    }

    void unlink(Waiter<?> waiter) {
        if (waiter.queue != this) {
            return;
        }
        Waiter<?> previous = waiter.previous;
        Waiter<?> next = waiter.next;
        if (previous == null) {
            head = next;
        } else {
            previous.next = next;
        }
        if (next == null) {
            tail = previous;
        } else {
            next.previous = previous;
        }
        waiter.queue = null;
        waiter.previous = null;
        waiter.next = null;
        size--;
    }

    @Override
    public String toString() {
        return "WaitQueue[size=" + size + "]";
    }
}
