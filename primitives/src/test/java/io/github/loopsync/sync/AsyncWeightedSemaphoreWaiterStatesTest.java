package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every waiter state of {@link AsyncWeightedSemaphore#acquire(int)}: parked, cancelled while
 * parked (behind the head, and as a head that part of the free permits would have satisfied),
 * granted then cancelled before resuming, timed out, and cancelled from another thread before the
 * loop saw it. Plus the lock-like contract over a semaphore of 3 permits taken 3 at a time.
 */
class AsyncWeightedSemaphoreWaiterStatesTest {

    private static boolean succeeded(LoopFuture<Void> future) {
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /** The waiter states of acquire(n). */
    @Nested
    class Acquire extends LoopFixture {
        private final AsyncWeightedSemaphore semaphore = new AsyncWeightedSemaphore(10);

        /** Parked: counted, pending; a release that covers it hands it all its permits at once. */
        @Test
        void parked() {
            assertTrue(semaphore.tryAcquire(7));
            LoopFuture<Void> waiter = semaphore.acquire(5);
            assertFalse(waiter.isDone());
            assertEquals(1, semaphore.waiters());
            semaphore.release(1);
            assertEquals(4, semaphore.availablePermits(), "four free are not five: nothing handed over yet");
            semaphore.release(1);
            assertEquals(0, semaphore.waiters());
            assertEquals(0, semaphore.availablePermits(), "all five handed to the waiter before it resumes");
            assertFalse(waiter.isDone(), "completed through the loop, never inside release()");
            loop.runOnce();
            assertTrue(succeeded(waiter));
        }

        /** Cancelled while parked behind the head: withdrawn at once; the head and the permits are unaffected. */
        @Test
        void cancelledWhileParkedBehindTheHead() {
            assertTrue(semaphore.tryAcquire(10));
            LoopFuture<Void> head = semaphore.acquire(6);
            LoopFuture<Void> cancelled = semaphore.acquire(2);
            LoopFuture<Void> last = semaphore.acquire(4);
            assertTrue(cancelled.cancel(true));
            assertEquals(2, semaphore.waiters(), "withdrawn at once, not at the next release");
            assertEquals(0, semaphore.availablePermits());
            semaphore.release(10);
            settle();
            assertTrue(cancelled.isCancelled());
            assertTrue(succeeded(head) && succeeded(last));
            assertEquals(0, semaphore.availablePermits());
        }

        /**
         * Cancelled while parked as a head that the free permits partly satisfy: the waiters behind it
         * that fit are served at once from those permits.
         */
        @Test
        void cancelledPartlySatisfiableHeadHandsThePermitsOn() {
            assertTrue(semaphore.tryAcquire(6));
            LoopFuture<Void> head = semaphore.acquire(5);
            LoopFuture<Void> two = semaphore.acquire(2);
            LoopFuture<Void> one = semaphore.acquire(1);
            LoopFuture<Void> three = semaphore.acquire(3);
            assertEquals(4, semaphore.availablePermits(), "four free, held back for the head");
            assertTrue(head.cancel(true));
            assertEquals(1, semaphore.availablePermits(), "2 + 1 handed on at once; 3 does not fit");
            assertEquals(1, semaphore.waiters());
            settle();
            assertTrue(head.isCancelled());
            assertTrue(succeeded(two) && succeeded(one));
            assertFalse(three.isDone());
            semaphore.release(2);
            settle();
            assertTrue(succeeded(three));
            assertEquals(0, semaphore.availablePermits());
        }

        /** Granted then cancelled before resuming: all its permits pass to the next waiters that fit. */
        @Test
        void grantedThenCancelledPassesThePermitsOn() {
            assertTrue(semaphore.tryAcquire(10));
            LoopFuture<Void> granted = semaphore.acquire(6);
            LoopFuture<Void> three = semaphore.acquire(3);
            LoopFuture<Void> two = semaphore.acquire(2);
            LoopFuture<Void> five = semaphore.acquire(5);
            semaphore.release(6);
            assertEquals(0, semaphore.availablePermits());
            assertEquals(3, semaphore.waiters());
            assertTrue(granted.cancel(true), "the cancellation wins over the undelivered grant");
            assertEquals(1, semaphore.availablePermits(), "3 + 2 of the six passed on; five does not fit in one");
            settle();
            assertTrue(granted.isCancelled());
            assertTrue(succeeded(three) && succeeded(two));
            assertFalse(five.isDone());
            assertEquals(1, semaphore.waiters());
        }

        /** A grant cancelled with nobody else waiting returns its permits to the semaphore. */
        @Test
        void grantedThenCancelledWithNobodyElseFreesThePermits() {
            assertTrue(semaphore.tryAcquire(10));
            LoopFuture<Void> only = semaphore.acquire(4);
            semaphore.release(4);
            assertEquals(0, semaphore.availablePermits());
            only.cancel(true);
            assertEquals(4, semaphore.availablePermits());
            settle();
            assertTrue(semaphore.tryAcquire(4));
        }

        /** Timed out as the head: withdrawn, its timer gone, and the waiters behind it that fit are served. */
        @Test
        void timedOutHeadLetsTheNextIn() {
            assertTrue(semaphore.tryAcquire(7));
            LoopFuture<Void> head = semaphore.acquire(8);
            LoopFuture<Void> next = semaphore.acquire(3);
            head.orTimeout(1, TimeUnit.SECONDS);
            settle();
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, head::join).getCause());
            assertTrue(succeeded(next));
            assertEquals(0, semaphore.waiters());
            assertEquals(0, loop.pendingTimers());
            assertEquals(Duration.ofSeconds(1), now());
        }

        /** A timeout that fires after the grant but before the waiter resumed passes the permits on (kotlinx #2233). */
        @Test
        void timeoutRacingTheGrantLeaksNothing() {
            assertTrue(semaphore.tryAcquire(10));
            LoopFuture<Void> racer = semaphore.acquire(4);
            LoopFuture<Void> next = semaphore.acquire(4);
            // Both fire in the same iteration: the release grants the racer, then its timeout fires
            // before the grant is delivered.
            loop.callLater(Duration.ofSeconds(1), () -> semaphore.release(4));
            racer.orTimeout(1, TimeUnit.SECONDS);
            settle();
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, racer::join).getCause());
            assertTrue(succeeded(next), "the permits passed on");
            assertEquals(0, semaphore.availablePermits());
            semaphore.release(10);
            assertEquals(10, semaphore.availablePermits());
        }

        /**
         * Cancelled from another thread, before the loop saw it: a release on the loop skips that head
         * and serves the live waiters behind it; the late withdrawal changes nothing.
         */
        @Test
        @Timeout(10)
        void cancelledOffLoopIsSkippedByARelease() throws InterruptedException {
            assertTrue(semaphore.tryAcquire(10));
            LoopFuture<Void> cancelled = semaphore.acquire(2);
            LoopFuture<Void> live = semaphore.acquire(3);
            LoopFuture<Void> last = semaphore.acquire(7);
            onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
            assertEquals(3, semaphore.waiters(), "the loop has not run the withdrawal yet");
            semaphore.release(4);
            assertEquals(1, semaphore.availablePermits(), "three handed to the live waiter, the refused two put back");
            settle();
            assertTrue(cancelled.isCancelled());
            assertTrue(succeeded(live));
            assertFalse(last.isDone());
            assertEquals(1, semaphore.waiters(), "the late withdrawal removed nobody else");
            semaphore.release(6);
            settle();
            assertTrue(succeeded(last));
            assertEquals(0, semaphore.availablePermits());
        }

        /**
         * Cancelled from another thread as a partly satisfiable head, with no release after it: once the
         * loop runs the withdrawal, the waiters behind it that fit are served from the free permits.
         */
        @Test
        @Timeout(10)
        void cancelledOffLoopHeadHandsOnWhenWithdrawn() throws InterruptedException {
            assertTrue(semaphore.tryAcquire(5));
            LoopFuture<Void> head = semaphore.acquire(9);
            LoopFuture<Void> next = semaphore.acquire(5);
            onOtherThread("canceller", () -> assertTrue(head.cancel(true)));
            assertFalse(semaphore.tryAcquire(1), "the head is still queued until the loop withdraws it");
            assertEquals(5, semaphore.availablePermits());
            settle();
            assertTrue(succeeded(next));
            assertEquals(0, semaphore.waiters());
            assertEquals(0, semaphore.availablePermits());
        }

        /** Cancelling the task that waits in acquire cancels the wait; the task ends cancelled; no permit moves. */
        @Test
        void taskCancellationReachesTheWait() {
            assertTrue(semaphore.tryAcquire(10));
            Task<Void> task = loop.createTask(() -> semaphore.acquire(3));
            settle();
            assertEquals(1, semaphore.waiters());
            task.cancel();
            assertEquals(0, semaphore.waiters());
            settle();
            assertTrue(task.isCancelled());
            assertEquals(0, semaphore.availablePermits());
            semaphore.release(10);
        }
    }

    /** The lock-like contract over a semaphore of 3 permits whose every acquisition takes all 3. */
    @Nested
    class AllPermitsAtOnce extends LockLikeContract {
        @Override
        LockLike create() {
            AsyncWeightedSemaphore weighted = new AsyncWeightedSemaphore(3);
            return new LockLike() {
                public LoopFuture<Void> acquire() {
                    return weighted.acquire(3);
                }

                public boolean tryAcquire() {
                    return weighted.tryAcquire(3);
                }

                public void release() {
                    weighted.release(3);
                }

                public boolean isLocked() {
                    return weighted.availablePermits() < 3;
                }

                public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
                    return weighted.withPermits(3, body);
                }

                public int waiters() {
                    return weighted.waiters();
                }
            };
        }
    }
}
