package io.github.loopsync.bridge;

import io.github.loopsync.internal.WaitingOperation;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.queue.QueueShutDownException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This class is thread-safe: the state of one {@link BridgeQueue} under its lock, that is the
 * buffer, the loop tasks parked on either side and the slots in transit to them, with the
 * hand-offs between them and the shutdown protocol. The queue's public methods take {@link #lock}
 * and call in here; every method below expects the lock held unless it says otherwise.
 *
 * @param <E> the item type
 */
final class BridgeBuffer<E> {

    private final EventLoop loop;
    private final int capacity;
    /** Guards every field below. */
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an item enters the buffer: a thread in take or poll may find it. */
    final Condition notEmpty = lock.newCondition();
    /** Signalled when a slot frees up and no loop putter takes it: a thread in put or offer may. */
    final Condition notFull = lock.newCondition();
    private final ArrayDeque<E> items = new ArrayDeque<>();
    /** Loop tasks waiting in get(), oldest first. Non-empty only while items is empty. */
    private final LinkedHashSet<LoopGetter> getters = new LinkedHashSet<>();
    /** Loop tasks waiting in putAsync(), oldest first, each with its item. */
    private final LinkedHashSet<LoopPutter> putters = new LinkedHashSet<>();
    /** Loop putters holding a reserved slot whose task has not resumed yet. */
    private final LinkedHashSet<LoopPutter> reserved = new LinkedHashSet<>();
    /** Slots held by items handed to getters, or reserved for putters, that have not resumed. */
    private int inTransit;
    private boolean shutdown;

    /*
     * Implementation notes. One lock guards the state; blocked threads wait on its two conditions,
     * and loop tasks wait on loop futures that a thread (or the loop) grants under the lock. A
     * grant is tentative until the loop delivers it: the hooks onGrantRevoked (a cancellation won)
     * and onDelivery (the task resumes) run on the loop thread and take the lock, so an item handed
     * out and revoked goes back, and a slot reserved for a putter becomes its item only when the
     * putter resumes. The capacity check counts items plus slots in transit, so the bound holds.
     */

