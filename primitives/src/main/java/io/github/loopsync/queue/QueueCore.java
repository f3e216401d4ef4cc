package io.github.loopsync.queue;

import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.List;

/**
 * The state of one {@link AsyncQueue}: its store, its parked and in-transit getters, putters and
 * joiners, the count of unfinished items, and the hand-offs and the shutdown protocol between
 * them. The queue checks the caller and the arguments, then calls in here. Loop-confined.
 *
 * @param <E> the item type
 */
final class QueueCore<E> {

    /** The public queue, named in exceptions and waiter descriptions. */
    private final AsyncQueue<E> queue;
    private final int maxSize;
    private final QueueStore<E> store;
    /** Parked getters. Invariant: non-empty only while the store is empty. */
    private final WaitQueue<GetWaiter> getters = new WaitQueue<>();
    /** Parked putters. Invariant: non-empty only while the queue is full. */
    private final WaitQueue<PutWaiter> putters = new WaitQueue<>();
    /** Getters handed an item that have not resumed yet; each occupies a slot. */
    private int gettersInTransit;
    /** Putters handed a slot that have not resumed yet; each occupies a slot. */
    private int puttersInTransit;
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
     *
     * Transits are counted, not listed: a list lives as long as the queue and so is soon promoted,
     * and linking each young waiter into it cost G1 write-barrier fences on every item (about 13 ns
     * of a ping-pong's ~110). What a list was needed for, failing the transits at a shutdown, is
     * done at their delivery instead (refusalAtDelivery), which is already scheduled: a getter in
     * transit fails at an immediate shutdown (its item was dropped and counted done at the
     * shutdown, as asyncio drops the items still in the queue), a putter in transit at any.
     */

    QueueCore(AsyncQueue<E> queue, int maxSize, QueueStore<E> store) {
        this.queue = queue;
        this.maxSize = maxSize;
        this.store = store;
    }

    // ---------------------------------------------------------------- put

    LoopFuture<Void> parkPutter(EventLoop loop, E item) {
        PutWaiter waiter = new PutWaiter(loop, item);
        putters.add(waiter);
        return waiter;
    }

    /** A slot is free: the item goes to the oldest parked getter, or into the store. */
    void insert(E item) {
        unfinished++;
        handToGetterOrStore(item, false);
    }

    private void handToGetterOrStore(E item, boolean toFront) {
        GetWaiter getter = getters.grantFirst(item);
        if (getter != null) {
            gettersInTransit++;
        } else if (toFront) {
            store.returnToFront(item);
        } else {
            store.add(item);
        }
    }

    // ---------------------------------------------------------------- get

    LoopFuture<E> parkGetter(EventLoop loop) {
        GetWaiter waiter = new GetWaiter(loop);
        getters.add(waiter);
        return waiter;
    }

    /** Takes the next stored item; the slot it frees goes to the oldest parked putter. */
    E take() {
        E item = store.poll();
        admitPutters();
        return item;
    }

    /** Hands every free slot to the oldest parked putters. */
    private void admitPutters() {
        PutWaiter putter;
        while (!putters.isEmpty() && !isFull() && (putter = putters.grantFirst(null)) != null) {
            puttersInTransit++;
        }
    }

    // ---------------------------------------------------------------- taskDone and join

    /** One item marked done; returns false, changing nothing, if none was unfinished. */
    boolean taskDone() {
        if (unfinished <= 0) {
            return false;
        }
        unfinished--;
        if (unfinished == 0) {
            releaseJoiners();
        }
        return true;
    }

    private void releaseJoiners() {
        joiners.grantAll(null);
    }

    LoopFuture<Void> parkJoiner(EventLoop loop) {
        JoinWaiter waiter = new JoinWaiter(loop);
        joiners.add(waiter);
        return waiter;
    }

    int unfinished() {
        return unfinished;
    }

    // ---------------------------------------------------------------- shutdown

    /** Fails the waiters; with {@code immediate}, drops the items left first, each counting as done. */
    void shutdown(boolean immediate) {
        shutdown = true;
        if (immediate) {
            boolean first = !immediateShutdown;
            immediateShutdown = true;
            while (store.size() > 0) {
                store.poll();
                dropped();
            }
            for (int i = 0; first && i < gettersInTransit; i++) {
                dropped();                              // each getter in transit fails at its delivery
            }
        }
        failAll(getters, "get");
        failAll(putters, "put");                        // putters in transit fail at their delivery
        if (unfinished == 0) {
            releaseJoiners();
        }
    }

    boolean isShutdown() {
        return shutdown;
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

    QueueShutDownException shutDown(String operation) {
        return new QueueShutDownException(operation + "() on shut-down " + queue);
    }

    // ---------------------------------------------------------------- queries

    int size() {
        return store.size();
    }

    int maxSize() {
        return maxSize;
    }

    /** Every slot is taken by an item or by a hand-off in progress. */
    boolean isFull() {
        return maxSize > 0 && store.size() + gettersInTransit + puttersInTransit >= maxSize;
    }

    int waitingGetters() {
        return getters.size();
    }

    int waitingPutters() {
        return putters.size();
    }

    /** {@code Name[maxSize=.., items=.., getters=.., putters=.., unfinished=.., shutdown]}. */
    String describe(String name) {
        StringBuilder text = new StringBuilder(name).append("[maxSize=").append(maxSize);
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

    // ---------------------------------------------------------------- binding and probe

    /** No waiter parked or in transit (items and counts are plain data): nothing ties it to its loop. */
    boolean idle() {
        return getters.isEmpty() && putters.isEmpty() && joiners.isEmpty() && gettersInTransit == 0
                && puttersInTransit == 0;
    }

    ProgressProbe probe() {
        return Probes.of(queue, () -> getters.size() + putters.size() + joiners.size(),
                () -> (store.size() > 0 && !getters.isEmpty()) || (!isFull() && !putters.isEmpty())
                        || (unfinished == 0 && !joiners.isEmpty()) || (shutdown && (!getters.isEmpty() || !putters.isEmpty())),
                List::of, () -> Probes.tasks(getters, putters, joiners));
    }

    // ---------------------------------------------------------------- waiters

    /** A task waiting in get(); an item handed to it and not delivered goes back on cancellation. */
    private final class GetWaiter extends Waiter<E> {
        GetWaiter(EventLoop loop) {
            super(loop);
        }

        /** Resumed with its item (or failed): its slot, if it held one, frees up. */
        @Override
        protected void onDelivery() {
            if (!isCompletedExceptionally()) {
                gettersInTransit--;                     // a failed transit ended in grantReturned
            }
            admitPutters();
        }

        /** An item on its way here when the queue was shut down immediately was dropped then. */
        @Override
        protected Throwable refusalAtDelivery() {
            return immediateShutdown ? shutDown("get") : null;
        }

        @Override
        protected void grantReturned(E item) {
            gettersInTransit--;
            if (immediateShutdown) {
                return;                                 // dropped and counted done by shutdown(true)
            }
            handToGetterOrStore(item, true);
        }

        @Override
        public String toString() {
            return "get of " + queue + " " + super.toString();
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
            puttersInTransit--;
            insert(item);
        }

        /** A put that was handed a slot fails if the queue was shut down before it resumed. */
        @Override
        protected Throwable refusalAtDelivery() {
            return shutdown ? shutDown("put") : null;
        }

        @Override
        protected void grantReturned(Void slot) {
            puttersInTransit--;
            admitPutters();
        }

        @Override
        public String toString() {
            return "put(" + item + ") of " + queue + " " + super.toString();
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
            return "join of " + queue + " " + super.toString();
        }
    }
}
