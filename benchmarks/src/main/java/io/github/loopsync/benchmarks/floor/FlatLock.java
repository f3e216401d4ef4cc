package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.floor.FlatModel.Future;
import io.github.loopsync.benchmarks.floor.FlatModel.Loop;

/** A FIFO lock with direct hand-off, as loopsync's {@code AsyncLock}. */
final class FlatLock {
    private final Loop loop;
    private final Future free;
    private boolean locked;
    private Future head;
    private Future tail;
    /** The waiter the lock was handed to that has not resumed yet. */
    private Future handingTo;

    FlatLock(Loop loop) {
        this.loop = loop;
        this.free = new Future(loop, null, null);
        free.state = free;                              // delivered, value null
        free.finished = true;
    }

    Future acquire() {
        checkLoop();
        if (!locked) {
            locked = true;
            return free;
        }
        Future waiter = new Future(loop, this, null);
        waiter.previous = tail;
        if (tail == null) {
            head = waiter;
        } else {
            tail.next = waiter;
        }
        tail = waiter;
        waiter.parked = true;
        return waiter;
    }

    void release() {
        checkLoop();
        if (!locked || handingTo != null) {
            throw new IllegalStateException("release of a lock that is free or being handed over");
        }
        handOff();
    }

    /** Queue length, for tests. */
    int parked() {
        int n = 0;
        for (Future w = head; w != null; w = w.next) {
            n++;
        }
        return n;
    }

    private void handOff() {
        Future first;
        while ((first = head) != null) {
            unlink(first);
            if (first.state == null) {              // else cancelled from another thread, not yet seen
                handingTo = first;
                first.grant(null);
                return;
            }
        }
        locked = false;
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

    void delivered(Future waiter) {
        if (handingTo == waiter) {
            handingTo = null;
        }
    }

    void grantReturned(Future waiter) {
        handingTo = null;
        handOff();
    }

    private void checkLoop() {
        if (!loop.inLoopThread()) {
            throw new IllegalStateException("lock used off its loop's thread");
        }
    }
}
