package io.github.loopsync.queue;

import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import java.util.Objects;

/**
 * A first-in, first-out queue for tasks on one event loop (asyncio's {@code Queue}), optionally
 * bounded: {@link #put} waits while it is full, {@link #get} waits while it is empty, and {@link
 * #join} waits until every item put has been marked done with {@link #taskDone()}.
 *
 * <p>Example: <pre>{@code
 * AsyncQueue<Order> orders = new AsyncQueue<>(100);          // back-pressure beyond 100 orders
 * for (int i = 0; i < 3; i++) {                               // three workers
 *     loop.createTask(() -> worker(orders));
 * }
 * CompletionStage<Void> worker(AsyncQueue<Order> orders) {
 *     return orders.get().thenCompose(order -> process(order))
 *                  .thenRun(orders::taskDone)
 *                  .thenCompose(ignored -> worker(orders));  // loop until cancelled
 * }
 * }</pre>
 *
 * <p><b>Fairness and order.</b> Items are handed directly to the oldest waiting getter, and a slot
 * freed in a full queue goes directly to the oldest waiting putter, whose item enters the queue
 * when that putter resumes. A slot held that way counts as taken: {@link #isFull()} stays true and
 * {@link #putNowait} throws {@link QueueFullException}, so nobody can overtake a waiting putter and
 * items leave in the order their {@code put} calls were made. This fixes CPython's open gh-83055,
 * where {@code put_nowait} overtakes a woken putter and items leave out of order. Likewise an item
 * handed to a getter that has not resumed yet still occupies its slot.
 *
 * <p><b>Cancellation.</b> Cancelling (or timing out) a waiting {@code get} or {@code put} withdraws
 * it at once, in O(1), from any thread. A getter cancelled after an item was handed to it gives the
 * item back: to the next waiting getter, or to the front of the queue (CPython bpo-23812). A
 * putter cancelled after a slot was handed to it never inserts its item, and the slot goes to the
 * next putter.
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} (Python 3.13 semantics) makes every later put fail with
 * {@link QueueShutDownException}, fails the waiting putters and getters, and lets getters drain
 * the items left; {@link #shutdown(boolean) shutdown(true)} also drops the items left, counting
 * them as done for {@link #join}.
 *
 * <p><b>Errors.</b> Null items throw {@link NullPointerException}; {@link #taskDone()} called more
 * often than items were put throws {@link IllegalStateException}. The queue is unchanged after each.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The queue binds to the
 * loop of its first use of any kind (an operation that completes at once binds it too); from then
 * on, use from another loop or a plain thread throws {@link IllegalStateException} at once. Once
 * that loop has closed, the queue moves to the next loop that uses it if it is idle (no getter,
 * putter or joiner waiting or resuming; the items and the count of unfinished items carry over);
 * otherwise that use throws {@link IllegalStateException} saying that the loop it is bound to is
 * closed. Only cancelling a returned future is safe from any thread; to exchange items with other
 * threads use {@code io.github.loopsync.bridge.BridgeQueue}.
 *
 * @param <E> the item type
 */
public sealed class AsyncQueue<E> permits AsyncPriorityQueue, AsyncLifoQueue {

    /** The store, the waiters and the hand-offs between them. */
    private final QueueCore<E> core;
    private final LoopBinding binding;
    /** The core's store, for the item checks of {@link #put} and {@link #putNowait}. */
    private final QueueStore<E> store;

    /*
     * Implementation notes. This class checks the caller and the arguments and throws the
     * exceptions of the non-waiting calls; the state, the hand-offs and the shutdown protocol live
     * in QueueCore, whose notes describe the algorithm.
     */

    /** Creates an unbounded queue. */
    public AsyncQueue() {
        this(0);
    }

    /**
     * Creates a queue holding at most {@code maxSize} items.
     *
     * @param maxSize the capacity; zero or less means unbounded
     */
    public AsyncQueue(int maxSize) {
        this(maxSize, QueueStore.fifo());
    }

    AsyncQueue(int maxSize, QueueStore<E> store) {
        this.core = new QueueCore<>(this, Math.max(0, maxSize), store);
        this.binding = new LoopBinding(this, core::probe, core::idle);
        this.store = store;
    }

