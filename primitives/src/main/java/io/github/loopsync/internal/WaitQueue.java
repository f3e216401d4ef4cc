package io.github.loopsync.internal;

import io.github.loopsync.loop.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
     * Grants {@code value} to the oldest parked waiter that takes it: each waiter tried is
     * unlinked, and one cancelled from another thread (which refuses the grant) is skipped.
     *
     * @param value the grant
     * @param <T> the grant's type, which must be the waiters' value type
     * @return the waiter that took the grant, or {@code null} if none was parked
     */
    @SuppressWarnings("unchecked")
    public <T> W grantFirst(T value) {
        W first;
        while ((first = peek()) != null) {
            if (((Waiter<T>) first).offer(value)) {
                return first;
            }
        }
        return null;
    }

    /**
     * Grants {@code value} to every parked waiter (an event set, a queue's joiners released).
     *
     * @param value the grant
     * @param <T> the grant's type, which must be the waiters' value type
     */
    @SuppressWarnings("unchecked")
    public <T> void grantAll(T value) {
        // Detach the whole list first, then walk it: each waiter then gets only null stores to its
        // links, where unlinking one at a time would store into its successor and into this queue.
        // Waiters parked long enough to be in the old generation make every non-null store a G1
        // fence, and an event's waiters are often such. A grant runs no code of the waiting side
        // (delivery waits for the loop's next step), so nothing parks here during the walk.
        Waiter<?> waiter = head;
        head = null;
        tail = null;
        size = 0;
        while (waiter != null) {
            Waiter<?> next = waiter.next;
            waiter.queue = null;
            waiter.previous = null;
            waiter.next = null;
            ((Waiter<T>) waiter).offer(value);          // refused only if cancelled from another thread
            waiter = next;
        }
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
     * Removes every parked waiter that {@code leaving} accepts, oldest first, handing each to
     * {@code removed} once it is unlinked; O(n). For waiters already cancelled from another thread
     * whose withdrawal the loop has not run yet, where a primitive must not count them.
     *
     * @param leaving which waiters to remove
     * @param removed called with each removed waiter
     */
    @SuppressWarnings("unchecked")
    public void removeIf(Predicate<? super W> leaving, Consumer<? super W> removed) {
        Waiter<?> waiter = head;
        while (waiter != null) {
            Waiter<?> next = waiter.next;
            if (leaving.test((W) waiter)) {
                unlink(waiter);
                removed.accept((W) waiter);
            }
            waiter = next;
        }
    }

    /**
     * The tasks of the parked waiters, oldest first (waiters outside any task are skipped).
     *
     * @return the tasks
     */
    public List<Task<?>> tasks() {
        Set<Task<?>> tasks = new LinkedHashSet<>();
        for (Waiter<?> waiter = head; waiter != null; waiter = waiter.next) {
            Task<?> task = waiter.task();
            if (task != null) {
                tasks.add(task);
            }
        }
        return new ArrayList<>(tasks);
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
