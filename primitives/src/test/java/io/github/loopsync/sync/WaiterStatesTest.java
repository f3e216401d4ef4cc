package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every waiter state of {@link AsyncEvent#await()} and {@link AsyncBarrier#await()}: parked,
 * cancelled while parked, granted then cancelled before resuming, timed out, and cancelled from
 * another thread but not yet withdrawn by the loop; plus 100,000 waiters at once. The lock-like
 * acquires are covered by {@link LockLikeContract}, the condition's waits by {@link
 * ConditionWaiterStatesTest}.
 */
class WaiterStatesTest {

    /** AsyncEvent.await. */
    @Nested
    class Event extends LoopFixture {
        private final AsyncEvent event = new AsyncEvent();

        /** Parked: counted, pending; set() wakes it at the next step. */
        @Test
        void parked() {
            LoopFuture<Void> waiter = event.await();
            assertEquals(1, event.waiters());
            assertFalse(waiter.isDone());
            event.set();
            assertEquals(0, event.waiters());
            loop.runOnce();
            assertTrue(waiter.isDone());
        }

        /** Cancelled while parked: withdrawn at once; the other waiters are unaffected. */
        @Test
        void cancelledWhileParked() {
            LoopFuture<Void> cancelled = event.await();
            LoopFuture<Void> other = event.await();
            cancelled.cancel(true);
            assertEquals(1, event.waiters());
            event.set();
            settle();
            assertTrue(cancelled.isCancelled());
            assertTrue(other.isDone() && !other.isCompletedExceptionally());
        }

        /** Woken then cancelled before resuming: it ends cancelled; nothing else changes. */
        @Test
        void wokenThenCancelled() {
            LoopFuture<Void> waiter = event.await();
            LoopFuture<Void> other = event.await();
            event.set();
            assertTrue(waiter.cancel(true));
            settle();
            assertTrue(waiter.isCancelled());
            assertTrue(other.isDone() && !other.isCompletedExceptionally());
            assertTrue(event.isSet());
        }

