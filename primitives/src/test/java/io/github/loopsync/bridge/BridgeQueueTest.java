package io.github.loopsync.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.queue.QueueShutDownException;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BridgeQueue between real threads and a loop (no sleeps: threads wait on the queue itself or on
 * bounded joins), and its loop-side waiter states on a hand-driven loop.
 */
class BridgeQueueTest {

    /** Real threads against a started loop. */
    @Nested
    @Timeout(60)
    class Threads {

        /** Items from two producer threads reach a loop task exactly once, each producer's in order. */
        @Test
        void threadsToLoopExactlyOnce() throws Exception {
            int perProducer = 50_000;
            try (EventLoop loop = EventLoop.start()) {
                BridgeQueue<long[]> queue = new BridgeQueue<>(loop, 16);
                CompletableFuture<List<List<Long>>> received = loop.submit(() -> {
                    List<List<Long>> byProducer = List.of(new ArrayList<>(), new ArrayList<>());
                    return drain(queue, 2 * perProducer, byProducer).thenApply(v -> byProducer);
                });
                List<Thread> producers = new ArrayList<>();
                for (int p = 0; p < 2; p++) {
                    int producer = p;
                    Thread thread = new Thread(() -> {
                        try {
                            for (long i = 0; i < perProducer; i++) {
                                queue.put(new long[] {producer, i});
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    producers.add(thread);
                    thread.start();
                }
                for (Thread thread : producers) {
                    thread.join();
                }
                List<List<Long>> byProducer = received.get(30, TimeUnit.SECONDS);
                for (List<Long> sequence : byProducer) {
                    assertEquals(perProducer, sequence.size());
                    for (int i = 0; i < perProducer; i++) {
                        assertEquals(i, sequence.get(i), "lost, duplicated or reordered");
                    }
                }
            }
        }

        private CompletionStage<Void> drain(BridgeQueue<long[]> queue, int remaining, List<List<Long>> byProducer) {
            if (remaining == 0) {
                return CompletableFuture.completedFuture(null);
            }
            return queue.get().thenCompose(item -> {
                byProducer.get((int) item[0]).add(item[1]);
                return drain(queue, remaining - 1, byProducer);
            });
        }

        /** Items a loop task puts reach two consumer threads exactly once. */
        @Test
        void loopToThreadsExactlyOnce() throws Exception {
            int total = 100_000;
            try (EventLoop loop = EventLoop.start()) {
                BridgeQueue<Integer> queue = new BridgeQueue<>(loop, 8);
                loop.submit(() -> feed(queue, 0, total));
                boolean[] seen = new boolean[total];
                int[] counts = new int[2];
                List<Thread> consumers = new ArrayList<>();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                for (int c = 0; c < 2; c++) {
                    int consumer = c;
                    Thread thread = new Thread(() -> {
                        try {
                            for (;;) {
                                int item = queue.take();
                                synchronized (seen) {
                                    if (seen[item]) {
                                        throw new AssertionError("duplicate " + item);
                                    }
                                    seen[item] = true;
                                }
                                counts[consumer]++;
                            }
                        } catch (QueueShutDownException drained) {
                            // the feeder shut the queue down after the last item
                        } catch (Throwable t) {
                            failure.set(t);
                        }
                    });
                    consumers.add(thread);
                    thread.start();
                }
                for (Thread thread : consumers) {
                    thread.join();
                }
                assertNull(failure.get());
                assertEquals(total, counts[0] + counts[1]);
                for (boolean item : seen) {
                    assertTrue(item);
                }
            }
        }

        private CompletionStage<Void> feed(BridgeQueue<Integer> queue, int next, int total) {
            if (next == total) {
                queue.shutdown();
                return CompletableFuture.completedFuture(null);
            }
            return queue.putAsync(next).thenCompose(v -> feed(queue, next + 1, total));
        }

        /** A thread blocked in put on a full queue wakes when the loop drains an item. */
        @Test
        void blockedPutWakesWhenTheLoopDrains() throws Exception {
            try (EventLoop loop = EventLoop.start()) {
                BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
                queue.put("first");
                Thread putter = new Thread(() -> {
                    try {
                        queue.put("second");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                putter.start();
                awaitBlocked(putter);
                assertEquals("first", loop.submit(queue::get).get(30, TimeUnit.SECONDS));
                putter.join();
                assertEquals("second", loop.submit(queue::get).get(30, TimeUnit.SECONDS));
            }
        }

        /** Shutdown wakes threads blocked in take and in put with QueueShutDownException. */
        @Test
        void shutdownWakesBlockedThreads() throws Exception {
            try (EventLoop loop = EventLoop.start()) {
                BridgeQueue<String> empty = new BridgeQueue<>(loop, 1);
                BridgeQueue<String> full = new BridgeQueue<>(loop, 1);
                full.put("x");
                AtomicReference<Throwable> takeFailure = new AtomicReference<>();
                AtomicReference<Throwable> putFailure = new AtomicReference<>();
                Thread taker = new Thread(() -> {
                    try {
                        empty.take();
                    } catch (Throwable t) {
                        takeFailure.set(t);
                    }
                });
                Thread putter = new Thread(() -> {
                    try {
                        full.put("y");
                    } catch (Throwable t) {
                        putFailure.set(t);
                    }
                });
                taker.start();
                putter.start();
                awaitBlocked(taker);
                awaitBlocked(putter);
                empty.shutdown();
                full.shutdown();
                taker.join();
                putter.join();
                assertInstanceOf(QueueShutDownException.class, takeFailure.get());
                assertInstanceOf(QueueShutDownException.class, putFailure.get());
                assertEquals("x", full.take(), "takers drain what is left");
                assertThrows(QueueShutDownException.class, full::take);
            }
        }

        /** Spins (never sleeps) until the thread parks; the tests hold whether or not it has parked yet. */
        private void awaitBlocked(Thread thread) {
            while (thread.isAlive() && thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
    }

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
