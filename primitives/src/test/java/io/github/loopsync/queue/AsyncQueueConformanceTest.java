package io.github.loopsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code test_queues.py} (3.13), re-expressed. Not ported, because Java rules them out:
 * {@code test_generic_alias} (generics are erased), {@code test_float_maxsize} (the capacity is an
 * int), and the {@code hex(id(q))} half of {@code test_repr}/{@code test_str}. {@code
 * test_get_with_putters} appends a fake future to the private putters; it is re-expressed with a
 * real blocked putter.
 */
class AsyncQueueConformanceTest {

    /** QueueBasicTests, QueueGetTests and QueuePutTests, on the FIFO queue. */
    @Nested
    class Basic extends LoopFixture {

        /** test_repr / test_str: items, getters, putters, unfinished count and shutdown appear in toString. */
        @Test
        void test_repr() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            assertEquals("AsyncQueue[maxSize=0]", queue.toString());
            queue.get();
            assertEquals("AsyncQueue[maxSize=0, getters=1]", queue.toString());
            assertEquals(1, queue.waitingGetters());
            AsyncQueue<Integer> full = new AsyncQueue<>(1);
            full.putNowait(1);
            full.put(2);
            assertEquals("AsyncQueue[maxSize=1, items=[1], putters=1, unfinished=1]", full.toString());
            assertEquals(1, full.waitingPutters());
            full.shutdown();
            assertTrue(full.toString().endsWith(", shutdown]"), full.toString());
        }

