package io.github.loopsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.queue.AsyncQueueWaiterStatesTest.Kind;
import io.github.loopsync.testing.LoopFixture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AsyncQueue#waitingGetters()} and {@link AsyncQueue#waitingPutters()} over the FIFO, LIFO
 * and priority queues, in every state a waiter passes through: parked (counted), handed an item or
 * a slot (no longer counted), cancelled or timed out (withdrawn), cancelled from another thread
 * (counted until the loop withdraws it), and failed by a shutdown.
 */
class QueueWaiterCountsTest extends LoopFixture {

    /** Parked getters count; one handed an item stops counting before it resumes. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void gettersCountWhileParked(Kind kind) {
        AsyncQueue<String> queue = kind.create(0);
        assertEquals(0, queue.waitingGetters());
        LoopFuture<String> first = queue.get();
        LoopFuture<String> second = queue.get();
        assertEquals(2, queue.waitingGetters());
        assertEquals(0, queue.waitingPutters());
        queue.putNowait("x");
        assertEquals(1, queue.waitingGetters(), "the first was handed the item and has not resumed");
        assertTrue(!first.isDone());
        settle();
        assertEquals("x", first.join());
        assertEquals(1, queue.waitingGetters());
        second.cancel(true);
        assertEquals(0, queue.waitingGetters(), "a cancelled getter is withdrawn at once");
    }

    /** Parked putters count; one handed a slot stops counting before it resumes. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void puttersCountWhileParked(Kind kind) {
        AsyncQueue<String> queue = kind.create(1);
        queue.putNowait("a");
        LoopFuture<Void> first = queue.put("b");
        LoopFuture<Void> second = queue.put("c");
        assertEquals(2, queue.waitingPutters());
        assertEquals(0, queue.waitingGetters());
        assertEquals("a", queue.getNowait());
        assertEquals(1, queue.waitingPutters(), "the first was handed the slot and has not resumed");
        settle();
        assertTrue(first.isDone());
        assertEquals(1, queue.waitingPutters());
        second.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertTrue(second.isCompletedExceptionally());
        assertEquals(0, queue.waitingPutters(), "a timed-out putter is withdrawn");
    }

    /** A getter and a putter cancelled from another thread count until the loop withdraws them. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancelledOffLoopCountUntilWithdrawn(Kind kind) throws InterruptedException {
        AsyncQueue<String> empty = kind.create(1);
        LoopFuture<String> getter = empty.get();
        AsyncQueue<String> full = kind.create(1);
        full.putNowait("a");
        LoopFuture<Void> putter = full.put("b");
        onOtherThread("canceller", () -> assertTrue(getter.cancel(true) && putter.cancel(true)));
        assertEquals(1, empty.waitingGetters(), "the loop has not run the withdrawal yet");
        assertEquals(1, full.waitingPutters(), "the loop has not run the withdrawal yet");
        settle();
        assertEquals(0, empty.waitingGetters());
        assertEquals(0, full.waitingPutters());
    }

    /** A shutdown fails every parked getter and putter: none is left counted. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownLeavesNoneCounted(Kind kind) {
        AsyncQueue<String> empty = kind.create(1);
        empty.get();
        empty.get();
        AsyncQueue<String> full = kind.create(1);
        full.putNowait("a");
        full.put("b");
        empty.shutdown();
        full.shutdown();
        assertEquals(0, empty.waitingGetters());
        assertEquals(0, full.waitingPutters());
        settle();
    }
}
