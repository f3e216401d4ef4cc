package io.github.loopsync.bridge;

import io.github.loopsync.internal.WaitingOperation;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.queue.QueueShutDownException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This class is thread-safe: a bounded queue between plain threads and the tasks of one event loop
 * (what janus gives Python). Threads block in {@link #put} and {@link #take}; tasks on the loop
 * wait without blocking in {@link #get()} and {@link #putAsync}. Items may flow either way.
 *
 * <p>Example: <pre>{@code
 * BridgeQueue<Reading> readings = new BridgeQueue<>(loop, 1_000);
 * // a sensor thread:
 * readings.put(sensor.read());                              // blocks while the queue is full
 * // a task on the loop:
 * readings.get().thenAccept(reading -> dashboard.show(reading));
 * }</pre>
 *
 * <p><b>Fairness.</b> Items leave in the order they entered. Loop tasks waiting in {@code get()} or
 * {@code putAsync()} are served first come, first served; an item or slot is handed to a waiting
 * task directly, and held for it until it resumes. Blocked threads are woken through one lock's
 * conditions, in no guaranteed order.
 *
 * <p><b>Cancellation and timeouts.</b> Cancelling a loop task's {@code get()} or {@code putAsync()}
 * withdraws it; an item handed to a getter that is cancelled before it resumes goes back to the
 * front of the queue, and a putter cancelled after it was given a slot never inserts its item. A
 * blocked thread can give up after a timeout ({@link #offer(Object, Duration)}, {@link
 * #poll(Duration)}) or by interruption. No item is ever lost or delivered twice.
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} makes every later put fail with {@link
 * io.github.loopsync.queue.QueueShutDownException} and wakes every waiter on both sides: putters
 * fail, takers drain the items left and then fail. {@link #shutdownNow()} also removes the items
 * left and returns them.
 *
 * <p><b>Threads.</b> {@code put}, {@code offer}, {@code take}, {@code poll}, {@code shutdown} and
 * the queries may be called from any thread, including the loop's (where blocking calls would
 * stall the loop and are refused). {@code get()} and {@code putAsync()} must be called on the
 * thread of the loop given to the constructor while that loop is open: from any other thread, and
 * from every thread once the loop has closed (also the thread that ran it, when a new loop runs
 * there now), they throw {@link IllegalStateException} at once. A bridge never moves to another
 * loop. For a queue used only by loop tasks, {@link AsyncQueue} is simpler and faster.
 *
 * @param <E> the item type
 */
public final class BridgeQueue<E> {

    private final EventLoop loop;
    private final int capacity;
    /** Guards every field below. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
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

    /**
     * Creates a bridge to {@code loop} holding at most {@code capacity} items.
     *
     * @param loop the loop whose tasks use {@link #get()} and {@link #putAsync}
     * @param capacity the maximum number of items, at least 1
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public BridgeQueue(EventLoop loop, int capacity) {
        this.loop = Objects.requireNonNull(loop, "loop");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
    }

    // ================================================================ thread side

    /**
     * Puts an item, blocking the calling thread while the queue is full.
     *
     * @param item the item, not null
     * @throws InterruptedException if interrupted while waiting; the item was not inserted
     * @throws io.github.loopsync.queue.QueueShutDownException if the queue is or gets shut down
     * @throws IllegalStateException if called on the loop thread, where blocking would stall the loop
     */
    public void put(E item) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        refuseBlockingOnLoop("put");
        lock.lockInterruptibly();
        try {
            while (!tryInsert(item)) {
                notFull.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts an item, waiting at most {@code timeout} for room.
     *
     * @param item the item, not null
     * @param timeout the longest wait
     * @return {@code true} if inserted, {@code false} if the queue stayed full
     * @throws InterruptedException if interrupted while waiting; the item was not inserted
     * @throws io.github.loopsync.queue.QueueShutDownException if the queue is or gets shut down
     * @throws IllegalStateException if called on the loop thread with a positive timeout
     */
    public boolean offer(E item, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        long nanos = timeout.toNanos();
        if (nanos > 0) {
            refuseBlockingOnLoop("offer");
        }
        lock.lockInterruptibly();
        try {
            while (!tryInsert(item)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts an item if there is room, without waiting; safe from any thread.
     *
     * @param item the item, not null
     * @return {@code true} if inserted, {@code false} if the queue is full
     * @throws io.github.loopsync.queue.QueueShutDownException if the queue was shut down
     */
    public boolean offer(E item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            return tryInsert(item);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest item, blocking the calling thread while the queue is empty.
     *
     * @return the item
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws io.github.loopsync.queue.QueueShutDownException if the queue is shut down and empty
     * @throws IllegalStateException if called on the loop thread, where blocking would stall the loop
     */
    public E take() throws InterruptedException {
        refuseBlockingOnLoop("take");
        lock.lockInterruptibly();
        try {
            E item;
            while ((item = tryTake()) == null) {
                notEmpty.await();
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest item, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait; zero means do not wait
     * @return the item, or {@code null} if the queue stayed empty
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws io.github.loopsync.queue.QueueShutDownException if the queue is shut down and empty
     * @throws IllegalStateException if called on the loop thread with a positive timeout
     */
    public E poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        if (nanos > 0) {
            refuseBlockingOnLoop("poll");
        }
        lock.lockInterruptibly();
        try {
            E item;
            while ((item = tryTake()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ loop side

    /**
     * Takes the oldest item from a task on the loop, waiting without blocking while the queue is
     * empty.
     *
     * @return a future completing with the item; failing with {@link
     *     io.github.loopsync.queue.QueueShutDownException} if the queue is shut down and empty
     * @throws IllegalStateException if called off the loop thread, or once the loop has closed
     */
    public LoopFuture<E> get() {
        checkLoopThread("get");
        lock.lock();
        try {
            if (!items.isEmpty()) {
                return loop.completedFuture(takeFirst());
            }
            if (shutdown) {
                return failed("get");
            }
            LoopGetter getter = new LoopGetter();
            getters.add(getter);
            return getter;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts an item from a task on the loop, waiting without blocking while the queue is full.
     *
     * @param item the item, not null
     * @return a future completing once the item is in the queue; failing with {@link
     *     io.github.loopsync.queue.QueueShutDownException} if the queue is or gets shut down
     * @throws IllegalStateException if called off the loop thread, or once the loop has closed
     */
    public LoopFuture<Void> putAsync(E item) {
        Objects.requireNonNull(item, "item");
        checkLoopThread("putAsync");
        lock.lock();
        try {
            if (shutdown) {
                return failed("putAsync");
            }
            if (tryInsert(item)) {
                return loop.done();
            }
            LoopPutter putter = new LoopPutter(item);
            putters.add(putter);
            return putter;
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ shutdown and queries

    /**
     * Shuts the queue down: later puts fail, waiting putters on both sides fail, and takers drain
     * the items left before they fail too. Safe from any thread; idempotent.
     */
    public void shutdown() {
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shuts the queue down and removes the items left, returning them so that none is lost
     * silently. Safe from any thread.
     *
     * @return the items that were in the queue, oldest first
     */
    public List<E> shutdownNow() {
        lock.lock();
        try {
            shutdown();
            // shutdown() failed the loop getters (there are none while items are left) and woke
            // every blocked thread.
            List<E> left = new ArrayList<>(items);
            items.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of items in the queue now.
     *
     * @return the size
     */
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The capacity.
     *
     * @return the maximum number of items
     */
    public int capacity() {
        return capacity;
    }

    /**
     * The number of loop tasks parked in {@link #get()} waiting for an item, from any thread. A
     * getter handed an item that has not resumed yet no longer counts; threads blocked in {@link
     * #take} or {@link #poll(Duration)} are not counted.
     *
     * @return the count
     */
    public int waitingGetters() {
        lock.lock();
        try {
            return getters.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of loop tasks parked in {@link #putAsync} waiting for a free slot, from any
     * thread. A putter handed a slot that has not resumed yet no longer counts; threads blocked in
     * {@link #put} or {@link #offer(Object, Duration)} are not counted.
     *
     * @return the count
     */
    public int waitingPutters() {
        lock.lock();
        try {
            return putters.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@link #shutdown()} was called.
     *
     * @return {@code true} once shut down
     */
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "BridgeQueue[size=" + items.size() + "/" + capacity + (getters.isEmpty() ? "" : ", getters=" + getters.size())
                    + (putters.isEmpty() ? "" : ", putters=" + putters.size()) + (shutdown ? ", shutdown" : "") + "]";
        } finally {
            lock.unlock();
        }
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

    // ================================================================ internals (lock held)

    /** Inserts if there is room: directly to a waiting loop getter, else into the buffer. */
    private boolean tryInsert(E item) {
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
    private E tryTake() {
        if (!items.isEmpty()) {
            return takeFirst();
        }
        if (shutdown) {
            throw shutDown("take");
        }
        return null;
    }

    private E takeFirst() {
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

    private <T> LoopFuture<T> failed(String operation) {
        return loop.failedFuture(shutDown(operation));
    }

    /** The loop side runs on its open loop only: a waiter made on a closed loop would never be served through it. */
    private void checkLoopThread(String operation) {
        if (!loop.isCurrent()) {
            if (loop.isClosed()) {
                throw new IllegalStateException(operation + "() on " + this + " from thread " + Thread.currentThread().getName()
                        + ", but it is bound to " + loop + ", which is closed; the loop side of a bridge serves only"
                        + " the loop given to its constructor");
            }
            throw new IllegalStateException(operation + "() on " + this + " must be called on the thread of " + loop
                    + ", but was called from thread " + Thread.currentThread().getName());
        }
    }

    private void refuseBlockingOnLoop(String operation) {
        if (loop.inLoopThread()) {
            throw new IllegalStateException(operation + "() would block the thread of " + loop
                    + "; tasks on the loop use get() and putAsync()");
        }
    }

    /** A loop task waiting for an item. */
    private final class LoopGetter extends LoopFuture<E> implements WaitingOperation {
        LoopGetter() {
            super(loop);
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
                underLock(BridgeQueue.this::releaseTransitSlot);
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
