package io.github.loopsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.testing.LoopFixture;
import io.github.loopsync.testing.ProbeChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queues' ordering guarantees, shutdown races, join, and misuse; their waiter states are in {@link AsyncQueueWaiterStatesTest}. */
class AsyncQueueTest extends LoopFixture {

    /** gh-83055: a putNowait cannot overtake a putter that was handed a slot; items leave in put order. */
    @Test
    void itemsLeaveInPutOrder() {
        AsyncQueue<Integer> queue = new AsyncQueue<>(2);
        List<Integer> got = new ArrayList<>();
        queue.putNowait(1);
        queue.putNowait(2);
        loop.createTask(() -> queue.put(3));
        settle();
        got.add(queue.getNowait());
        assertThrows(QueueFullException.class, () -> queue.putNowait(4), "the freed slot is held for the waiting putter");
        loop.createTask(() -> queue.put(4));
        settle();
        while (!queue.isEmpty()) {
            got.add(queue.getNowait());
            settle();
        }
        assertEquals(List.of(1, 2, 3, 4), got, "CPython gives [1, 2, 4, 3]");
    }

    /** Shutdown fails parked putters and getters and putters holding a slot; getters holding an item keep it (soft). */
    @Test
    void shutdownRacingWaiters() {
        AsyncQueue<String> full = new AsyncQueue<>(1);
        full.putNowait("a");
        LoopFuture<Void> parkedPut = full.put("b");
        LoopFuture<Void> slotHolder = full.put("c");
        full.getNowait();
        full.shutdown();
        settle();
        assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, parkedPut::join).getCause());
        assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, slotHolder::join).getCause());
        assertTrue(full.isEmpty(), "no item of a failed putter entered");

        AsyncQueue<String> empty = new AsyncQueue<>();
        LoopFuture<String> handed = empty.get();
        LoopFuture<String> parkedGet = empty.get();
        empty.putNowait("x");
        empty.shutdown();
        settle();
        assertEquals("x", handed.join());
        assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, parkedGet::join).getCause());
    }

    /** An immediate shutdown also takes back items handed to getters that have not resumed, counting them done. */
    @Test
    void immediateShutdownDropsItemsInTransit() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        LoopFuture<String> handed = queue.get();
        queue.putNowait("x");
        LoopFuture<Void> join = queue.join();
        queue.shutdown(true);
        settle();
        assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, handed::join).getCause());
        assertTrue(join.isDone(), "the dropped item counted as done");
    }

    /**
     * An item on its way to a getter is dropped and counted done by the immediate shutdown itself,
     * as asyncio drops what is still queued; the getter, whose resumption was already scheduled,
     * fails with QueueShutDownException when it resumes instead of receiving the item.
     */
    @Test
    void immediateShutdownCountsAnItemInTransitDoneAtOnce() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        LoopFuture<String> handed = queue.get();
        queue.putNowait("x");
        assertTrue(queue.toString().contains("unfinished=1"), queue.toString());
        LoopFuture<Void> join = queue.join();
        queue.shutdown(true);
        assertFalse(queue.toString().contains("unfinished"), "counted done by the shutdown: " + queue);
        assertFalse(handed.isDone(), "its resumption is the next step");
        settle();
        assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, handed::join).getCause());
        assertTrue(join.isDone() && !join.isCompletedExceptionally());
        assertThrows(IllegalStateException.class, queue::taskDone, "nothing is unfinished");
    }

    /**
     * A second immediate shutdown before the getters in transit resumed drops nothing more: their
     * items were counted done once, and an item taken earlier still holds join.
     */
    @Test
    void aRepeatedImmediateShutdownCountsTheItemsInTransitOnce() {
        ShutDownInTransit state = shutDownWithAnItemInTransit();
        state.queue().shutdown(true);
        settle();
        assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, state.handed()::join).getCause());
        state.assertJoinWaitsForTheTakenItemOnly();
    }

    /**
     * A getter in transit cancelled after an immediate shutdown, before it resumed: its item was
     * already counted done by the shutdown and is not counted again, so an item taken earlier and
     * not yet marked done still holds join.
     */
    @Test
    void getterInTransitCancelledAfterImmediateShutdownIsCountedOnce() {
        ShutDownInTransit state = shutDownWithAnItemInTransit();
        assertTrue(state.handed().cancel(true));
        settle();
        assertTrue(state.handed().isCancelled());
        state.assertJoinWaitsForTheTakenItemOnly();
    }

    /** A queue shut down immediately with one item taken (its taskDone owed) and one on its way to a getter. */
    private record ShutDownInTransit(AsyncQueue<String> queue, LoopFuture<String> handed, LoopFuture<Void> join,
            Runnable settle) {

        void assertJoinWaitsForTheTakenItemOnly() {
            assertFalse(join.isDone(), "the taken item's taskDone is still owed");
            queue.taskDone();
            settle.run();
            assertTrue(join.isDone() && !join.isCompletedExceptionally());
            assertThrows(IllegalStateException.class, queue::taskDone, "nothing is unfinished");
        }
    }

    private ShutDownInTransit shutDownWithAnItemInTransit() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        queue.putNowait("a");
        assertEquals("a", queue.getNowait());
        LoopFuture<String> handed = queue.get();
        queue.putNowait("x");
        LoopFuture<Void> join = queue.join();
        queue.shutdown(true);
        return new ShutDownInTransit(queue, handed, join, this::settle);
    }

    /**
     * A putter handed a slot fails when it resumes after a shutdown, and leaves its slot: the
     * queue counts nothing in transit afterwards, so it can move to another loop once this one
     * has closed.
     */
    @Test
    void putterInTransitAtShutdownFailsAndLeavesNothingInTransit() {
        AsyncQueue<String> queue = new AsyncQueue<>(1);
        queue.putNowait("a");
        LoopFuture<Void> slotHolder = queue.put("b");
        assertEquals("a", queue.getNowait());
        assertTrue(queue.isFull(), "the freed slot is held for the putter");
        queue.shutdown();
        assertFalse(slotHolder.isDone(), "its resumption is the next step");
        settle();
        assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, slotHolder::join).getCause());
        assertFalse(queue.isFull(), "no slot is held any more");
        assertTrue(queue.isEmpty(), "b never entered");
    }

    /**
     * An immediate shutdown counts each dropped item as done only while something is unfinished
     * (CPython's guard): after extra taskDone calls, dropping items leaves join free, not owed.
     */
    @Test
    void immediateShutdownNeverCountsBelowZero() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        queue.putNowait("a");
        queue.putNowait("b");
        queue.getNowait();
        queue.taskDone();
        queue.taskDone();
        assertEquals(1, queue.size(), "b is still queued, though every put is counted done");
        queue.shutdown(true);
        assertTrue(queue.isEmpty());
        assertTrue(queue.join().isDone(), "nothing is unfinished");
        assertThrows(IllegalStateException.class, queue::taskDone);
    }

    /** join waits for taskDone from several tasks. */
    @Test
    void joinWithTaskDoneFromSeveralTasks() {
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        for (int i = 0; i < 6; i++) {
            queue.putNowait(i);
        }
        Task<Void> joiner = loop.createTask(queue::join);
        for (int i = 0; i < 3; i++) {
            loop.createTask(() -> handleTwo(queue));
        }
        settle();
        assertTrue(joiner.isDone());
    }

    private CompletionStage<Void> handleTwo(AsyncQueue<Integer> queue) {
        return queue.get().thenCompose(a -> loop.<Void>completedFuture(null)).thenRun(queue::taskDone)
                .thenCompose(v -> queue.get()).thenRun(queue::taskDone);
    }

    /** Equal priorities leave in the order they were put. */
    @Test
    void priorityTiesKeepInsertionOrder() {
        AsyncPriorityQueue<String> queue = new AsyncPriorityQueue<>(0, Comparator.comparing(String::length));
        for (String item : List.of("bb", "a1", "c", "a2", "dd", "a3")) {
            queue.putNowait(item);
        }
        List<String> out = new ArrayList<>();
        while (!queue.isEmpty()) {
            out.add(queue.getNowait());
        }
        assertEquals(List.of("c", "bb", "a1", "a2", "dd", "a3"), out);
    }

    /** An item given back by a cancelled getter leaves before its equal-priority peers. */
    @Test
    void priorityReturnedItemLeavesFirstAmongEquals() {
        AsyncPriorityQueue<String> queue = new AsyncPriorityQueue<>(0, Comparator.comparing(String::length));
        LoopFuture<String> getter = queue.get();
        queue.putNowait("x");
        queue.putNowait("y");
        getter.cancel(true);
        assertEquals(List.of("x", "y"), List.of(queue.getNowait(), queue.getNowait()));
    }

    /** A natural-order priority queue refuses an item that is not Comparable, before changing. */
    @Test
    void priorityRefusesIncomparableItems() {
        AsyncPriorityQueue<Object> queue = new AsyncPriorityQueue<>();
        assertThrows(ClassCastException.class, () -> queue.putNowait(new Object()));
        assertThrows(ClassCastException.class, () -> queue.put(new Object()));
        assertTrue(queue.isEmpty());
        assertThrows(IllegalStateException.class, queue::taskDone, "nothing was counted");
    }

    /** LIFO: the newest item leaves first; a returned item is on top again. */
    @Test
    void lifoOrderAndReturnedItem() {
        AsyncLifoQueue<Integer> stack = new AsyncLifoQueue<>();
        LoopFuture<Integer> getter = stack.get();
        stack.putNowait(1);
        stack.putNowait(2);
        getter.cancel(true);
        assertEquals(List.of(1, 2), List.of(stack.getNowait(), stack.getNowait()));
        stack.putNowait(3);
        stack.putNowait(4);
        assertEquals(4, stack.getNowait());
    }

    /** Null items are refused with NullPointerException and change nothing. */
    @Test
    void nullItemsAreRefused() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        assertThrows(NullPointerException.class, () -> queue.putNowait(null));
        assertThrows(NullPointerException.class, () -> queue.put(null));
        assertTrue(queue.isEmpty());
    }

    /** 100,000 parked getters and putters: all cancelled, then all served, leave nothing behind. */
    @Test
    void manyWaiters() {
        AsyncQueue<Integer> queue = new AsyncQueue<>(1);
        List<LoopFuture<Integer>> getters = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            getters.add(queue.get());
        }
        getters.forEach(g -> g.cancel(true));
        assertEquals("AsyncQueue[maxSize=1]", queue.toString());
        queue.putNowait(0);
        List<LoopFuture<Void>> putters = new ArrayList<>();
        for (int i = 1; i <= 100_000; i++) {
            putters.add(queue.put(i));
        }
        int[] expected = {0};
        for (int i = 0; i <= 100_000; i++) {
            queue.get().thenAccept(item -> assertEquals(expected[0]++, item));
            settle();
        }
        assertEquals(100_001, expected[0]);
        assertTrue(putters.stream().allMatch(p -> p.isDone() && !p.isCompletedExceptionally()));
        assertTrue(queue.isEmpty());
    }

    /** No queue probe reports a lost wake-up after any step of a busy run with cancellations. */
    @Test
    @Timeout(60)
    void progressProbeHoldsAfterEveryStep() throws InterruptedException {
        ProbeChecker checker = new ProbeChecker();
        List<Throwable> unexpected = new ArrayList<>();
        onOtherThread("probe-runner", () -> {
            try (EventLoop own = EventLoop.builder().clock(VirtualClock.autoAdvancing()).listener(checker)
                    .exceptionHandler((l, message, error, task) -> {
                        if (!(error instanceof QueueShutDownException)) {
                            unexpected.add(error);     // the shutdown's failures are expected, unobserved
                        }
                    }).build()) {
                AsyncQueue<Integer> queue = new AsyncQueue<>(3);
                Random random = new Random(7);
                for (int i = 0; i < 400; i++) {
                    int n = i;
                    boolean producer = random.nextBoolean();
                    Task<?> task = own.createTask(() -> producer ? queue.put(n)
                            : queue.get().thenRun(queue::taskDone));
                    if (random.nextInt(3) == 0) {
                        own.callLater(Duration.ofMillis(random.nextInt(5)), task::cancel);
                    }
                }
                own.callLater(Duration.ofMillis(3), () -> queue.shutdown(false));
                own.runUntilIdle();
            }
        });
        assertEquals(List.of(), checker.violations());
        assertEquals(List.of(), unexpected);
        assertEquals(1, checker.probes().size());
    }
}
