package io.github.loopsync.bridge;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.queue.AsyncQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
    /** The buffer, the parked loop tasks and the hand-offs, under one lock. */
    private final BridgeBuffer<E> buffer;

    /*
     * Implementation notes. This class is the API: the blocking loops of the thread side, the
     * thread checks, and the lock taken around every call into BridgeBuffer, which holds the state
     * and whose notes describe the protocol.
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
        this.buffer = new BridgeBuffer<>(loop, capacity);
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
        buffer.lock.lockInterruptibly();
        try {
            while (!buffer.tryInsert(item)) {
                buffer.notFull.await();
            }
        } finally {
            buffer.lock.unlock();
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
        buffer.lock.lockInterruptibly();
        try {
            while (!buffer.tryInsert(item)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = buffer.notFull.awaitNanos(nanos);
            }
            return true;
        } finally {
            buffer.lock.unlock();
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
        buffer.lock.lock();
        try {
            return buffer.tryInsert(item);
        } finally {
            buffer.lock.unlock();
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
        buffer.lock.lockInterruptibly();
        try {
            E item;
            while ((item = buffer.tryTake()) == null) {
                buffer.notEmpty.await();
            }
            return item;
        } finally {
            buffer.lock.unlock();
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
        buffer.lock.lockInterruptibly();
        try {
            E item;
            while ((item = buffer.tryTake()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = buffer.notEmpty.awaitNanos(nanos);
            }
            return item;
        } finally {
            buffer.lock.unlock();
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
        buffer.lock.lock();
        try {
            if (buffer.hasItems()) {
                return loop.completedFuture(buffer.takeFirst());
            }
            if (buffer.isShutdown()) {
                return buffer.failed("get");
            }
            return buffer.parkGetter();
        } finally {
            buffer.lock.unlock();
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
        buffer.lock.lock();
        try {
            if (buffer.isShutdown()) {
                return buffer.failed("putAsync");
            }
            if (buffer.tryInsert(item)) {
                return loop.done();
            }
            return buffer.parkPutter(item);
        } finally {
            buffer.lock.unlock();
        }
    }

    // ================================================================ shutdown and queries

    /**
     * Shuts the queue down: later puts fail, waiting putters on both sides fail, and takers drain
     * the items left before they fail too. Safe from any thread; idempotent.
     */
    public void shutdown() {
        buffer.lock.lock();
        try {
            buffer.shutdown();
        } finally {
            buffer.lock.unlock();
        }
    }

    /**
     * Shuts the queue down and removes the items left, returning them so that none is lost
     * silently. Safe from any thread.
     *
     * @return the items that were in the queue, oldest first
     */
    public List<E> shutdownNow() {
        buffer.lock.lock();
        try {
            shutdown();
            // shutdown() failed the loop getters (there are none while items are left) and woke
            // every blocked thread.
            return buffer.drain();
        } finally {
            buffer.lock.unlock();
        }
    }

    /**
     * The number of items in the queue now.
     *
     * @return the size
     */
    public int size() {
        buffer.lock.lock();
        try {
            return buffer.size();
        } finally {
            buffer.lock.unlock();
        }
    }

    /**
     * The capacity.
     *
     * @return the maximum number of items
     */
    public int capacity() {
        return buffer.capacity();
    }

    /**
     * The number of loop tasks parked in {@link #get()} waiting for an item, from any thread. A
     * getter handed an item that has not resumed yet no longer counts; threads blocked in {@link
     * #take} or {@link #poll(Duration)} are not counted.
     *
     * @return the count
     */
    public int waitingGetters() {
        buffer.lock.lock();
        try {
            return buffer.waitingGetters();
        } finally {
            buffer.lock.unlock();
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
        buffer.lock.lock();
        try {
            return buffer.waitingPutters();
        } finally {
            buffer.lock.unlock();
        }
    }

    /**
     * Whether {@link #shutdown()} was called.
     *
     * @return {@code true} once shut down
     */
    public boolean isShutdown() {
        buffer.lock.lock();
        try {
            return buffer.isShutdown();
        } finally {
            buffer.lock.unlock();
        }
    }

    @Override
    public String toString() {
        buffer.lock.lock();
        try {
            return buffer.describe();
        } finally {
            buffer.lock.unlock();
        }
    }

    /**
     * Diagnostics, from any thread: a snapshot of the whole state, or {@code null} if the lock
     * stayed busy for {@code attempts} tries (this never blocks, so a stall report cannot hang on
     * the queue it reports on).
     */
    BridgeQueueState snapshot(int attempts) {
        return buffer.snapshot(attempts);
    }

    /** Diagnostics: {@link #snapshot}, or the lock's holder when it stays busy. */
    String describeState() {
        return buffer.describeState();
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
}
