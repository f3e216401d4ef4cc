package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.floor.FlatModel.Future;
import io.github.loopsync.benchmarks.floor.FlatModel.Loop;
import java.util.ArrayDeque;

/**
 * A bounded FIFO queue with direct hand-off, as loopsync's {@code AsyncQueue(maxSize)} without
 * {@code join}, {@code taskDone} and shutdown. A put to a parked getter hands the item to it; a get
 * that frees a slot hands the slot to the oldest parked putter. Each hand-off is in transit until
 * the waiter's delivery and occupies a slot meanwhile; one revoked by a cancellation that won gives
 * back what it held: an item to the next getter or the front of the store, a slot to the next putter.
 */
final class FlatQueue {
    private final Loop loop;
    private final int maxSize;
    private final ArrayDeque<Object> store = new ArrayDeque<>();
    private final FlatWaitList getters = new FlatWaitList();
    private final FlatWaitList putters = new FlatWaitList();
    private final Future putDone;
    private int gettersInTransit;
    private int puttersInTransit;

    FlatQueue(Loop loop, int maxSize) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize " + maxSize);
        }
        this.loop = loop;
        this.maxSize = maxSize;
        this.putDone = Future.completed(loop, null);
    }

    Future put(Object item) {
        loop.checkThread();
        if (item == null) {
            throw new NullPointerException("item");
        }
        if (isFull()) {
            Future putter = Future.waiter(loop, Future.PUT, this, item);
            putters.add(putter);
            return putter;
        }
        insert(item);
        return putDone;
    }

    Future get() {
        loop.checkThread();
        if (!store.isEmpty()) {
            Object item = store.poll();
            admitPutters();
            return Future.completed(loop, item);
        }
        Future getter = Future.waiter(loop, Future.GET, this, null);
        getters.add(getter);
        return getter;
    }

    /** Items stored, not counting those in transit. */
    int size() {
        return store.size();
    }

    int parkedGetters() {
        return getters.size();
    }

    int parkedPutters() {
        return putters.size();
    }

    private boolean isFull() {
        return store.size() + gettersInTransit + puttersInTransit >= maxSize;
    }

    private void insert(Object item) {
        handToGetterOrStore(item, false);
    }

    private void handToGetterOrStore(Object item, boolean toFront) {
        Future getter = getters.pollPending();
        if (getter != null) {
            gettersInTransit++;
            getter.grant(item);
        } else if (toFront) {
            store.addFirst(item);
        } else {
            store.addLast(item);
        }
    }

    private void admitPutters() {
        while (!putters.isEmpty() && !isFull()) {
            Future putter = putters.pollPending();
            if (putter == null) {
                return;
            }
            puttersInTransit++;
            putter.grant(null);
        }
    }

    void unlink(Future waiter) {
        (waiter.kind == Future.GET ? getters : putters).unlink(waiter);
    }

    /** A hand-off ended at the waiter's delivery. */
    void delivered(Future waiter) {
        if (waiter.kind == Future.GET) {
            gettersInTransit--;
            admitPutters();
        } else {
            puttersInTransit--;
            insert(waiter.carried);
        }
    }

    /** A cancellation won over a hand-off: what it held goes on. */
    void grantReturned(Future waiter, Object item) {
        if (waiter.kind == Future.GET) {
            gettersInTransit--;
            handToGetterOrStore(item, true);
        } else {
            puttersInTransit--;
            admitPutters();
        }
    }
}
