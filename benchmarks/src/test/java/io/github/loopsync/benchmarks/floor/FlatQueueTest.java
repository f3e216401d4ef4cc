package io.github.loopsync.benchmarks.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.benchmarks.floor.FlatModel.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The flat model's queue keeps the contract its floor is measured for: items in order, every
 * waiter resumed through the loop, and a hand-off revoked by a cancellation passed on, never lost
 * and never given to the cancelled waiter.
 */
class FlatQueueTest {

    private final FlatModel.Loop loop = new FlatModel.Loop();

    /** Records what each stage chained on {@code future} received: the value, or the failure. */
    private static List<Object> watch(Future future) {
        List<Object> seen = new ArrayList<>();
        future.whenComplete((value, failure) -> seen.add(failure != null ? failure : value));
        return seen;
    }

    private static Integer[] items(int count) {
        Integer[] items = new Integer[count];
        for (int i = 0; i < count; i++) {
            items[i] = i;
        }
        return items;
    }

    @Test
    void thePingPongMovesEveryItem() {
        long expected = 999L * 1_000 / 2;
        assertEquals(expected, FloorQueueBenchmark.flatPingPong(items(1_000), 1));
        assertEquals(expected, FloorQueueBenchmark.flatPingPong(items(1_000), 3));
    }

    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        FlatQueue queue = new FlatQueue(loop, 2);
        Future first = queue.get();
        List<Object> firstSaw = watch(first);
        for (int i = 1; i <= 5; i++) {
            queue.put(i);                               // 1 in transit to the getter, 2 stored, 3 to 5 park
        }
        assertEquals(3, queue.parkedPutters(), "an item in transit occupies a slot");
        loop.run();
        assertEquals(List.of(1), firstSaw);
        List<Object> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Future got = queue.get();
            loop.run();
            taken.add(got.value());
        }
        assertEquals(List.of(2, 3, 4, 5), taken);
    }

    @Test
    void aGetterResumesThroughTheLoopNeverInsidePut() {
        FlatQueue queue = new FlatQueue(loop, 1);
        Future getter = queue.get();
        List<Object> seen = watch(getter);
        queue.put(7);
        assertTrue(seen.isEmpty(), "put() ran the getter's stage");
        assertFalse(getter.isDone(), "the hand-off is decided at delivery, not in put()");
        loop.run();
        assertEquals(List.of(7), seen);
    }

    @Test
    void aPutterResumesThroughTheLoopNeverInsideGet() {
        FlatQueue queue = new FlatQueue(loop, 1);
        queue.put(1);
        Future putter = queue.put(2);
        List<Object> seen = watch(putter);
        assertEquals(1, queue.get().value());
        assertTrue(seen.isEmpty(), "get() ran the putter's stage");
        assertEquals(0, queue.size(), "the putter's item enters when the putter resumes");
        loop.run();
        assertEquals(1, seen.size());
        assertEquals(1, queue.size());
    }

    @Test
    void aGetterInTransitOccupiesTheSlot() {
        FlatQueue queue = new FlatQueue(loop, 1);
        queue.get();
        queue.put(1);                                   // in transit to the getter
        assertFalse(queue.put(2).isDone(), "a queue of one with an item in transit is full");
    }

    @Test
    void anItemHandedToACancelledGetterGoesToTheNextGetter() {
        FlatQueue queue = new FlatQueue(loop, 1);
        Future first = queue.get();
        Future second = queue.get();
        List<Object> firstSaw = watch(first);
        List<Object> secondSaw = watch(second);
        queue.put(7);                                   // handed to first, not yet delivered
        assertTrue(first.cancel(), "the cancellation beats the delivery");
        loop.run();
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        assertEquals(List.of(7), secondSaw, "the item went on to the next getter");
    }

    @Test
    void anItemHandedToACancelledGetterGoesBackToTheFrontOfTheQueue() {
        FlatQueue queue = new FlatQueue(loop, 3);
        Future getter = queue.get();
        queue.put(1);                                   // handed to the getter
        queue.put(2);
        queue.put(3);
        assertTrue(getter.cancel());
        loop.run();
        assertEquals(3, queue.size(), "the item is back");
        assertEquals(1, queue.get().value(), "in front of the items put after it");
        assertEquals(2, queue.get().value());
    }

    @Test
    void aSlotHandedToACancelledPutterGoesToTheNextPutter() {
        FlatQueue queue = new FlatQueue(loop, 1);
        queue.put(1);
        Future first = queue.put(2);
        Future second = queue.put(3);
        List<Object> firstSaw = watch(first);
        List<Object> secondSaw = watch(second);
        assertEquals(1, queue.get().value());           // the slot goes to first, not yet delivered
        assertTrue(first.cancel());
        loop.run();
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        assertEquals(1, secondSaw.size(), "the slot went on to the next putter");
        assertEquals(3, queue.get().value(), "the cancelled put's item never entered");
    }

    @Test
    void parkedWaitersCancelledOnTheLoopLeaveAtOnce() {
        FlatQueue queue = new FlatQueue(loop, 1);
        Future getter = queue.get();
        assertTrue(getter.cancel());
        assertEquals(0, queue.parkedGetters());
        queue.put(1);
        Future putter = queue.put(2);
        assertTrue(putter.cancel());
        assertEquals(0, queue.parkedPutters());
        loop.run();
        assertTrue(getter.isCancelled());
        assertTrue(putter.isCancelled());
        assertEquals(1, queue.size(), "the put after the cancelled getter stored its item");
    }

    @Test
    void aGetterCancelledFromAnotherThreadBeforeTheLoopSawItIsSkipped() throws InterruptedException {
        FlatQueue queue = new FlatQueue(loop, 1);
        Future first = queue.get();
        Future second = queue.get();
        List<Object> firstSaw = watch(first);
        List<Object> secondSaw = watch(second);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread other = new Thread(() -> cancelled.set(first.cancel()));
        other.start();
        other.join();
        assertTrue(cancelled.get());
        queue.put(7);                                   // passes over first, still linked
        assertEquals(0, queue.parkedGetters());
        loop.run();
        assertEquals(1, firstSaw.size(), "the cancellation is delivered once");
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        assertEquals(List.of(7), secondSaw);
    }

    @Test
    void cancellingATaskReachesTheGetItChainedOn() {
        FlatQueue queue = new FlatQueue(loop, 1);
        Future getter = queue.get();
        FlatModel.Task task = new FlatModel.Task();
        loop.current = task;
        List<Object> seen = watch(getter);
        loop.current = null;
        task.cancel();
        assertTrue(getter.isCancelled());
        assertEquals(0, queue.parkedGetters());
        loop.run();
        assertInstanceOf(CancellationException.class, seen.get(0));
    }

    @Test
    void useOffTheLoopThreadFailsAtOnce() throws InterruptedException {
        FlatQueue queue = new FlatQueue(loop, 1);
        Throwable[] failure = new Throwable[2];
        Thread other = new Thread(() -> {
            failure[0] = assertThrows(IllegalStateException.class, () -> queue.put(1));
            failure[1] = assertThrows(IllegalStateException.class, queue::get);
        });
        other.start();
        other.join();
        assertInstanceOf(IllegalStateException.class, failure[0], "put() off the loop's thread");
        assertInstanceOf(IllegalStateException.class, failure[1], "get() off the loop's thread");
    }
}