    BridgeBuffer(EventLoop loop, int capacity) {
        this.loop = loop;
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    // ================================================================ loop side

    /** Parks a loop getter. */
    LoopFuture<E> parkGetter() {
        LoopGetter getter = new LoopGetter();
        getters.add(getter);
        return getter;
    }

    /** Parks a loop putter with its item. */
    LoopFuture<Void> parkPutter(E item) {
        LoopPutter putter = new LoopPutter(item);
        putters.add(putter);
        return putter;
    }

    /** The loop side's failure for a shut-down queue. */
    <T> LoopFuture<T> failed(String operation) {
        return loop.failedFuture(shutDown(operation));
    }

    // ================================================================ shutdown

    /** Shuts down: fails the loop putters (and those holding a reserved slot), and the getters if no item is left. */
    void shutdown() {
        shutdown = true;
        for (LoopPutter putter : new ArrayList<>(putters)) {
            putter.completeExceptionally(shutDown("putAsync"));
        }
        putters.clear();
        // A putter holding a reserved slot has not put yet: its grant is revoked, and
        // onGrantRevoked gives the slot back. One whose delivery already committed puts its
        // item (its put happened before this shutdown).
        for (LoopPutter putter : new ArrayList<>(reserved)) {
            putter.completeExceptionally(shutDown("putAsync"));
        }
        if (items.isEmpty()) {
            failGetters();
        }
        notEmpty.signalAll();
        notFull.signalAll();
    }

    /** Removes and returns the items left, oldest first. */
    List<E> drain() {
        List<E> left = new ArrayList<>(items);
        items.clear();
        return left;
    }

    boolean isShutdown() {
        return shutdown;
    }

    // ================================================================ queries

    int size() {
        return items.size();
    }

    boolean hasItems() {
        return !items.isEmpty();
    }

    int waitingGetters() {
        return getters.size();
    }

    int waitingPutters() {
        return putters.size();
    }

    /** The queue's description. */
    String describe() {
        return "BridgeQueue[size=" + items.size() + "/" + capacity + (getters.isEmpty() ? "" : ", getters=" + getters.size())
                + (putters.isEmpty() ? "" : ", putters=" + putters.size()) + (shutdown ? ", shutdown" : "") + "]";
    }

    /**
     * Diagnostics, from any thread: a snapshot of the whole state, or {@code null} if the lock
     * stayed busy for {@code attempts} tries (this never blocks, so a stall report cannot hang on
     * the queue it reports on).
     */
    BridgeQueueState snapshot(int attempts) {
        for (int i = 0; i < attempts; i++) {
            if (lock.tryLock()) {
                try {
                    return new BridgeQueueState(items.size(), capacity, inTransit, getters.size(), putters.size(),
                            lock.getWaitQueueLength(notFull), lock.getWaitQueueLength(notEmpty), lock.getQueueLength(),
                            shutdown);
                } finally {
                    lock.unlock();
                }
            }
            Thread.yield();
        }
        return null;
    }

    /** Diagnostics: {@link #snapshot}, or the lock's holder when it stays busy. */
    String describeState() {
        BridgeQueueState state = snapshot(1_000);
        return state != null ? state.toString() : "BridgeQueue[lock busy: " + lock + "]";
    }

    // ================================================================ hand-offs

    /** Inserts if there is room: directly to a waiting loop getter, else into the buffer. */
    boolean tryInsert(E item) {
        if (shutdown) {
            throw shutDown("put");
        }
        if (items.size() + inTransit >= capacity) {
            return false;
        }
        handOver(item, false);
        return true;
    }

    /** A slot is free: the item goes to the oldest loop getter that accepts it, or the buffer. */
    private void handOver(E item, boolean toFront) {
        Iterator<LoopGetter> waiting = getters.iterator();
        while (waiting.hasNext()) {
            LoopGetter getter = waiting.next();
            waiting.remove();
            if (getter.hand(item)) {
                inTransit++;
                return;
            }
        }
        if (toFront) {
            items.addFirst(item);
        } else {
            items.addLast(item);
        }
        notEmpty.signal();
    }

    /** Takes the oldest item, or null if none; throws when empty and shut down. */
    E tryTake() {
        if (!items.isEmpty()) {
            return takeFirst();
        }
        if (shutdown) {
            throw shutDown("take");
        }
        return null;
    }

    E takeFirst() {
        E item = items.pollFirst();
        slotFreed();
        return item;
    }

    /** A slot is free: reserve it for the oldest loop putter, else wake a blocked thread. */
    private void slotFreed() {
        Iterator<LoopPutter> waiting = putters.iterator();
        while (waiting.hasNext() && items.size() + inTransit < capacity) {
            LoopPutter putter = waiting.next();
            waiting.remove();
            if (putter.reserve()) {
                reserved.add(putter);
                inTransit++;
            }
        }
        if (items.size() + inTransit < capacity) {
            notFull.signal();
        }
    }

    /** A slot held in transit is given up. Lock held. */
    private void releaseTransitSlot() {
        inTransit--;
        slotFreed();
    }

    private void underLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private void failGetters() {
        for (LoopGetter getter : new ArrayList<>(getters)) {
            getter.completeExceptionally(shutDown("get"));
        }
        getters.clear();
    }

    private QueueShutDownException shutDown(String operation) {
        return new QueueShutDownException(operation + "() on shut-down " + describeUnlocked());
    }

    private String describeUnlocked() {
        return "BridgeQueue[size=" + items.size() + "/" + capacity + ", shutdown]";
    }

    /** Why a loop-side get or put refuses {@code complete} (see LoopFuture#manualCompletionRefusal). */
    private static final String REFUSAL = "a BridgeQueue's loop-side get or put completes only when the queue hands it an"
            + " item or a slot; cancel() it (or use completeExceptionally) to withdraw the wait";

    /** A loop task waiting for an item. */
    private final class LoopGetter extends LoopFuture<E> implements WaitingOperation {
        LoopGetter() {
            super(loop);
        }

        @Override
        protected String manualCompletionRefusal() {
            return REFUSAL;
        }

        /** Any thread, lock held: hands the item over, unless the getter was cancelled. */
        boolean hand(E item) {
            return grant(item);
        }

        @Override
        protected void onWithdrawn() {
            underLock(() -> getters.remove(this));
        }

        /** Cancelled after the hand-over: the item goes back to the front. */
        @Override
        protected void onGrantRevoked(E item) {
            lock.lock();
            try {
                inTransit--;
                handOver(item, true);
            } finally {
                lock.unlock();
            }
        }

        /** Resumed with its item: its slot frees up. */
        @Override
        protected void onDelivery() {
            if (!isCompletedExceptionally()) {
                underLock(BridgeBuffer.this::releaseTransitSlot);
            }
        }
    }

    /** A loop task waiting for room; its item enters when it resumes holding a reserved slot. */
    private final class LoopPutter extends LoopFuture<Void> implements WaitingOperation {
        private final E item;

        LoopPutter(E item) {
            super(loop);
            this.item = item;
        }

        @Override
        protected String manualCompletionRefusal() {
            return REFUSAL;
        }

        boolean reserve() {
            return grant(null);
        }

        @Override
        protected void onWithdrawn() {
            underLock(() -> putters.remove(this));
        }

        /** Cancelled (or shut down) after a slot was reserved: the slot goes on. */
        @Override
        protected void onGrantRevoked(Void slot) {
            lock.lock();
            try {
                reserved.remove(this);
                releaseTransitSlot();
            } finally {
                lock.unlock();
            }
        }

        /** Resumed holding its slot (the grant is final now): the item enters the queue. */
        @Override
        protected void onDelivery() {
            if (isCompletedExceptionally()) {
                return;
            }
            lock.lock();
            try {
                reserved.remove(this);
                inTransit--;
                handOver(item, false);
            } finally {
                lock.unlock();
            }
        }
    }
}