        /** test_empty: empty, then not after a put, then empty after a get. */
        @Test
        void test_empty() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            assertTrue(queue.isEmpty());
            queue.putNowait(1);
            assertFalse(queue.isEmpty());
            assertEquals(1, queue.getNowait());
            assertTrue(queue.isEmpty());
        }

        /** test_full: an unbounded queue is never full; a queue of one is full after one put. */
        @Test
        void test_full() {
            AsyncQueue<Integer> unbounded = new AsyncQueue<>();
            assertFalse(unbounded.isFull());
            AsyncQueue<Integer> one = new AsyncQueue<>(1);
            one.putNowait(1);
            assertTrue(one.isFull());
        }

        /** test_order: first in, first out. */
        @Test
        void test_order() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            for (int i : List.of(1, 3, 2)) {
                queue.putNowait(i);
            }
            assertEquals(List.of(1, 3, 2), List.of(queue.getNowait(), queue.getNowait(), queue.getNowait()));
        }

        /** test_maxsize: a producer blocks at the capacity and resumes as items are taken. */
        @Test
        void test_maxsize() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(2);
            List<Integer> haveBeenPut = new ArrayList<>();
            Task<Boolean> producer = loop.createTask(() -> putAll(queue, List.of(0, 1, 2), 0, haveBeenPut));
            loop.runOnce();
            loop.runOnce();
            assertEquals(List.of(0, 1), haveBeenPut);
            assertEquals(0, queue.getNowait());
            settle();
            assertEquals(List.of(0, 1, 2), haveBeenPut);
            assertEquals(1, queue.getNowait());
            assertEquals(2, queue.getNowait());
            assertTrue(producer.join());
        }

        private CompletionStage<Boolean> putAll(AsyncQueue<Integer> queue, List<Integer> items, int index, List<Integer> done) {
            if (index == items.size()) {
                return CompletableFuture.completedFuture(true);
            }
            return queue.put(items.get(index)).thenCompose(v -> {
                done.add(items.get(index));
                return putAll(queue, items, index + 1, done);
            });
        }

        /** test_blocking_get: get on a non-empty queue returns the item at once. */
        @Test
        void test_blocking_get() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            queue.putNowait(1);
            LoopFuture<Integer> item = queue.get();
            assertTrue(item.isDone());
            assertEquals(1, item.join());
        }

        /** test_get_with_putters: a get from a full queue admits the blocked putter. */
        @Test
        void test_get_with_putters() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(1);
            queue.putNowait(1);
            LoopFuture<Void> blockedPut = queue.put(2);
            assertEquals(1, queue.get().join());
            settle();
            assertTrue(blockedPut.isDone());
            assertEquals(2, queue.getNowait());
        }

        /** test_blocking_get_wait: a get waits until an item is put later. */
        @Test
        void test_blocking_get_wait() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            LoopFuture<Integer> item = queue.get();
            loop.callLater(Duration.ofMillis(10), () -> queue.putNowait(1));
            settle();
            assertEquals(1, item.join());
            assertEquals(Duration.ofMillis(10), now());
        }

        /** test_nonblocking_get: getNowait returns the item. */
        @Test
        void test_nonblocking_get() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            queue.putNowait(1);
            assertEquals(1, queue.getNowait());
        }

        /** test_nonblocking_get_exception: getNowait on an empty queue throws QueueEmptyException. */
        @Test
        void test_nonblocking_get_exception() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            assertThrows(QueueEmptyException.class, queue::getNowait);
        }

        /** test_get_cancelled_race: a cancelled getter is skipped; the next one gets the item (regression Q2). */
        @Test
        void test_get_cancelled_race() {
            AsyncQueue<String> queue = new AsyncQueue<>();
            Task<String> t1 = loop.createTask(queue::get);
            Task<String> t2 = loop.createTask(queue::get);
            loop.runOnce();
            t1.cancel();
            loop.runOnce();
            assertTrue(t1.isCancelled());
            queue.putNowait("a");
            settle();
            assertEquals("a", t2.join());
        }

        /** test_get_with_waiting_putters: with two blocked puts, two gets return their items in order. */
        @Test
        void test_get_with_waiting_putters() {
            AsyncQueue<String> queue = new AsyncQueue<>(1);
            loop.createTask(() -> queue.put("a"));
            loop.createTask(() -> queue.put("b"));
            loop.runOnce();
            LoopFuture<String> first = queue.get();
            settle();
            LoopFuture<String> second = queue.get();
            settle();
            assertEquals("a", first.join());
            assertEquals("b", second.join());
        }

        /** test_why_are_getters_waiting: a producer and a consumer through a queue of one complete (regression Q2). */
        @Test
        void test_why_are_getters_waiting() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(1);
            int[] consumed = {0};
            Task<Void> producer = loop.createTask(() -> produce(queue, 5));
            Task<Void> consumer = loop.createTask(() -> consume(queue, 5, consumed));
            settle();
            assertTrue(producer.isDone() && consumer.isDone());
            assertEquals(5, consumed[0]);
        }

        private CompletionStage<Void> produce(AsyncQueue<Integer> queue, int remaining) {
            return remaining == 0 ? CompletableFuture.completedFuture(null)
                    : queue.put(remaining).thenCompose(v -> produce(queue, remaining - 1));
        }

        private CompletionStage<Void> consume(AsyncQueue<Integer> queue, int remaining, int[] consumed) {
            return remaining == 0 ? CompletableFuture.completedFuture(null)
                    : queue.get().thenCompose(item -> {
                        consumed[0]++;
                        return consume(queue, remaining - 1, consumed);
                    });
        }

        /** test_cancelled_getters_not_being_held_in_self_getters: a timed-out get leaves no getter behind (regression Q3). */
        @Test
        void test_cancelled_getters_not_being_held_in_self_getters() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            LoopFuture<Integer> timed = Tasks.waitFor(queue.get(), Duration.ofMillis(100));
            settle();
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, timed::join).getCause());
            assertEquals(0, queue.waitingGetters(), queue.toString());
        }

        /** test_blocking_put: a put on an unbounded queue does not wait. */
        @Test
        void test_blocking_put() {
            assertTrue(new AsyncQueue<Integer>().put(1).isDone());
        }

        /** test_blocking_put_wait: a put on a full queue waits until a get frees a slot. */
        @Test
        void test_blocking_put_wait() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(1);
            queue.putNowait(1);
            LoopFuture<Void> second = queue.put(2);
            loop.callLater(Duration.ofMillis(10), queue::getNowait);
            settle();
            assertTrue(second.isDone());
            assertEquals(2, queue.getNowait());
        }

        /** test_nonblocking_put: putNowait then getNowait round-trips. */
        @Test
        void test_nonblocking_put() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            queue.putNowait(1);
            assertEquals(1, queue.getNowait());
        }

        /** test_get_cancel_drop_one_pending_reader: a reader cancelled after an item was handed to it gives it back (regression Q1, bpo-23812). */
        @Test
        void test_get_cancel_drop_one_pending_reader() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            Task<Integer> reader = loop.createTask(queue::get);
            loop.runOnce();
            queue.putNowait(1);
            queue.putNowait(2);
            reader.cancel();
            settle();
            assertTrue(reader.isCancelled());
            assertEquals(1, queue.get().join(), "neither lost nor reordered");
            assertEquals(2, queue.getNowait());
        }

        /** test_get_cancel_drop_many_pending_readers: with one of three readers cancelled, the others receive both items (regression Q1). */
        @Test
        void test_get_cancel_drop_many_pending_readers() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            Task<Integer> r1 = loop.createTask(queue::get);
            Task<Integer> r2 = loop.createTask(queue::get);
            Task<Integer> r3 = loop.createTask(queue::get);
            loop.runOnce();
            queue.putNowait(1);
            queue.putNowait(2);
            r1.cancel();
            settle();
            assertTrue(r1.isCancelled());
            assertEquals(Set.of(1, 2), new HashSet<>(List.of(r2.join(), r3.join())));
        }

        /** test_put_cancel_drop: a writer cancelled after a slot was handed to it never inserts; a retry succeeds (regression Q2). */
        @Test
        void test_put_cancel_drop() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(1);
            queue.putNowait(1);
            Task<Void> writer = loop.createTask(() -> queue.put(2));
            loop.runOnce();
            assertEquals(1, queue.getNowait());
            writer.cancel();
            settle();
            assertTrue(writer.isCancelled());
            assertEquals(0, queue.size(), "the cancelled writer inserted nothing");
            queue.put(2);
            assertEquals(2, queue.getNowait());
            assertEquals(0, queue.size());
        }

        /** test_nonblocking_put_exception: putNowait on a full queue throws QueueFullException. */
        @Test
        void test_nonblocking_put_exception() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(1);
            queue.putNowait(1);
            assertThrows(QueueFullException.class, () -> queue.putNowait(2));
            assertEquals(1, queue.size());
        }

        /** test_put_cancelled: a put on an unbounded queue completes and the item can be taken. */
        @Test
        void test_put_cancelled() {
            AsyncQueue<Integer> queue = new AsyncQueue<>();
            Task<Void> put = loop.createTask(() -> queue.put(1));
            settle();
            assertTrue(put.isDone() && !put.isCompletedExceptionally());
            assertEquals(1, queue.get().join());
        }

        /** test_put_cancelled_race: a cancelled blocked put is skipped; the other blocked put gets in (regression Q2). */
        @Test
        void test_put_cancelled_race() {
            AsyncQueue<String> queue = new AsyncQueue<>(1);
            Task<Void> putA = loop.createTask(() -> queue.put("a"));
            Task<Void> putB = loop.createTask(() -> queue.put("b"));
            Task<Void> putX = loop.createTask(() -> queue.put("X"));
            loop.runOnce();
            assertTrue(putA.isDone());
            assertFalse(putB.isDone());
            putX.cancel();
            loop.runOnce();
            assertEquals("a", queue.getNowait());
            settle();
            assertEquals("b", queue.getNowait());
            assertTrue(putB.isDone());
            assertTrue(putX.isCancelled());
        }

        /** test_put_with_waiting_getters: a put goes to the waiting getter. */
        @Test
        void test_put_with_waiting_getters() {
            AsyncQueue<String> queue = new AsyncQueue<>();
            LoopFuture<String> getter = queue.get();
            queue.putNowait("a");
            settle();
            assertEquals("a", getter.join());
        }

        /** test_why_are_putters_waiting: four putters and a draining getter through a queue of two complete (regression Q2). */
        @Test
        void test_why_are_putters_waiting() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(2);
            List<Task<Void>> putters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                putters.add(loop.createTask(() -> queue.put(n)));
            }
            List<Integer> got = new ArrayList<>();
            loop.createTask(() -> Tasks.yieldNow().thenCompose(v -> drain(queue, got)));
            settle();
            assertTrue(putters.stream().allMatch(Task::isDone));
            assertEquals(List.of(0, 1, 2, 3), got);
        }

        private CompletionStage<Void> drain(AsyncQueue<Integer> queue, List<Integer> got) {
            while (!queue.isEmpty()) {
                got.add(queue.getNowait());
            }
            return got.size() == 4 ? CompletableFuture.completedFuture(null)
                    : Tasks.yieldNow().thenCompose(v -> drain(queue, got));
        }

        /** test_cancelled_puts_not_being_held_in_self_putters: a cancelled blocked put leaves no putter (regression Q4). */
        @Test
        void test_cancelled_puts_not_being_held_in_self_putters() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(1);
            queue.putNowait(1);
            Task<Void> put = loop.createTask(() -> queue.put(2));
            loop.runOnce();
            assertEquals(1, queue.waitingPutters());
            put.cancel();
            settle();
            assertEquals(0, queue.waitingPutters());
        }

        /** test_cancelled_put_silence_value_error_exception: a put cancelled after its slot was handed over just ends cancelled (regression Q4). */
        @Test
        void test_cancelled_put_silence_value_error_exception() {
            AsyncQueue<Integer> queue = new AsyncQueue<>(1);
            queue.putNowait(1);
            Task<Void> put = loop.createTask(() -> queue.put(2));
            loop.runOnce();
            queue.getNowait();
            put.cancel();
            settle();
            assertTrue(put.isCancelled());
            assertEquals(List.of(), reported);
        }
    }

    /** LifoQueueTests.test_order: last in, first out. */
    @Nested
    class Lifo extends LoopFixture {
        /** test_order: putting 1, 3, 2 gets 2, 3, 1. */
        @Test
        void test_order() {
            AsyncLifoQueue<Integer> queue = new AsyncLifoQueue<>();
            for (int i : List.of(1, 3, 2)) {
                queue.putNowait(i);
            }
            assertEquals(List.of(2, 3, 1), List.of(queue.getNowait(), queue.getNowait(), queue.getNowait()));
        }
    }

    /** PriorityQueueTests.test_order: smallest first. */
    @Nested
    class Priority extends LoopFixture {
        /** test_order: putting 1, 3, 2 gets 1, 2, 3. */
        @Test
        void test_order() {
            AsyncPriorityQueue<Integer> queue = new AsyncPriorityQueue<>();
            for (int i : List.of(1, 3, 2)) {
                queue.putNowait(i);
            }
            assertEquals(List.of(1, 2, 3), List.of(queue.getNowait(), queue.getNowait(), queue.getNowait()));
        }
    }

    /** _QueueJoinTestMixin and _QueueShutdownTestMixin, run for every queue type. */
    abstract static class Mixins extends LoopFixture {

        abstract AsyncQueue<Integer> newQueue(int maxSize);

        /** test_task_done_underflow: taskDone on a new queue is refused. */
        @Test
        void test_task_done_underflow() {
            AsyncQueue<Integer> queue = newQueue(0);
            IllegalStateException thrown = assertThrows(IllegalStateException.class, queue::taskDone);
            assertTrue(thrown.getMessage().contains("called more times"));
        }

        /** test_task_done: 100 items through two workers; join returns after all are processed. */
        @Test
        void test_task_done() {
            AsyncQueue<Integer> queue = newQueue(0);
            int[] sum = {0};
            for (int i = 0; i < 2; i++) {
                loop.createTask(() -> work(queue, sum));
            }
            for (int i = 0; i < 100; i++) {
                queue.putNowait(i);
            }
            Task<Void> joined = loop.createTask(queue::join);
            settle();
            assertTrue(joined.isDone());
            assertEquals(4950, sum[0]);
            loop.tasks().forEach(Task::cancel);
            settle();
        }

        private CompletionStage<Void> work(AsyncQueue<Integer> queue, int[] sum) {
            return queue.get().thenCompose(item -> {
                sum[0] += item;
                queue.taskDone();
                return work(queue, sum);
            });
        }

        /** test_join_empty_queue: join on an empty queue returns at once, twice. */
        @Test
        void test_join_empty_queue() {
            AsyncQueue<Integer> queue = newQueue(0);
            assertTrue(queue.join().isDone());
            assertTrue(queue.join().isDone());
        }

        /** test_format: the unfinished count and shutdown show in toString. */
        @Test
        void test_format() {
            AsyncQueue<Integer> queue = newQueue(0);
            assertTrue(queue.toString().endsWith("[maxSize=0]"), queue.toString());
            queue.putNowait(1);
            queue.getNowait();
            queue.putNowait(2);
            queue.getNowait();
            assertTrue(queue.toString().endsWith("[maxSize=0, unfinished=2]"), queue.toString());
            queue.shutdown();
            assertTrue(queue.toString().endsWith("[maxSize=0, unfinished=2, shutdown]"), queue.toString());
        }

        private void assertAllShutDown(AsyncQueue<Integer> queue) {
            assertThrows(QueueShutDownException.class, () -> queue.putNowait(5));
            assertThrows(QueueShutDownException.class, queue::getNowait);
            assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, queue.put(5)::join).getCause());
            assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, queue.get()::join).getCause());
        }

        /** test_shutdown_empty: a pending get fails, join returns, and every operation fails. */
        @Test
        void test_shutdown_empty() {
            AsyncQueue<Integer> queue = newQueue(0);
            LoopFuture<Integer> pending = queue.get();
            queue.shutdown();
            assertEquals(0, queue.size());
            assertTrue(queue.join().isDone());
            settle();
            assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, pending::join).getCause());
            assertAllShutDown(queue);
        }

        /** test_shutdown_nonempty: the blocked put fails, the item left can still be taken, join waits for its taskDone. */
        @Test
        void test_shutdown_nonempty() {
            AsyncQueue<Integer> queue = newQueue(1);
            queue.putNowait(1);
            LoopFuture<Void> join = queue.join();
            LoopFuture<Void> blockedPut = queue.put(2);
            queue.shutdown();
            settle();
            assertEquals(1, queue.size());
            assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, blockedPut::join).getCause());
            assertEquals(1, queue.get().join());
            assertFalse(join.isDone());
            assertAllShutDown(queue);
            queue.taskDone();
            settle();
            assertTrue(join.isDone());
            assertThrows(IllegalStateException.class, queue::taskDone);
        }

        /** test_shutdown_immediate: the items left are dropped and counted done; join returns. */
        @Test
        void test_shutdown_immediate() {
            AsyncQueue<Integer> queue = newQueue(0);
            queue.putNowait(1);
            LoopFuture<Void> join = queue.join();
            queue.shutdown(true);
            assertEquals(0, queue.size());
            settle();
            assertTrue(join.isDone());
            assertAllShutDown(queue);
            assertThrows(IllegalStateException.class, queue::taskDone);
        }

        /** test_shutdown_immediate_with_unfinished: an item taken before the shutdown still needs its taskDone. */
        @Test
        void test_shutdown_immediate_with_unfinished() {
            AsyncQueue<Integer> queue = newQueue(0);
            queue.putNowait(1);
            queue.putNowait(2);
            queue.getNowait();
            LoopFuture<Void> join = queue.join();
            queue.shutdown(true);
            assertEquals(0, queue.size());
            settle();
            assertFalse(join.isDone());
            assertAllShutDown(queue);
            queue.taskDone();
            assertThrows(IllegalStateException.class, queue::taskDone);
            settle();
            assertTrue(join.isDone());
        }
    }

    /** The mixins on AsyncQueue. */
    @Nested
    class FifoMixins extends Mixins {
        @Override
        AsyncQueue<Integer> newQueue(int maxSize) {
            return new AsyncQueue<>(maxSize);
        }
    }

    /** The mixins on AsyncLifoQueue. */
    @Nested
    class LifoMixins extends Mixins {
        @Override
        AsyncQueue<Integer> newQueue(int maxSize) {
            return new AsyncLifoQueue<>(maxSize);
        }
    }

    /** The mixins on AsyncPriorityQueue. */
    @Nested
    class PriorityMixins extends Mixins {
        @Override
        AsyncQueue<Integer> newQueue(int maxSize) {
            return new AsyncPriorityQueue<>(maxSize);
        }
    }
}
