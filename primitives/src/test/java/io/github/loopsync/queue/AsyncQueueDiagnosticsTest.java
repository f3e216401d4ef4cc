package io.github.loopsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoopBuilder;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import io.github.loopsync.testing.LoopFixture;
import io.github.loopsync.testing.ProbeChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a queue tells a person or the harness: its size limit and shutdown state, its description
 * (items in the order they would leave, abridged beyond ten), each waiter's description, and the
 * probe's count of parked tasks.
 */
class AsyncQueueDiagnosticsTest extends LoopFixture {
    private final ProbeChecker probes = new ProbeChecker();

    @Override
    protected EventLoopBuilder configure(EventLoopBuilder builder) {
        return builder.listener(probes);
    }

    private static void assertDescribedAs(String expectedStart, LoopFuture<?> waiter) {
        assertTrue(waiter.toString().startsWith(expectedStart), "expected " + expectedStart + "..., got " + waiter);
    }

    /** maxSize is the limit given (0 for unbounded, negative taken as 0); isShutdown follows shutdown(). */
    @Test
    void limitAndShutdownState() {
        assertEquals(5, new AsyncQueue<String>(5).maxSize());
        assertEquals(0, new AsyncQueue<String>(-1).maxSize());
        AsyncQueue<String> queue = new AsyncLifoQueue<>(2);
        assertEquals(2, queue.maxSize());
        assertFalse(queue.isShutdown());
        queue.shutdown();
        assertTrue(queue.isShutdown());
    }

    /** Up to ten items are listed in leaving order; more are counted. */
    @Test
    void descriptionListsUpToTenItemsInLeavingOrder() {
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        for (int i = 1; i <= 10; i++) {
            queue.putNowait(i);
        }
        assertEquals("AsyncQueue[maxSize=0, items=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], unfinished=10]", queue.toString());
        queue.putNowait(11);
        assertEquals("AsyncQueue[maxSize=0, items=11 items, unfinished=11]", queue.toString());

        AsyncPriorityQueue<Integer> priority = new AsyncPriorityQueue<>();
        for (int i : new int[] {5, 1, 4, 2, 3}) {
            priority.putNowait(i);
        }
        assertEquals("AsyncPriorityQueue[maxSize=0, items=[1, 2, 3, 4, 5], unfinished=5]", priority.toString());
        assertEquals(1, priority.getNowait());
        assertEquals("AsyncPriorityQueue[maxSize=0, items=[2, 3, 4, 5], unfinished=5]", priority.toString());
    }

    /** Each waiting operation's future names the operation, its item if any, and the queue. */
    @Test
    void waitersNameTheirOperationAndQueue() {
        AsyncQueue<String> full = new AsyncQueue<>(1);
        full.putNowait("a");
        LoopFuture<Void> put = full.put("b");
        assertDescribedAs("put(b) of AsyncQueue[maxSize=1, items=[a], putters=1, unfinished=1]", put);
        LoopFuture<Void> join = full.join();
        assertDescribedAs("join of AsyncQueue[maxSize=1, items=[a], putters=1, unfinished=1]", join);
        AsyncQueue<String> empty = new AsyncQueue<>();
        LoopFuture<String> get = empty.get();
        assertDescribedAs("get of AsyncQueue[maxSize=0, getters=1]", get);
        empty.putNowait("x");
        assertEquals("a", full.getNowait());
        settle();
        assertEquals("b", full.getNowait(), "the putter resumed and its item entered");
        full.taskDone();
        full.taskDone();
        settle();
        assertTrue(put.isDone() && join.isDone() && get.isDone());
    }

    /**
     * The probe counts parked putters and joiners together and names their tasks; a join waiting
     * for unfinished work is legitimate, not a lost wake-up.
     */
    @Test
    void probeCountsParkedPuttersAndJoiners() {
        AsyncQueue<String> queue = new AsyncQueue<>(1);
        queue.putNowait("a");
        Task<Void> putter = loop.createTask(() -> queue.put("b"));
        Task<Void> joiner = loop.createTask(queue::join);
        settle();
        ProgressProbe probe = probes.probes().get(0);
        assertEquals(queue.toString(), probe.describe());
        assertEquals(2, probe.parkedWaiters());
        assertEquals(List.of(putter, joiner), probe.waitingTasks());
        assertFalse(probe.lostWakeup());
        assertEquals("a", queue.getNowait());
        settle();
        assertEquals("b", queue.getNowait());
        assertEquals(List.of(joiner), probe.waitingTasks());
        assertEquals(1, probe.parkedWaiters());
        queue.taskDone();
        queue.taskDone();
        settle();
        assertTrue(putter.isDone() && joiner.isDone());
        assertEquals(0, probe.parkedWaiters());
    }
}
