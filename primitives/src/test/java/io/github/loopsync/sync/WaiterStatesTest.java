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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every waiter state of the waiting operations that are not lock-like ({@link AsyncEvent#await()},
 * {@link AsyncCondition#await()}, {@link AsyncBarrier#await()}): parked, cancelled while parked,
 * granted then cancelled before resuming, and timed out; plus 100,000 waiters at once. The
 * lock-like acquires are covered by {@link LockLikeContract}.
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

    /** AsyncCondition.await. */
    @Nested
    class Condition extends LoopFixture {
        private final AsyncCondition condition = new AsyncCondition();

        private LoopFuture<Void> awaitHoldingTheLock() {
            assertTrue(condition.tryAcquire());
            return condition.await();
        }

        /** Parked: the lock is released while waiting and held again on return. */
        @Test
        void parked() {
            LoopFuture<Void> waiter = awaitHoldingTheLock();
            assertFalse(condition.isLocked());
            assertEquals(1, condition.waiters());
            assertTrue(condition.tryAcquire());
            condition.signal();
            assertEquals(0, condition.waiters());
            condition.release();
            settle();
            assertTrue(waiter.isDone() && !waiter.isCompletedExceptionally());
            assertTrue(condition.isLocked());
        }

        /** Cancelled while parked: the failure waits until the lock is back, and no other waiter is woken. */
        @Test
        void cancelledWhileParked() {
            LoopFuture<Void> cancelled = awaitHoldingTheLock();
            condition.tryAcquire();
            LoopFuture<Void> other = condition.await();
            assertTrue(condition.tryAcquire());
            assertTrue(cancelled.cancel("stop"));
            assertFalse(cancelled.isDone(), "held back: the lock is not free yet");
            assertEquals(1, condition.waiters());
            condition.release();
            settle();
            assertEquals("stop", assertThrows(CancellationException.class, cancelled::join).getMessage());
            assertTrue(condition.isLocked(), "it failed holding the lock");
            assertFalse(other.isDone(), "no spurious wake-up");
            condition.release();
            assertFalse(condition.isLocked());
        }

        /** Signalled then cancelled before resuming: the signal passes to the next waiter. */
        @Test
        void signalledThenCancelled() {
            LoopFuture<Void> first = awaitHoldingTheLock();
            condition.tryAcquire();
            LoopFuture<Void> second = condition.await();
            assertTrue(condition.tryAcquire());
            condition.signal();
            first.cancel(true);
            condition.release();
            settle();
            assertTrue(first.isCancelled());
            assertTrue(condition.isLocked());
            condition.release();
            settle();
            assertTrue(second.isDone() && !second.isCompletedExceptionally(), "the signal was not lost");
        }

        /** Granted the lock, then cancelled before resuming: it still ends holding the lock. */
        @Test
        void lockGrantedThenCancelled() {
            LoopFuture<Void> waiter = awaitHoldingTheLock();
            assertTrue(condition.tryAcquire());
            condition.signal();
            condition.release();
            assertTrue(condition.isLocked(), "handed to the waiter");
            waiter.cancel(true);
            settle();
            assertTrue(waiter.isCancelled());
            assertTrue(condition.isLocked(), "kept, not handed on: the cancelled waiter holds it");
            condition.release();
        }

        /**
         * Signalled, handed the lock, then cancelled before resuming: it fails holding the lock
         * and still passes the signal to the next waiter (found by the harness).
         */
        @Test
        void lockHandedToSignalledWaiterThenCancelledPassesTheSignalOn() {
            LoopFuture<Void> first = awaitHoldingTheLock();
            condition.tryAcquire();
            LoopFuture<Void> second = condition.await();
            assertTrue(condition.tryAcquire());
            condition.signal();
            condition.release();
            assertTrue(condition.isLocked(), "handed to the first waiter");
            first.cancel(true);
            settle();
            assertTrue(first.isCancelled());
            assertEquals(0, condition.waiters(), "the signal moved the second waiter to the lock's queue");
            condition.release();
            settle();
            assertTrue(second.isDone() && !second.isCompletedExceptionally());
            condition.release();
        }

        /** Timed out: fails with TimeoutException once the lock is re-acquired. */
        @Test
        void timedOut() {
            LoopFuture<Void> waiter = awaitHoldingTheLock();
            waiter.orTimeout(1, TimeUnit.SECONDS);
            settle();
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, waiter::join).getCause());
            assertTrue(condition.isLocked());
            assertEquals(0, condition.waiters());
            condition.release();
        }

        /** A negative count is a bad argument and wakes nobody. */
        @Test
        void negativeSignalCountIsRejected() {
            LoopFuture<Void> waiter = awaitHoldingTheLock();
            assertTrue(condition.tryAcquire());
            assertThrows(IllegalArgumentException.class, () -> condition.signal(-1));
            assertEquals(1, condition.waiters());
            condition.signal();
            condition.release();
            settle();
            assertTrue(waiter.isDone());
            condition.release();
        }

        /** 100,000 waiters all signalled return one after the other, each holding the lock in turn. */
        @Test
        void manyWaiters() {
            int[] returned = {0};
            for (int i = 0; i < 100_000; i++) {
                assertTrue(condition.tryAcquire());
                condition.await().thenRun(() -> {
                    returned[0]++;
                    condition.release();
                });
            }
            assertEquals(100_000, condition.waiters());
            assertTrue(condition.tryAcquire());
            condition.signalAll();
            condition.release();
            settle();
            assertEquals(100_000, returned[0]);
            assertFalse(condition.isLocked());
        }

        /** 100,000 waiters all cancelled: each re-acquires in turn and fails; nothing stays behind. */
        @Test
        void manyWaitersCancelled() {
            List<LoopFuture<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                assertTrue(condition.tryAcquire());
                LoopFuture<Void> waiter = condition.await();
                waiter.whenComplete((v, e) -> condition.release());
                waiters.add(waiter);
            }
            waiters.forEach(w -> w.cancel(true));
            settle();
            assertTrue(waiters.stream().allMatch(LoopFuture::isCancelled));
            assertEquals(0, condition.waiters());
            assertFalse(condition.isLocked());
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
            first.cancel(true);
            settle();
            assertTrue(first.isCancelled());
            assertTrue(second.isDone() && !second.isCompletedExceptionally());
            assertTrue(barrier.toString().contains("filling"));
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