    /**
     * Puts an item, waiting while the queue is full.
     *
     * @param item the item, not null
     * @return a future completing once the item is in the queue; failing with {@link
     *     QueueShutDownException} if the queue is or gets shut down; cancel it to withdraw the item
     * @throws NullPointerException if {@code item} is null
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final LoopFuture<Void> put(E item) {
        Objects.requireNonNull(item, "item");
        EventLoop loop = binding.check("put");
        store.check(item);
        if (core.isShutdown()) {
            return loop.failedFuture(core.shutDown("put"));
        }
        if (!core.isFull()) {
            core.insert(item);
            return loop.done();
        }
        return core.parkPutter(loop, item);
    }

    /**
     * Puts an item without waiting.
     *
     * @param item the item, not null
     * @throws NullPointerException if {@code item} is null
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue was shut down
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final void putNowait(E item) {
        Objects.requireNonNull(item, "item");
        binding.check("putNowait");
        store.check(item);
        if (core.isShutdown()) {
            throw new QueueShutDownException("putNowait() on shut-down " + this);
        }
        if (core.isFull()) {
            throw new QueueFullException("putNowait() on full " + this);
        }
        core.insert(item);
    }

    /**
     * Takes the next item, waiting while the queue is empty.
     *
     * @return a future completing with the item; failing with {@link QueueShutDownException} if the
     *     queue is shut down and empty; cancel it to stop waiting
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final LoopFuture<E> get() {
        EventLoop loop = binding.check("get");
        if (core.size() > 0) {
            return loop.completedFuture(core.take());
        }
        if (core.isShutdown()) {
            return loop.failedFuture(core.shutDown("get"));
        }
        return core.parkGetter(loop);
    }

    /**
     * Takes the next item without waiting.
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is empty and shut down
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final E getNowait() {
        binding.check("getNowait");
        if (core.size() > 0) {
            return core.take();
        }
        if (core.isShutdown()) {
            throw new QueueShutDownException("getNowait() on shut-down, empty " + this);
        }
        throw new QueueEmptyException("getNowait() on empty " + this);
    }

    /**
     * Marks one item taken from the queue as processed.
     *
     * @throws IllegalStateException if called more often than items were put, or off a loop thread
     */
    public final void taskDone() {
        binding.check("taskDone");
        if (!core.taskDone()) {
            throw new IllegalStateException("taskDone() on " + this + ": called more times than items were put");
        }
    }

    /**
     * Waits until every item put has been marked done.
     *
     * @return a future completing once the count of unfinished items is zero
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final LoopFuture<Void> join() {
        EventLoop loop = binding.check("join");
        if (core.unfinished() == 0) {
            return loop.done();
        }
        return core.parkJoiner(loop);
    }

    /**
     * Shuts the queue down softly: later puts fail, waiting putters and getters fail with {@link
     * QueueShutDownException}, and getters may still take the items left. Idempotent.
     *
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down; with {@code immediate}, also drops the items left, counting each as
     * done for {@link #join} (items already taken still need {@link #taskDone()}).
     *
     * @param immediate whether to drop the items left
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final void shutdown(boolean immediate) {
        binding.check("shutdown");
        core.shutdown(immediate);
    }

    /**
     * The number of items in the queue (not counting items in transit to a getter or from a
     * putter that have not resumed yet).
     *
     * @return the size
     */
    public final int size() {
        return core.size();
    }

    /**
     * The capacity given at construction, or 0 for unbounded.
     *
     * @return the maximum size
     */
    public final int maxSize() {
        return core.maxSize();
    }

    /**
     * True when the queue holds no item.
     *
     * @return whether it is empty
     */
    public final boolean isEmpty() {
        return core.size() == 0;
    }

    /**
     * True when a {@code put} would wait: every slot is taken by an item or by a hand-off in
     * progress. Never true for an unbounded queue.
     *
     * @return whether it is full
     */
    public final boolean isFull() {
        return core.isFull();
    }

    /**
     * The number of tasks parked in {@link #get()} waiting for an item (what asyncio's tests read
     * as {@code len(queue._getters)}). A getter handed an item that has not resumed yet no longer
     * counts; one cancelled from another thread counts until the loop has withdrawn it.
     *
     * @return the count
     */
    public final int waitingGetters() {
        return core.waitingGetters();
    }

    /**
     * The number of tasks parked in {@link #put} waiting for a free slot (asyncio's {@code
     * len(queue._putters)}). A putter handed a slot that has not resumed yet no longer counts (its
     * item is on its way in and occupies the slot); one cancelled from another thread counts until
     * the loop has withdrawn it.
     *
     * @return the count
     */
    public final int waitingPutters() {
        return core.waitingPutters();
    }

    /**
     * Whether {@link #shutdown} was called.
     *
     * @return {@code true} once shut down
     */
    public final boolean isShutdown() {
        return core.isShutdown();
    }

    /**
     * Capacity, items, waiters, unfinished count and shutdown, like asyncio's repr.
     *
     * @return for example {@code AsyncQueue[maxSize=1, items=[a], putters=1, unfinished=1]}
     */
    @Override
    public String toString() {
        return core.describe(getClass().getSimpleName());
    }
}
