package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.floor.LayeredModel.Core;
import io.github.loopsync.benchmarks.floor.LayeredModel.Loop;
import io.github.loopsync.benchmarks.floor.LayeredWaiting.WaitQueue;
import io.github.loopsync.benchmarks.floor.LayeredWaiting.Waiter;
import java.util.ArrayDeque;

/**
 * The layered model's bounded FIFO queue, arranged as loopsync's {@code QueueCore}: a getter and a
 * putter class that override the shared waiter's hooks ({@link LayeredWaiting}), with the same
 * hand-offs and transits as {@link FlatQueue}. See {@link LayeredModel}.
 */
final class LayeredQueue {
    private final Loop loop;
    private final int maxSize;
    private final ArrayDeque<Object> store = new ArrayDeque<>();
    private final WaitQueue getters = new WaitQueue();
    private final WaitQueue putters = new WaitQueue();
    private final Core putDone;
    private int gettersInTransit;
    private int puttersInTransit;

    LayeredQueue(Loop loop, int maxSize) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize " + maxSize);
        }
        this.loop = loop;
        this.maxSize = maxSize;
        this.putDone = done(loop, null);
    }

    /** A future already delivered with {@code value} (a waiter never parked, as the lock's free grant). */
    private Core done(Loop bound, Object value) {
        Core future = new GetWaiter(this, bound);
        future.completeInline(value, null);
        return future;
    }

    Core put(Object item) {
        Loop bound = check();
        if (item == null) {
            throw new NullPointerException("item");
        }
        if (isFull()) {
            PutWaiter putter = new PutWaiter(this, bound, item);
            putters.add(putter);
            return putter;
        }
        insert(item);
        return putDone;
    }

    Core get() {
        Loop bound = check();
        if (!store.isEmpty()) {
            Object item = store.poll();
            admitPutters();
            return done(bound, item);
        }
        GetWaiter getter = new GetWaiter(this, bound);
        getters.add(getter);
        return getter;
    }

    /** Items stored, not counting those in transit. */
    int size() {
        return store.size();
    }

    int parkedGetters() {
        return getters.size;
    }

    int parkedPutters() {
        return putters.size;
    }

    private boolean isFull() {
        return store.size() + gettersInTransit + puttersInTransit >= maxSize;
    }

    private void insert(Object item) {
        handToGetterOrStore(item, false);
    }

    private void handToGetterOrStore(Object item, boolean toFront) {
        if (getters.grantFirst(item) != null) {
            gettersInTransit++;
        } else if (toFront) {
            store.addFirst(item);
        } else {
            store.addLast(item);
        }
    }

    private void admitPutters() {
        while (putters.size > 0 && !isFull() && putters.grantFirst(null) != null) {
            puttersInTransit++;
        }
    }

    private Loop check() {
        return Loop.checked(loop, "queue");
    }

    /** A task waiting in get(); an item handed to it and not delivered goes back on cancellation. */
    private static final class GetWaiter extends Waiter {
        private final LayeredQueue queue;

        GetWaiter(LayeredQueue queue, Loop loop) {
            super(loop);
            this.queue = queue;
        }

        @Override
        void onDelivery() {
            queue.gettersInTransit--;
            queue.admitPutters();
        }

        @Override
        void onGrantReturned(Object item) {
            queue.gettersInTransit--;
            queue.handToGetterOrStore(item, true);
        }
    }

    /** A task waiting in put(); its item enters the queue when it resumes holding a slot. */
    private static final class PutWaiter extends Waiter {
        private final LayeredQueue queue;
        private final Object item;

        PutWaiter(LayeredQueue queue, Loop loop, Object item) {
            super(loop);
            this.queue = queue;
            this.item = item;
        }

        @Override
        void onDelivery() {
            queue.puttersInTransit--;
            queue.insert(item);
        }

        @Override
        void onGrantReturned(Object slot) {
            queue.puttersInTransit--;
            queue.admitPutters();
        }
    }
}
