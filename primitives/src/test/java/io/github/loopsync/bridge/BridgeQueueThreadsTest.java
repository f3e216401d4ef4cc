package io.github.loopsync.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopDiagnostics;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.queue.QueueShutDownException;
import io.github.loopsync.testing.Watchdog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * BridgeQueue between real threads and a started loop. The exactly-once tests run in rounds, and
 * each round passes checkpoints that the test waits for (a loop getter parked on the empty queue,
 * a full queue with both threads blocked, ...), so every round takes every path of the crossing
 * whatever the scheduler does, and a run costs a bounded number of wake-ups: its duration does not
 * grow with the machine's load beyond the wake-up latency times that number. Every wait goes
 * through a {@link Watchdog}, which reports the queue's and the loop's state and every thread's
 * stack if the wait stalls. No sleeps, no clock.
 */
class BridgeQueueThreadsTest {

    private static final int CAPACITY = 4;
    /** Items each of two threads puts or takes per round: more than the queue holds plus one. */
    private static final int PER_THREAD = 6;
    private static final int ROUNDS = 20;

    private static Watchdog watch(String what, EventLoop loop, BridgeQueue<?> queue) {
        return Watchdog.watch(what, () -> queue.describeState() + "; " + LoopDiagnostics.describe(loop));
    }

    private static void until(Watchdog watchdog, BridgeQueue<?> queue, String what, Predicate<BridgeQueueState> holds) {
        watchdog.until(what, () -> {
            BridgeQueueState state = queue.snapshot(1);
            return state != null && holds.test(state);
        });
    }