        /** Timed out: withdrawn, its timer gone, the event still works. */
        @Test
        void timedOut() {
            LoopFuture<Void> waiter = event.await();
            waiter.orTimeout(1, TimeUnit.SECONDS);
            settle();
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, waiter::join).getCause());
            assertEquals(0, event.waiters());
            event.set();
            assertTrue(event.await().isDone());
        }

        /** 100,000 waiters: all cancelled, then 100,000 more all woken, leave no waiter behind. */
        @Test
        void manyWaiters() {
            List<LoopFuture<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                waiters.add(event.await());
            }
            waiters.forEach(w -> w.cancel(true));
            assertEquals(0, event.waiters());
            waiters.clear();
            for (int i = 0; i < 100_000; i++) {
                waiters.add(event.await());
            }
            event.set();
            settle();
            assertTrue(waiters.stream().allMatch(w -> w.isDone() && !w.isCompletedExceptionally()));
            assertEquals(0, event.waiters());
        }

        /**
         * Cancelled from another thread, not yet withdrawn by the loop: set() skips it and wakes
         * every live waiter; the late withdrawal changes nothing.
         */
        @Test
        @Timeout(10)
        void cancelledOffLoopNotYetWithdrawn() throws InterruptedException {
            LoopFuture<Void> cancelled = event.await();
            LoopFuture<Void> second = event.await();
            LoopFuture<Void> third = event.await();
            onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
            assertEquals(3, event.waiters(), "the loop has not run the withdrawal yet");
            event.set();
            assertEquals(0, event.waiters());
            settle();
            assertTrue(cancelled.isCancelled());
            assertTrue(second.isDone() && !second.isCompletedExceptionally());
            assertTrue(third.isDone() && !third.isCompletedExceptionally());
        }

        /** Cancellation from another thread withdraws the waiter on the loop. */
        @Test
        @Timeout(10)
        void crossThreadCancellation() throws InterruptedException {
            LoopFuture<Void> waiter = event.await();
            onOtherThread("canceller", () -> waiter.cancel(true));
            settle();
            assertEquals(0, event.waiters());
        }
    }

    /** AsyncBarrier.await. */
    @Nested
    class Barrier extends LoopFixture {
        private final AsyncBarrier barrier = new AsyncBarrier(3);

        /** Parked: counted until the party is complete. */
        @Test
        void parked() {
            LoopFuture<Integer> first = barrier.await();
            assertEquals(1, barrier.waiting());
            assertFalse(first.isDone());
            barrier.await();
            assertTrue(barrier.await().isDone(), "the last arrival passes at once");
            settle();
            assertEquals(0, first.join());
        }

        /** Cancelled while parked: leaves the count at once; a later arrival cannot complete the party with it. */
        @Test
        void cancelledWhileParked() {
            LoopFuture<Integer> cancelled = barrier.await();
            LoopFuture<Integer> second = barrier.await();
            cancelled.cancel(true);
            assertEquals(1, barrier.waiting());
            LoopFuture<Integer> third = barrier.await();
            assertFalse(third.isDone(), "two live parties are not three");
            LoopFuture<Integer> fourth = barrier.await();
            settle();
            assertTrue(second.isDone() && third.isDone() && fourth.isDone());
            assertFalse(barrier.isBroken());
        }

        /** Released then cancelled before resuming: it ends cancelled; the others pass; the barrier refills. */
        @Test
        void releasedThenCancelled() {
            LoopFuture<Integer> first = barrier.await();
            LoopFuture<Integer> second = barrier.await();
            barrier.await();
            assertEquals(2, barrier.inside(), "released, not resumed; the last arrival passed at once");
            assertEquals(0, barrier.waiting(), "draining: asyncio's n_waiting reads 0");
            first.cancel(true);
            assertEquals(2, barrier.inside(), "a released task counts until it resumes, cancelled or not");
            settle();
            assertTrue(first.isCancelled());
            assertTrue(second.isDone() && !second.isCompletedExceptionally());
            assertEquals(0, barrier.inside());
            assertTrue(barrier.toString().contains("filling"));
        }

        /**
         * inside() counts a task from its arrival until it resumes, through filling and draining;
         * an arrival during the drain is not inside until the next cycle admits it.
         */
        @Test
        void insideCountsFromArrivalUntilResumed() {
            LoopFuture<Integer> first = barrier.await();
            assertEquals(1, barrier.inside());
            barrier.await();
            assertEquals(2, barrier.inside());
            assertEquals(2, barrier.await().join(), "the third arrival completes the party and passes at once");
            assertEquals(2, barrier.inside());
            LoopFuture<Integer> nextCycle = barrier.await();
            assertEquals(2, barrier.inside(), "arrived while draining: waits outside for the next cycle");
            loop.runOnce();
            assertTrue(first.isDone());
            settle();
            assertEquals(1, barrier.inside(), "the drain ended and admitted the early arrival");
            assertEquals(1, barrier.waiting());
            nextCycle.cancel(true);
            assertEquals(0, barrier.inside(), "a parked task that is cancelled leaves at once");
        }

        /**
         * Cancelled from another thread, not yet withdrawn by the loop: an arrival before the loop
         * ran the withdrawal cannot complete the party with it.
         */
        @Test
        @Timeout(10)
        void cancelledOffLoopNotYetWithdrawn() throws InterruptedException {
            LoopFuture<Integer> cancelled = barrier.await();
            LoopFuture<Integer> second = barrier.await();
            onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
            LoopFuture<Integer> third = barrier.await();
            assertFalse(third.isDone(), "two live parties are not three");
            assertEquals(2, barrier.waiting());
            LoopFuture<Integer> fourth = barrier.await();
            settle();
            assertTrue(cancelled.isCancelled());
            assertTrue(second.isDone() && third.isDone() && fourth.isDone());
            assertTrue(List.of(second, third, fourth).stream().noneMatch(LoopFuture::isCompletedExceptionally));
            assertFalse(barrier.isBroken());
            assertTrue(barrier.toString().contains("filling, waiters:0/3"), barrier.toString());
            assertEquals(0, barrier.inside());
        }

        /** Timed out: leaves the count; the barrier is not broken. */
        @Test
        void timedOut() {
            LoopFuture<Integer> waiter = barrier.await();
            waiter.orTimeout(1, TimeUnit.SECONDS);
            settle();
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, waiter::join).getCause());
            assertEquals(0, barrier.waiting());
            assertFalse(barrier.isBroken());
        }

        /** An abort fails every waiter with BrokenBarrierException. */
        @Test
        void abortFailsWaiters() {
            LoopFuture<Integer> waiter = barrier.await();
            barrier.abort();
            settle();
            assertInstanceOf(BrokenBarrierException.class, assertThrows(CompletionException.class, waiter::join).getCause());
        }

        /** A barrier of 100,001 parties: 100,000 waiters all pass when the last arrives. */
        @Test
        void manyWaiters() {
            AsyncBarrier large = new AsyncBarrier(100_001);
            List<LoopFuture<Integer>> waiters = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                waiters.add(large.await());
            }
            assertEquals(100_000, large.waiting());
            assertEquals(100_000, large.await().join());
            settle();
            assertTrue(waiters.stream().allMatch(w -> w.isDone() && !w.isCompletedExceptionally()));
            assertEquals(0, large.waiting());
            waiters.clear();
            for (int i = 0; i < 100_000; i++) {
                waiters.add(large.await());
            }
            waiters.forEach(w -> w.cancel(true));
            assertEquals(0, large.waiting());
            settle();
        }
    }

    /** Task cancellation reaches each kind of wait. */
    @Nested
    class TaskCancellation extends LoopFixture {

        /** Cancelling a task parked on an event, a condition or a barrier ends it cancelled. */
        @Test
        void reachesEveryWait() {
            AsyncEvent event = new AsyncEvent();
            AsyncCondition condition = new AsyncCondition();
            AsyncBarrier barrier = new AsyncBarrier(2);
            Task<Void> onEvent = loop.createTask(event::await);
            Task<Void> onCondition = loop.createTask(() -> condition.withLock(condition::await));
            Task<Integer> onBarrier = loop.createTask(barrier::await);
            settle();
            onEvent.cancel();
            onCondition.cancel();
            onBarrier.cancel();
            settle();
            assertTrue(onEvent.isCancelled());
            assertTrue(onCondition.isCancelled());
            assertTrue(onBarrier.isCancelled());
            assertFalse(condition.isLocked(), "withLock released the re-acquired lock");
            assertEquals(0, barrier.waiting());
        }
    }
}
