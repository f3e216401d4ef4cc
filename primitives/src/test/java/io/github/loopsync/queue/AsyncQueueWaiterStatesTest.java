package io.github.loopsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.testing.LoopFixture;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every waiter state of {@code get}, {@code put} and {@code join}, over the FIFO, LIFO and
 * priority queues: parked, cancelled while parked, handed an item or a slot then cancelled before
 * resuming, timed out, and cancelled from another thread but not yet withdrawn by the loop.
 */
class AsyncQueueWaiterStatesTest extends LoopFixture {

    /** The three queue kinds; items are chosen so that each kind hands them out in put order. */
    enum Kind {
        FIFO(AsyncQueue::new),
        LIFO(AsyncLifoQueue::new),
        PRIORITY(AsyncPriorityQueue::new);

        private final IntFunction<AsyncQueue<String>> factory;

        Kind(IntFunction<AsyncQueue<String>> factory) {
            this.factory = factory;
        }

        AsyncQueue<String> create(int maxSize) {
            return factory.apply(maxSize);
        }
    }

    // ------------------------------------------------------------------ get

    /** get, parked: pending until a put, which hands the item over directly. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getParked(Kind kind) {
        AsyncQueue<String> queue = kind.create(0);
        LoopFuture<String> getter = queue.get();
        assertFalse(getter.isDone());
        queue.putNowait("x");
        assertEquals(0, queue.size(), "handed to the getter, not stored");
        settle();
        assertEquals("x", getter.join());
    }

    /** get, cancelled while parked: withdrawn at once; the next put goes to the next getter. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getCancelledWhileParked(Kind kind) {
        AsyncQueue<String> queue = kind.create(0);
        LoopFuture<String> cancelled = queue.get();
        LoopFuture<String> next = queue.get();
        cancelled.cancel(true);
        assertTrue(queue.toString().endsWith("[maxSize=0, getters=1]"), queue.toString());
        queue.putNowait("x");
        settle();
        assertEquals("x", next.join());
    }

    /** get, handed an item then cancelled: the item goes to the next getter. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getHandedThenCancelledPassesTheItemOn(Kind kind) {
        AsyncQueue<String> queue = kind.create(0);
        LoopFuture<String> first = queue.get();
        LoopFuture<String> second = queue.get();
        queue.putNowait("x");
        first.cancel(true);
        settle();
        assertTrue(first.isCancelled());
        assertEquals("x", second.join());
    }

    /** get, handed an item then cancelled with no other getter: the item is the next to leave. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getHandedThenCancelledReturnsTheItemToTheFront(Kind kind) {
        AsyncQueue<String> queue = kind.create(2);
        LoopFuture<String> getter = queue.get();
        queue.putNowait("a");
        queue.putNowait("b");
        assertTrue(queue.isFull(), "the handed item still occupies its slot");
        getter.cancel(true);
        assertEquals(List.of("a", "b"), List.of(queue.getNowait(), queue.getNowait()));
    }

    /** get, timed out: withdrawn, no getter left, the queue works on. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getTimedOut(Kind kind) {
        AsyncQueue<String> queue = kind.create(0);
        LoopFuture<String> getter = queue.get();
        getter.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, getter::join).getCause());
        queue.putNowait("x");
        assertEquals(1, queue.size());
    }

    /**
     * get, cancelled from another thread and not yet withdrawn by the loop: a put skips it and
     * hands the item to the next live getter; nothing is stored or lost.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getCancelledOffLoopNotYetWithdrawn(Kind kind) throws InterruptedException {
        AsyncQueue<String> queue = kind.create(1);
        LoopFuture<String> cancelled = queue.get();
        LoopFuture<String> live = queue.get();
        LoopFuture<String> last = queue.get();
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
        assertEquals(3, queue.waitingGetters(), "not withdrawn yet: " + queue);
        queue.putNowait("x");
        assertEquals(0, queue.size(), "handed to the live getter, not stored");
        settle();
        assertTrue(cancelled.isCancelled());
        assertEquals("x", live.join());
        assertTrue(queue.toString().endsWith("getters=1, unfinished=1]"), queue.toString());
        queue.putNowait("y");
        settle();
        assertEquals("y", last.join());
    }

    // ------------------------------------------------------------------ put

    /** put, parked: pending while full; a get admits it and its item enters when it resumes. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void putParked(Kind kind) {
        AsyncQueue<String> queue = kind.create(1);
        queue.putNowait("a");
        LoopFuture<Void> putter = queue.put("b");
        assertFalse(putter.isDone());
        assertEquals("a", queue.getNowait());
        assertTrue(queue.isFull(), "the slot is held for the putter");
        settle();
        assertTrue(putter.isDone());
        assertEquals("b", queue.getNowait());
    }

    /** put, cancelled while parked: withdrawn at once; its item never enters. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void putCancelledWhileParked(Kind kind) {
        AsyncQueue<String> queue = kind.create(1);
        queue.putNowait("a");
        LoopFuture<Void> putter = queue.put("b");
        putter.cancel(true);
        assertEquals("a", queue.getNowait());
        settle();
        assertTrue(queue.isEmpty());
    }

    /** put, handed a slot then cancelled: the slot goes to the next putter; the cancelled item never enters. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void putHandedThenCancelledPassesTheSlotOn(Kind kind) {
        AsyncQueue<String> queue = kind.create(1);
        queue.putNowait("a");
        LoopFuture<Void> first = queue.put("b");
        LoopFuture<Void> second = queue.put("c");
        assertEquals("a", queue.getNowait());
        first.cancel(true);
        settle();
        assertTrue(first.isCancelled());
        assertTrue(second.isDone());
        assertEquals("c", queue.getNowait());
        assertTrue(queue.isEmpty());
    }

    /** put, timed out: withdrawn, and the item never enters. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void putTimedOut(Kind kind) {
        AsyncQueue<String> queue = kind.create(1);
        queue.putNowait("a");
        LoopFuture<Void> putter = queue.put("b");
        putter.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, putter::join).getCause());
        assertEquals("a", queue.getNowait());
        settle();
        assertTrue(queue.isEmpty());
    }

    /**
     * put, cancelled from another thread and not yet withdrawn by the loop: a get skips it and
     * hands the freed slot to the next live putter; the cancelled item never enters.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void putCancelledOffLoopNotYetWithdrawn(Kind kind) throws InterruptedException {
        AsyncQueue<String> queue = kind.create(1);
        queue.putNowait("a");
        LoopFuture<Void> cancelled = queue.put("b");
        LoopFuture<Void> live = queue.put("c");
        LoopFuture<Void> last = queue.put("d");
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
        assertEquals(3, queue.waitingPutters(), "not withdrawn yet: " + queue);
        assertEquals("a", queue.getNowait());
        assertTrue(queue.isFull(), "the slot is held for the live putter");
        settle();
        assertTrue(cancelled.isCancelled());
        assertTrue(live.isDone() && !live.isCompletedExceptionally());
        assertEquals("c", queue.getNowait());
        settle();
        assertTrue(last.isDone() && !last.isCompletedExceptionally());
        assertEquals("d", queue.getNowait());
        assertTrue(queue.isEmpty());
        assertTrue(queue.toString().endsWith("[maxSize=1, unfinished=3]"), queue.toString());
    }

    /** get, handed an item then cancelled: the item is back in the queue and the slot it held in transit is free. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getHandedThenCancelledFreesTheSlotInTransit(Kind kind) {
        AsyncQueue<String> queue = kind.create(2);
        LoopFuture<String> getter = queue.get();
        queue.putNowait("a");
        assertEquals(0, queue.size());
        assertTrue(getter.cancel(true));
        assertEquals(1, queue.size());
        assertFalse(queue.isFull(), "one item and nothing in transit, of two slots");
        queue.putNowait("b");
        assertTrue(queue.isFull());
        assertEquals(2, queue.size());
    }

    /**
     * get, cancelled while parked or after it was handed an item: once the loop has delivered the
     * cancellations, the queue holds exactly its items and no slot in transit, so a queue of one
     * with one item is full again.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getCancelledParkedOrHandedLeavesNoSlotInTransit(Kind kind) {
        AsyncQueue<String> queue = kind.create(1);
        LoopFuture<String> parked = queue.get();
        assertTrue(parked.cancel(true));
        LoopFuture<String> handed = queue.get();
        queue.putNowait("a");
        assertTrue(handed.cancel(true));
        settle();
        assertTrue(parked.isCancelled() && handed.isCancelled());
        assertEquals(1, queue.size());
        assertTrue(queue.isFull(), "one item in a queue of one");
        assertThrows(QueueFullException.class, () -> queue.putNowait("b"));
    }

    /**
     * get, handed an item, then cancelled from another thread just before an immediate shutdown:
     * when the loop takes the item back, it is dropped and counted done, which releases join.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void getHandedThenCancelledOffLoopBeforeImmediateShutdown(Kind kind) throws InterruptedException {
        AsyncQueue<String> queue = kind.create(0);
        LoopFuture<String> getter = queue.get();
        queue.putNowait("x");
        LoopFuture<Void> join = queue.join();
        onOtherThread("canceller", () -> assertTrue(getter.cancel(true)));
        queue.shutdown(true);
        assertFalse(join.isDone(), "the item is still out with the cancelled getter");
        settle();
        assertTrue(getter.isCancelled());
        assertTrue(join.isDone() && !join.isCompletedExceptionally(), "the dropped item counted as done");
        assertEquals(0, queue.size());
        assertThrows(IllegalStateException.class, queue::taskDone, "nothing left unfinished");
    }

    // ------------------------------------------------------------------ join

    /** join, cancelled while parked: withdrawn; the last taskDone still releases the other joiner. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void joinCancelledWhileParked(Kind kind) {
        AsyncQueue<String> queue = kind.create(0);
        queue.putNowait("x");
        LoopFuture<Void> cancelled = queue.join();
        LoopFuture<Void> other = queue.join();
        assertTrue(cancelled.cancel(true));
        queue.getNowait();
        queue.taskDone();
        settle();
        assertTrue(cancelled.isCancelled());
        assertTrue(other.isDone() && !other.isCompletedExceptionally());
    }

    /**
     * join, cancelled from another thread and not yet withdrawn by the loop: the last taskDone
     * skips it and releases every live joiner.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void joinCancelledOffLoopNotYetWithdrawn(Kind kind) throws InterruptedException {
        AsyncQueue<String> queue = kind.create(0);
        queue.putNowait("x");
        LoopFuture<Void> cancelled = queue.join();
        LoopFuture<Void> second = queue.join();
        LoopFuture<Void> third = queue.join();
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
        queue.getNowait();
        queue.taskDone();
        settle();
        assertTrue(cancelled.isCancelled());
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertTrue(third.isDone() && !third.isCompletedExceptionally());
        assertTrue(queue.join().isDone(), "nothing unfinished");
    }
}