    private static Thread start(String name, Runnable body, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Items from two producer threads reach a loop task exactly once, each producer's in order, and
     * every round hands an item to a parked loop getter, fills the queue with both producers
     * blocked, and drains it while both refill.
     */
    @Test
    void threadsToLoopExactlyOnce() throws Exception {
        try (EventLoop loop = EventLoop.builder().name("bridge-to-loop").start()) {
            BridgeQueue<long[]> queue = new BridgeQueue<>(loop, CAPACITY);
            List<CompletableFuture<Boolean>> getterParked = new ArrayList<>();
            List<CompletableFuture<Void>> gates = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                getterParked.add(new CompletableFuture<>());
                gates.add(new CompletableFuture<>());
            }
            List<List<Long>> byProducer = List.of(new ArrayList<>(), new ArrayList<>());      // loop-confined
            CompletableFuture<List<List<Long>>> received = loop.submit(
                    () -> receiveRounds(queue, 0, getterParked, gates, byProducer).thenApply(v -> byProducer));
            Semaphore[] go = {new Semaphore(0), new Semaphore(0)};
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int producer = p;
                producers.add(start("bridge-producer-" + p, () -> {
                    try {
                        for (int round = 0; round < ROUNDS; round++) {
                            go[producer].acquire();
                            for (int i = 0; i < PER_THREAD; i++) {
                                queue.put(new long[] {producer, (long) round * PER_THREAD + i});
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, failure));
            }
            try (Watchdog watchdog = watch("threadsToLoopExactlyOnce", loop, queue)) {
                for (int round = 0; round < ROUNDS; round++) {
                    String at = "round " + round + ": ";
                    assertTrue(watchdog.get(getterParked.get(round)), at + "the loop's get() parks on the empty queue");
                    go[0].release();
                    go[1].release();
                    until(watchdog, queue, at + "the getter served, the queue full, both producers blocked",
                            s -> s.loopGetters() == 0 && s.inTransit() == 0 && s.size() == CAPACITY
                                    && s.threadsWaitingForRoom() == 2);
                    CompletableFuture<Void> gate = gates.get(round);
                    loop.execute(() -> gate.complete(null));
                }
                for (Thread producer : producers) {
                    watchdog.join(producer);
                }
                assertNull(failure.get());
                List<List<Long>> sequences = watchdog.get(received);
                for (List<Long> sequence : sequences) {
                    assertEquals(ROUNDS * PER_THREAD, sequence.size(), "lost or duplicated");
                    for (int i = 0; i < sequence.size(); i++) {
                        assertEquals(i, sequence.get(i), "lost, duplicated or reordered");
                    }
                }
            } finally {
                producers.forEach(Thread::interrupt);
            }
        }
    }

    /** One round on the loop: a get that parks, the gate, then the rest of the round's items. */
    private CompletionStage<Void> receiveRounds(BridgeQueue<long[]> queue, int round,
            List<CompletableFuture<Boolean>> getterParked, List<CompletableFuture<Void>> gates, List<List<Long>> byProducer) {
        if (round == ROUNDS) {
            return CompletableFuture.completedFuture(null);
        }
        LoopFuture<long[]> first = queue.get();
        getterParked.get(round).complete(!first.isDone());
        return first.thenCompose(item -> {
            byProducer.get((int) item[0]).add(item[1]);
            return gates.get(round);
        }).thenCompose(v -> drain(queue, 2 * PER_THREAD - 1, byProducer))
                .thenCompose(v -> receiveRounds(queue, round + 1, getterParked, gates, byProducer));
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

    /**
     * Items a loop task puts reach two consumer threads exactly once, each consumer's in queue
     * order, and every round has both consumers blocked on the empty queue, then the loop's putter
     * parked on the full queue, then a drain racing the loop's refills.
     */
    @Test
    void loopToThreadsExactlyOnce() throws Exception {
        int total = ROUNDS * 2 * PER_THREAD;
        try (EventLoop loop = EventLoop.builder().name("bridge-to-threads").start()) {
            BridgeQueue<Integer> queue = new BridgeQueue<>(loop, CAPACITY);
            List<CompletableFuture<Void>> gates = new ArrayList<>();
            List<CompletableFuture<Void>> fed = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                gates.add(new CompletableFuture<>());
                fed.add(new CompletableFuture<>());
            }
            loop.submit(() -> feedRounds(queue, 0, gates, fed));
            Semaphore mayTake = new Semaphore(0);
            AtomicInteger taken = new AtomicInteger();
            boolean[] seen = new boolean[total];
            List<List<Integer>> byConsumer = List.of(new ArrayList<>(), new ArrayList<>());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> consumers = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                List<Integer> mine = byConsumer.get(c);
                consumers.add(start("bridge-consumer-" + c, () -> {
                    try {
                        for (;;) {
                            mayTake.acquire();
                            int item = queue.take();
                            synchronized (seen) {
                                assertTrue(!seen[item], "duplicate " + item);
                                seen[item] = true;
                            }
                            mine.add(item);
                            taken.incrementAndGet();
                        }
                    } catch (QueueShutDownException drained) {
                        // the feeder shut the queue down after the last round
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, failure));
            }
            try (Watchdog watchdog = watch("loopToThreadsExactlyOnce", loop, queue)) {
                for (int round = 0; round < ROUNDS; round++) {
                    String at = "round " + round + ": ";
                    mayTake.release(2);
                    until(watchdog, queue, at + "both consumers blocked on the empty queue",
                            s -> s.size() == 0 && s.threadsWaitingForItems() == 2);
                    CompletableFuture<Void> gate = gates.get(round);
                    loop.execute(() -> gate.complete(null));
                    until(watchdog, queue, at + "two items taken, the queue full, the loop's putter parked",
                            s -> s.size() == CAPACITY && s.loopPutters() == 1 && s.threadsWaitingForItems() == 0);
                    mayTake.release(2 * PER_THREAD - 2);
                    watchdog.get(fed.get(round));
                    int roundEnd = (round + 1) * 2 * PER_THREAD;
                    watchdog.until(at + "every item taken", () -> taken.get() == roundEnd);
                }
                mayTake.release(2);                          // both consumers reach the shut-down queue
                for (Thread consumer : consumers) {
                    watchdog.join(consumer);
                }
            } finally {
                consumers.forEach(Thread::interrupt);
            }
            assertNull(failure.get());
            assertEquals(total, taken.get());
            for (int item = 0; item < total; item++) {
                assertTrue(seen[item], "lost " + item);
            }
            for (List<Integer> mine : byConsumer) {
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i - 1) < mine.get(i), "taken out of queue order: " + mine);
                }
            }
        }
    }

    /** One round on the loop: wait for the gate, then put the round's items one after another. */
    private CompletionStage<Void> feedRounds(BridgeQueue<Integer> queue, int round, List<CompletableFuture<Void>> gates,
            List<CompletableFuture<Void>> fed) {
        if (round == ROUNDS) {
            queue.shutdown();
            return CompletableFuture.completedFuture(null);
        }
        int first = round * 2 * PER_THREAD;
        return gates.get(round).thenCompose(v -> feed(queue, first, first + 2 * PER_THREAD))
                .thenCompose(v -> {
                    fed.get(round).complete(null);
                    return feedRounds(queue, round + 1, gates, fed);
                });
    }

    private CompletionStage<Void> feed(BridgeQueue<Integer> queue, int next, int end) {
        if (next == end) {
            return CompletableFuture.completedFuture(null);
        }
        return queue.putAsync(next).thenCompose(v -> feed(queue, next + 1, end));
    }

    /** A thread blocked in put on a full queue wakes when the loop drains an item. */
    @Test
    void blockedPutWakesWhenTheLoopDrains() throws Exception {
        try (EventLoop loop = EventLoop.start()) {
            BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
            queue.put("first");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread putter = start("bridge-putter", () -> {
                try {
                    queue.put("second");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, failure);
            try (Watchdog watchdog = watch("blockedPutWakesWhenTheLoopDrains", loop, queue)) {
                until(watchdog, queue, "the putter blocked on the full queue", s -> s.threadsWaitingForRoom() == 1);
                assertEquals("first", watchdog.get(loop.submit(queue::get)));
                watchdog.join(putter);
                assertEquals("second", watchdog.get(loop.submit(queue::get)));
            }
            assertNull(failure.get());
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
            Thread taker = start("bridge-taker", () -> {
                try {
                    empty.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, takeFailure);
            Thread putter = start("bridge-putter", () -> {
                try {
                    full.put("y");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, putFailure);
            try (Watchdog watchdog = Watchdog.watch("shutdownWakesBlockedThreads",
                    () -> empty.describeState() + "; " + full.describeState() + "; " + LoopDiagnostics.describe(loop))) {
                until(watchdog, empty, "the taker blocked on the empty queue", s -> s.threadsWaitingForItems() == 1);
                until(watchdog, full, "the putter blocked on the full queue", s -> s.threadsWaitingForRoom() == 1);
                empty.shutdown();
                full.shutdown();
                watchdog.join(taker);
                watchdog.join(putter);
            }
            assertInstanceOf(QueueShutDownException.class, takeFailure.get());
            assertInstanceOf(QueueShutDownException.class, putFailure.get());
            assertEquals("x", full.take(), "takers drain what is left");
            assertThrows(QueueShutDownException.class, full::take);
        }
    }
}
