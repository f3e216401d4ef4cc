package io.github.loopsync.queue;

import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.List;
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

    private final LoopBinding binding = new LoopBinding(this, this::probe, this::idle);
    private final int maxSize;
    private final QueueStore<E> store;
    /** Parked getters. Invariant: non-empty only while the store is empty. */
    private final WaitQueue<GetWaiter> getters = new WaitQueue<>();
    /** Parked putters. Invariant: non-empty only while the queue is full. */
    private final WaitQueue<PutWaiter> putters = new WaitQueue<>();
    /** Getters handed an item that have not resumed yet; each occupies a slot. */
    private final WaitQueue<GetWaiter> gettersInTransit = new WaitQueue<>();
    /** Putters handed a slot that have not resumed yet; each occupies a slot. */
    private final WaitQueue<PutWaiter> puttersInTransit = new WaitQueue<>();
    private final WaitQueue<JoinWaiter> joiners = new WaitQueue<>();
    /** Items put and not yet marked done. */
    private int unfinished;
    private boolean shutdown;
    private boolean immediateShutdown;

    /*
     * Implementation notes. Capacity is occupied by the stored items, the items in transit to
     * getters and the slots in transit to putters; "full" compares their sum with maxSize. A
     * transit ends at the waiter's delivery (onDelivery): a getter's slot frees and the next
     * putter is admitted; a putter's item is inserted, going straight to a parked getter if there
     * is one. A revoked transit returns what it held: an item to the next getter or the front of
     * the store, a slot to the next putter. So between steps: no stored item while a getter is
     * parked, no free slot while a putter is parked, which is the progress predicate.
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
        this.maxSize = Math.max(0, maxSize);
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
        if (shutdown) {
            return failed(loop, "put");
        }
        if (!isFull()) {
            insert(item);
            return loop.done();
        }
        PutWaiter waiter = new PutWaiter(loop, item);
        putters.add(waiter);
        return waiter;
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
        if (shutdown) {
            throw new QueueShutDownException("putNowait() on shut-down " + this);
        }
        if (isFull()) {
            throw new QueueFullException("putNowait() on full " + this);
        }
        insert(item);
    }

    /** A slot is free: the item goes to the oldest parked getter, or into the store. */
    private void insert(E item) {
        unfinished++;
        handToGetterOrStore(item, false);
    }

    private void handToGetterOrStore(E item, boolean toFront) {
        GetWaiter getter = getters.grantFirst(item);
        if (getter != null) {
            gettersInTransit.add(getter);
        } else if (toFront) {
            store.returnToFront(item);
        } else {
            store.add(item);
        }
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
        if (store.size() > 0) {
            return loop.completedFuture(take());
        }
        if (shutdown) {
            return failed(loop, "get");
        }
        GetWaiter waiter = new GetWaiter(loop);
        getters.add(waiter);
        return waiter;
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
        if (store.size() > 0) {
            return take();
        }
        if (shutdown) {
            throw new QueueShutDownException("getNowait() on shut-down, empty " + this);
        }
        throw new QueueEmptyException("getNowait() on empty " + this);
    }

    private E take() {
        E item = store.poll();
        admitPutters();
        return item;
    }

    /** Hands every free slot to the oldest parked putters. */
    private void admitPutters() {
        PutWaiter putter;
        while (!putters.isEmpty() && !isFull() && (putter = putters.grantFirst(null)) != null) {
            puttersInTransit.add(putter);
        }
    }

    /**
     * Marks one item taken from the queue as processed.
     *
     * @throws IllegalStateException if called more often than items were put, or off a loop thread
     */
    public final void taskDone() {
        binding.check("taskDone");
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() on " + this + ": called more times than items were put");
        }
        unfinished--;
        if (unfinished == 0) {
            releaseJoiners();
        }
    }

    private void releaseJoiners() {
        joiners.grantAll(null);
    }

    /**
     * Waits until every item put has been marked done.
     *
     * @return a future completing once the count of unfinished items is zero
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final LoopFuture<Void> join() {
        EventLoop loop = binding.check("join");
        if (unfinished == 0) {
            return loop.done();
        }
        JoinWaiter waiter = new JoinWaiter(loop);
        joiners.add(waiter);
        return waiter;
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
        shutdown = true;
        if (immediate) {
            immediateShutdown = true;
            while (store.size() > 0) {
                store.poll();
                dropped();
            }
            failAll(gettersInTransit, "get");
        }
        failAll(getters, "get");
        failAll(putters, "put");
        failAll(puttersInTransit, "put");
        if (unfinished == 0) {
            releaseJoiners();
        }
    }

    /** An item dropped by an immediate shutdown counts as done. */
    private void dropped() {
        if (unfinished > 0) {
            unfinished--;
        }
    }

    private <W extends Waiter<?>> void failAll(WaitQueue<W> queue, String operation) {
        W waiter;
        while ((waiter = queue.poll()) != null) {
            waiter.completeExceptionally(shutDown(operation));
        }
    }

    private <T> LoopFuture<T> failed(EventLoop loop, String operation) {
        return loop.failedFuture(shutDown(operation));
    }

    private QueueShutDownException shutDown(String operation) {
        return new QueueShutDownException(operation + "() on shut-down " + this);
    }

    /**
     * The number of items in the queue (not counting items in transit to a getter or from a
     * putter that have not resumed yet).
     *
     * @return the size
     */
    public final int size() {
        return store.size();
    }

    /**
     * The capacity given at construction, or 0 for unbounded.
     *
     * @return the maximum size
     */
    public final int maxSize() {
        return maxSize;
    }

    /**
     * True when the queue holds no item.
     *
     * @return whether it is empty
     */
    public final boolean isEmpty() {
        return store.size() == 0;
    }

    /**
     * True when a {@code put} would wait: every slot is taken by an item or by a hand-off in
     * progress. Never true for an unbounded queue.
     *
     * @return whether it is full
     */
    public final boolean isFull() {
        return maxSize > 0 && store.size() + gettersInTransit.size() + puttersInTransit.size() >= maxSize;
    }

    /**
     * The number of tasks parked in {@link #get()} waiting for an item (what asyncio's tests read
     * as {@code len(queue._getters)}). A getter handed an item that has not resumed yet no longer
     * counts; one cancelled from another thread counts until the loop has withdrawn it.
     *
     * @return the count
     */
    public final int waitingGetters() {
        return getters.size();
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
        return putters.size();
    }

    /**
     * Whether {@link #shutdown} was called.
     *
     * @return {@code true} once shut down
     */
    public final boolean isShutdown() {
        return shutdown;
    }

    /**
     * Capacity, items, waiters, unfinished count and shutdown, like asyncio's repr.
     *
     * @return for example {@code AsyncQueue[maxSize=1, items=[a], putters=1, unfinished=1]}
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(getClass().getSimpleName()).append("[maxSize=").append(maxSize);
        if (store.size() > 0) {
            List<E> items = store.snapshot();
            text.append(", items=").append(items.size() <= 10 ? items.toString() : items.size() + " items");
        }
        if (!getters.isEmpty()) {
            text.append(", getters=").append(getters.size());
        }
        if (!putters.isEmpty()) {
            text.append(", putters=").append(putters.size());
        }
        if (unfinished > 0) {
            text.append(", unfinished=").append(unfinished);
        }
        if (shutdown) {
            text.append(", shutdown");
        }
        return text.append(']').toString();
    }

    /** No waiter parked or in transit (items and counts are plain data): nothing ties it to its loop. */
    private boolean idle() {
        return getters.isEmpty() && putters.isEmpty() && joiners.isEmpty() && gettersInTransit.isEmpty()
                && puttersInTransit.isEmpty();
    }

    private ProgressProbe probe() {
        return Probes.of(this, () -> getters.size() + putters.size() + joiners.size(),
                () -> (store.size() > 0 && !getters.isEmpty()) || (!isFull() && !putters.isEmpty())
                        || (unfinished == 0 && !joiners.isEmpty()) || (shutdown && (!getters.isEmpty() || !putters.isEmpty())),
                List::of, () -> Probes.tasks(getters, putters, joiners));
    }

    /** A task waiting in get(); an item handed to it and not delivered goes back on cancellation. */
    private final class GetWaiter extends Waiter<E> {
        GetWaiter(EventLoop loop) {
            super(loop);
        }

        /** Resumed with its item (or failed): its slot, if it held one, frees up. */
        @Override
        protected void onDelivery() {
            gettersInTransit.remove(this);
            admitPutters();
        }

        @Override
        protected void grantReturned(E item) {
            gettersInTransit.remove(this);
            if (immediateShutdown) {
                dropped();
                if (unfinished == 0) {
                    releaseJoiners();
                }
                return;
            }
            handToGetterOrStore(item, true);
        }

        @Override
        public String toString() {
            return "get of " + AsyncQueue.this + " " + super.toString();
        }
    }

    /** A task waiting in put(); its item enters the queue when it resumes holding a slot. */
    private final class PutWaiter extends Waiter<Void> {
        private final E item;

        PutWaiter(EventLoop loop, E item) {
            super(loop);
            this.item = item;
        }

        @Override
        protected void onDelivery() {
            if (isCompletedExceptionally()) {
                return;
            }
            puttersInTransit.remove(this);
            insert(item);
        }

        @Override
        protected void grantReturned(Void slot) {
            puttersInTransit.remove(this);
            admitPutters();
        }

        @Override
        public String toString() {
            return "put(" + item + ") of " + AsyncQueue.this + " " + super.toString();
        }
    }

    /** A task waiting in join(). */
    private final class JoinWaiter extends Waiter<Void> {
        JoinWaiter(EventLoop loop) {
            super(loop);
        }

        @Override
        protected void grantReturned(Void granted) {
        }

        @Override
        public String toString() {
            return "join of " + AsyncQueue.this + " " + super.toString();
        }
    }
}
