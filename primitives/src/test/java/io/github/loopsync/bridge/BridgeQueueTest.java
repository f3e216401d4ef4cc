package io.github.loopsync.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.queue.QueueShutDownException;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BridgeQueue's loop-side waiter states and misuse on a hand-driven loop; {@link
 * BridgeQueueThreadsTest} runs it between real threads and a started loop.
 */
class BridgeQueueTest {

    /** Loop-side waiter states and misuse, on a hand-driven loop. */
    @Nested
    class LoopSide extends LoopFixture {

        /** get, parked then handed an item by offer. */
        @Test
        void getParked() {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 2);
            LoopFuture<String> getter = queue.get();
            assertTrue(queue.offer("x"));
            assertEquals(0, queue.size(), "handed to the getter");
            settle();
            assertEquals("x", getter.join());
        }

        /**
         * waitingGetters and waitingPutters count parked loop tasks: not one handed an item or a
         * slot, not one cancelled, and one cancelled from another thread only until the loop
         * withdraws it.
         */
        @Test
        @Timeout(10)
        void waitingCounts() throws InterruptedException {
            BridgeQueue<String> empty = new BridgeQueue<>(loop, 1);
            LoopFuture<String> first = empty.get();
            LoopFuture<String> second = empty.get();
            assertEquals(2, empty.waitingGetters());
            assertTrue(empty.offer("x"));
            assertEquals(1, empty.waitingGetters(), "the first was handed the item");
            onOtherThread("canceller", () -> assertTrue(second.cancel(true)));
            assertEquals(1, empty.waitingGetters(), "not withdrawn before the loop runs");
            settle();
            assertEquals("x", first.join());
            assertEquals(0, empty.waitingGetters());

            BridgeQueue<String> full = new BridgeQueue<>(loop, 1);
            assertTrue(full.offer("a"));
            LoopFuture<Void> putter = full.putAsync("b");
            LoopFuture<Void> cancelled = full.putAsync("c");
            assertEquals(2, full.waitingPutters());
            assertEquals(0, full.waitingGetters());
            cancelled.cancel(true);
            settle();
            assertEquals(1, full.waitingPutters());
            assertEquals("a", full.poll(Duration.ZERO));
            assertEquals(0, full.waitingPutters(), "handed the slot");
            settle();
            assertTrue(putter.isDone());
            assertEquals("b", full.poll(Duration.ZERO));
        }

        /** get, cancelled while parked: the next offer goes into the queue. */
        @Test
        void getCancelledWhileParked() {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 2);
            LoopFuture<String> getter = queue.get();
            getter.cancel(true);
            assertTrue(queue.offer("x"));
            assertEquals(1, queue.size());
        }

        /** get, handed an item then cancelled: the item returns to the front. */
        @Test
        void getHandedThenCancelled() throws InterruptedException {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 2);
            LoopFuture<String> getter = queue.get();
            queue.offer("first");
            queue.offer("second");
            assertFalse(queue.offer("third"), "the handed item still holds its slot");
            getter.cancel(true);
            assertEquals("first", queue.poll(Duration.ZERO));
            assertEquals("second", queue.poll(Duration.ZERO));
        }

        /** get, timed out: withdrawn. */
        @Test
        void getTimedOut() {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 2);
            LoopFuture<String> getter = queue.get();
            getter.orTimeout(1, TimeUnit.SECONDS);
            settle();
            assertTrue(getter.isCompletedExceptionally());
            queue.offer("x");
            assertEquals(1, queue.size());
        }

        /** putAsync, handed a slot then cancelled: its item never enters. */
        @Test
        void putHandedThenCancelled() throws InterruptedException {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
            queue.offer("a");
            LoopFuture<Void> putter = queue.putAsync("b");
            assertEquals("a", queue.poll(Duration.ZERO));
            putter.cancel(true);
            settle();
            assertEquals(0, queue.size());
            assertTrue(queue.offer("c"));
        }

        /** putAsync, parked then resumed: its item enters when it resumes. */
        @Test
        void putParked() throws InterruptedException {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
            queue.offer("a");
            LoopFuture<Void> putter = queue.putAsync("b");
            assertFalse(putter.isDone());
            queue.poll(Duration.ZERO);
            settle();
            assertTrue(putter.isDone());
            assertEquals("b", queue.poll(Duration.ZERO));
        }

        /** Blocking calls on the loop thread are refused; non-blocking ones work there. */
        @Test
        void blockingOnTheLoopThreadIsRefused() throws InterruptedException {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
            assertThrows(IllegalStateException.class, queue::take);
            assertThrows(IllegalStateException.class, () -> queue.put("x"));
            assertThrows(IllegalStateException.class, () -> queue.poll(Duration.ofSeconds(1)));
            assertNull(queue.poll(Duration.ZERO));
            assertTrue(queue.offer("x", Duration.ZERO));
            assertFalse(queue.offer("y", Duration.ZERO));
        }

        /** Loop-side calls off the loop thread are refused. */
        @Test
        @Timeout(10)
        void loopSideOffTheLoopThreadIsRefused() throws InterruptedException {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
            List<Throwable> thrown = new ArrayList<>();
            Thread other = new Thread(() -> {
                try {
                    queue.get();
                } catch (Throwable t) {
                    thrown.add(t);
                }
            });
            other.start();
            other.join();
            assertInstanceOf(IllegalStateException.class, thrown.get(0));
        }

        /** shutdownNow returns the items left and fails the parked putters. */
        @Test
        void shutdownNowReturnsTheItemsLeft() {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 2);
            queue.offer("a");
            queue.offer("b");
            LoopFuture<Void> putter = queue.putAsync("c");
            assertEquals(List.of("a", "b"), queue.shutdownNow());
            settle();
            assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, putter::join).getCause());
            assertThrows(QueueShutDownException.class, () -> queue.offer("d"));
            assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, queue.get()::join).getCause());
        }

        /** Bad arguments are refused. */
        @Test
        void badArguments() {
            assertThrows(IllegalArgumentException.class, () -> new BridgeQueue<String>(loop, 0));
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
            assertThrows(NullPointerException.class, () -> queue.offer(null));
            assertThrows(NullPointerException.class, () -> queue.putAsync(null));
        }
    }
}
