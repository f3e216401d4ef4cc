package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.floor.FlatModel.Future;

/** The flat model's FIFO of parked waiters, linked through the waiters themselves: O(1) unlink. */
final class FlatWaitList {
    private Future head;
    private Future tail;

    void add(Future waiter) {
        waiter.previous = tail;
        if (tail == null) {
            head = waiter;
        } else {
            tail.next = waiter;
        }
        tail = waiter;
        waiter.parked = true;
    }

    /**
     * Unlinks and returns the oldest waiter that is still pending, or null. A waiter cancelled from
     * another thread that the loop has not seen yet is unlinked and passed over; its withdrawal,
     * already posted, finds it unlinked.
     */
    Future pollPending() {
        Future first;
        while ((first = head) != null) {
            unlink(first);
            if (first.state == null) {
                return first;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return head == null;
    }

    void unlink(Future waiter) {
        Future before = waiter.previous;
        Future after = waiter.next;
        if (before == null) {
            head = after;
        } else {
            before.next = after;
        }
        if (after == null) {
            tail = before;
        } else {
            after.previous = before;
        }
        waiter.previous = null;
        waiter.next = null;
        waiter.parked = false;
    }

    /** How many are linked, for tests. */
    int size() {
        int n = 0;
        for (Future w = head; w != null; w = w.next) {
            n++;
        }
        return n;
    }
}
