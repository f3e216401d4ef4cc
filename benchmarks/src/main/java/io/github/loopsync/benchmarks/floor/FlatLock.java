package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.floor.FlatModel.Future;
import io.github.loopsync.benchmarks.floor.FlatModel.Loop;

/** A FIFO lock with direct hand-off, as loopsync's {@code AsyncLock}. */
final class FlatLock {
    private final Loop loop;
    private final Future free;
    private final FlatWaitList waiters = new FlatWaitList();
    private boolean locked;
    /** The waiter the lock was handed to that has not resumed yet. */
    private Future handingTo;

    FlatLock(Loop loop) {
        this.loop = loop;
        this.free = Future.completed(loop, null);
    }

    Future acquire() {
        loop.checkThread();
        if (!locked) {
            locked = true;
            return free;
        }
        Future waiter = Future.waiter(loop, Future.LOCK, this, null);
        waiters.add(waiter);
        return waiter;
    }

    void release() {
        loop.checkThread();
        if (!locked || handingTo != null) {
            throw new IllegalStateException("release of a lock that is free or being handed over");
        }
        handOff();
    }

    /** Queue length, for tests. */
    int parked() {
        return waiters.size();
    }

    private void handOff() {
        Future first = waiters.pollPending();
        if (first == null) {
            locked = false;
            return;
        }
        handingTo = first;
        first.grant(null);
    }

    void unlink(Future waiter) {
        waiters.unlink(waiter);
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
}
