package io.github.loopsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wait queue on its own, below any primitive: FIFO order, O(1) removal from anywhere, the
 * bulk removal of waiters cancelled from another thread, and the wait-for information it gives
 * the harness.
 */
class WaitQueueTest extends LoopFixture {

    /** A waiter that records the grants handed back to it. */
    private static final class Parked extends Waiter<String> {
        private final String name;
        final List<String> returned = new ArrayList<>();

        Parked(EventLoop loop, String name) {
            super(loop);
            this.name = name;
        }

        @Override
        protected void grantReturned(String granted) {
            returned.add(granted);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final WaitQueue<Parked> queue = new WaitQueue<>();

    private Parked park(String name) {
        Parked waiter = new Parked(loop, name);
        queue.add(waiter);
        return waiter;
    }

    /** Waiters leave in the order they were parked, and the size follows every change. */
    @Test
    void fifoOrderAndSize() {
        assertTrue(queue.isEmpty());
        Parked first = park("first");
        Parked second = park("second");
        Parked third = park("third");
        assertEquals(3, queue.size());
        assertFalse(queue.isEmpty());
        assertEquals("WaitQueue[size=3]", queue.toString());
        assertSame(first, queue.peek());
        assertSame(first, queue.poll());
        queue.remove(third);
        assertEquals(1, queue.size());
        assertSame(second, queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    /** A waiter parks in one queue at a time; removing it from a queue it is not in changes nothing. */
    @Test
    void aWaiterParksInOneQueueAtATime() {
        WaitQueue<Parked> other = new WaitQueue<>();
        Parked waiter = park("waiter");
        assertThrows(IllegalStateException.class, () -> other.add(waiter));
        assertThrows(IllegalStateException.class, () -> queue.add(waiter));
        other.remove(waiter);
        assertEquals(1, queue.size());
        assertEquals(0, other.size());
        assertSame(waiter, queue.peek());
    }

    /**
     * removeIf unlinks exactly the accepted waiters, hands each to the callback oldest first, keeps
     * the others in order, and leaves the removed ones free to park again.
     */
    @Test
    void removeIfUnlinksTheAcceptedWaiters() {
        Parked a = park("a");
        Parked b = park("b");
        Parked c = park("c");
        Parked d = park("d");
        List<Parked> removed = new ArrayList<>();
        queue.removeIf(waiter -> waiter == b || waiter == d, removed::add);
        assertEquals(List.of(b, d), removed);
        assertEquals(2, queue.size());
        queue.add(b);                                   // free to park again, at the tail
        assertSame(a, queue.poll());
        assertSame(c, queue.poll());
        assertSame(b, queue.poll());
        assertTrue(queue.isEmpty());
    }

    /**
     * grantFirst skips and unlinks a head waiter cancelled from another thread whose withdrawal
     * the loop has not run yet, and grants the next one; that grant is delivered, not returned.
     */
    @Test
    @Timeout(10)
    void grantFirstSkipsAWaiterCancelledOffLoop() throws InterruptedException {
        Parked cancelled = park("cancelled");
        Parked second = park("second");
        Parked third = park("third");
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
        assertSame(second, queue.grantFirst("grant"));
        assertEquals(1, queue.size());
        assertSame(third, queue.peek());
        settle();
        assertTrue(cancelled.isCancelled());
        assertEquals("grant", second.join());
        assertEquals(List.of(), second.returned);
        assertEquals(List.of(), cancelled.returned);
        assertSame(third, queue.peek(), "the late withdrawal of the skipped waiter changes nothing");
    }

    /** grantAll grants every parked waiter, oldest first, and empties the queue. */
    @Test
    void grantAllEmptiesTheQueue() {
        Parked first = park("first");
        Parked second = park("second");
        List<String> order = new ArrayList<>();
        first.thenAccept(value -> order.add("first " + value));
        second.thenAccept(value -> order.add("second " + value));
        queue.grantAll("go");
        assertTrue(queue.isEmpty());
        settle();
        assertEquals(List.of("first go", "second go"), order);
    }

    /** The waiting tasks for the wait-for graph: each task once, oldest first, waiters outside a task left out. */
    @Test
    void tasksNamesEachWaitingTaskOnceOldestFirst() {
        Task<String> one = loop.createTask(() -> {
            Parked first = park("one-first");
            Parked again = park("one-again");
            return first.thenCompose(value -> again);
        });
        settle();
        park("outside any task");
        Task<String> two = loop.createTask(() -> park("two"));
        settle();
        assertEquals(4, queue.size());
        assertEquals(List.of(one, two), queue.tasks());
        assertEquals(List.of(one, two), Probes.tasks(queue, new WaitQueue<Parked>(), queue));
        assertEquals(List.of(), new WaitQueue<Parked>().tasks());
        queue.grantAll("done");
        settle();
        assertEquals("done", one.join());
        assertEquals("done", two.join());
        assertEquals(List.of(), queue.tasks());
    }
}
