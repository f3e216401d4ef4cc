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
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every waiter state of {@link AsyncCapacityLimiter}'s acquisitions, for a task borrower and an
 * explicit one: parked, cancelled while parked, granted then cancelled before resuming, timed out,
 * and cancelled from another thread before the loop saw it; in each, what happens to the borrower.
 * Plus the lock-like contract over a limiter of one token.
 */
class AsyncCapacityLimiterWaiterStatesTest {

    private static boolean succeeded(LoopFuture<Void> future) {
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /** The waiter states of acquire() and acquireOnBehalfOf(borrower). */
    @Nested
    class Acquire extends LoopFixture {
        private final AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(1);

        /** Parked: counted; a release lends the token to the waiter's borrower at once, before it resumes. */
        @Test
        void parked() {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            Task<Void> task = loop.createTask("waiter", limiter::acquire);
            settle();
            assertEquals(1, limiter.waiters());
            limiter.releaseOnBehalfOf("holder");
            assertEquals(List.of(task), limiter.borrowers(), "lent before the waiter resumes: no barging");
            assertFalse(limiter.tryAcquireOnBehalfOf("newcomer"));
            settle();
            assertTrue(task.isDone() && !task.isCompletedExceptionally());
            assertEquals(List.of(task), limiter.borrowers(), "the task holds it after its wait");
        }

        /** Cancelled while parked: withdrawn at once; the borrower holds nothing and may ask again. */
        @Test
        void cancelledWhileParked() {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            LoopFuture<Void> cancelled = limiter.acquireOnBehalfOf("b");
            LoopFuture<Void> other = limiter.acquireOnBehalfOf("c");
            assertTrue(cancelled.cancel(true));
            assertEquals(1, limiter.waiters());
            LoopFuture<Void> again = limiter.acquireOnBehalfOf("b");
            limiter.releaseOnBehalfOf("holder");
            settle();
            assertTrue(cancelled.isCancelled());
            assertTrue(succeeded(other));
            assertEquals(List.of("c"), limiter.borrowers());
            limiter.releaseOnBehalfOf("c");
            settle();
            assertTrue(succeeded(again));
        }

        /** Granted then cancelled before resuming: the borrower gives the token up and it passes to the next waiter. */
        @Test
        void grantedThenCancelledPassesOn() {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            LoopFuture<Void> granted = limiter.acquireOnBehalfOf("b");
            LoopFuture<Void> next = limiter.acquireOnBehalfOf("c");
            limiter.releaseOnBehalfOf("holder");
            assertEquals(List.of("b"), limiter.borrowers());
            assertTrue(granted.cancel(true), "the cancellation wins over the undelivered grant");
            assertEquals(List.of("c"), limiter.borrowers(), "passed on at once");
            settle();
            assertTrue(granted.isCancelled());
            assertTrue(succeeded(next));
            assertThrows(IllegalStateException.class, () -> limiter.releaseOnBehalfOf("b"), "b holds nothing");
        }

        /** A grant cancelled with nobody else waiting frees the token. */
        @Test
        void grantedThenCancelledWithNobodyElseFreesTheToken() {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            LoopFuture<Void> only = limiter.acquireOnBehalfOf("b");
            limiter.releaseOnBehalfOf("holder");
            only.cancel(true);
            assertEquals(0, limiter.borrowedTokens());
            assertEquals(1, limiter.availableTokens());
            settle();
        }

        /**
         * Granted, then released on the borrower's behalf and borrowed again, then the first wait
         * cancelled before it resumed: the late cancellation takes nothing from the new token.
         */
        @Test
        void lateCancellationAfterAReleaseTakesNothing() {
            AsyncCapacityLimiter two = new AsyncCapacityLimiter(2);
            assertTrue(two.tryAcquireOnBehalfOf("x"));
            assertTrue(two.tryAcquireOnBehalfOf("y"));
            LoopFuture<Void> first = two.acquireOnBehalfOf("b");
            two.releaseOnBehalfOf("x");
            assertEquals(List.of("y", "b"), two.borrowers());
            two.releaseOnBehalfOf("b");
            assertTrue(two.tryAcquireOnBehalfOf("b"));
            assertTrue(first.cancel(true));
            assertEquals(List.of("y", "b"), two.borrowers(), "b keeps its new token");
            settle();
            two.releaseOnBehalfOf("b");
            two.releaseOnBehalfOf("y");
            assertEquals(0, two.borrowedTokens());
        }

        /** Timed out: withdrawn, its timer gone; the borrower holds nothing; the limiter stays usable. */
        @Test
        void timedOut() {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            LoopFuture<Void> waiter = limiter.acquireOnBehalfOf("b");
            waiter.orTimeout(1, TimeUnit.SECONDS);
            settle();
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, waiter::join).getCause());
            assertEquals(0, limiter.waiters());
            assertEquals(0, loop.pendingTimers());
            assertEquals(List.of("holder"), limiter.borrowers());
            limiter.releaseOnBehalfOf("holder");
            assertTrue(limiter.tryAcquireOnBehalfOf("b"));
        }

        /** A timeout that fires after the grant but before the waiter resumed passes the token on (kotlinx #2233). */
        @Test
        void timeoutRacingTheGrantLeaksNothing() {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            LoopFuture<Void> racer = limiter.acquireOnBehalfOf("racer");
            LoopFuture<Void> next = limiter.acquireOnBehalfOf("next");
            loop.callLater(Duration.ofSeconds(1), () -> limiter.releaseOnBehalfOf("holder"));
            racer.orTimeout(1, TimeUnit.SECONDS);
            settle();
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, racer::join).getCause());
            assertTrue(succeeded(next), "the token passed on");
            assertEquals(List.of("next"), limiter.borrowers());
        }

        /**
         * Cancelled from another thread, before the loop saw it: a release skips that waiter and lends
         * to the next live one, and the cancelled borrower may ask again at once.
         */
        @Test
        @Timeout(10)
        void cancelledOffLoopIsSkippedAndMayAskAgain() throws InterruptedException {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            LoopFuture<Void> cancelled = limiter.acquireOnBehalfOf("b");
            LoopFuture<Void> live = limiter.acquireOnBehalfOf("c");
            onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
            assertEquals(2, limiter.waiters(), "the loop has not run the withdrawal yet");
            LoopFuture<Void> again = limiter.acquireOnBehalfOf("b");
            assertEquals(2, limiter.waiters(), "the cancelled wait made way for the new one");
            limiter.releaseOnBehalfOf("holder");
            assertEquals(List.of("c"), limiter.borrowers());
            settle();
            assertTrue(cancelled.isCancelled());
            assertTrue(succeeded(live));
            assertEquals(1, limiter.waiters(), "the late withdrawal removed nobody else");
            limiter.releaseOnBehalfOf("c");
            settle();
            assertTrue(succeeded(again));
            assertEquals(List.of("b"), limiter.borrowers());
        }

        /** Cancelled from another thread with no release after it: the withdrawal runs on the loop. */
        @Test
        @Timeout(10)
        void crossThreadCancellation() throws InterruptedException {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            LoopFuture<Void> waiter = limiter.acquireOnBehalfOf("b");
            onOtherThread("canceller", () -> waiter.cancel(true));
            settle();
            assertEquals(0, limiter.waiters());
            limiter.releaseOnBehalfOf("holder");
            assertEquals(0, limiter.borrowedTokens());
        }

        /** Cancelling the task that waits in acquire() cancels the wait; the task borrows nothing. */
        @Test
        void taskCancellationReachesTheWait() {
            assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
            Task<Void> task = loop.createTask(limiter::acquire);
            settle();
            task.cancel();
            assertEquals(0, limiter.waiters());
            settle();
            assertTrue(task.isCancelled());
            assertEquals(List.of("holder"), limiter.borrowers());
        }
    }

    /** The lock-like contract over a limiter of one token, each acquisition by a fresh borrower. */
    @Nested
    class OneToken extends LockLikeContract {
        @Override
        LockLike create() {
            AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(1);
            return new LockLike() {
                public LoopFuture<Void> acquire() {
                    return limiter.acquireOnBehalfOf(new Object());
                }

                public boolean tryAcquire() {
                    return limiter.tryAcquireOnBehalfOf(new Object());
                }

                public void release() {
                    if (limiter.borrowers().isEmpty()) {
                        throw new IllegalStateException("nobody holds the token");
                    }
                    limiter.releaseOnBehalfOf(limiter.borrowers().get(0));
                }

                public boolean isLocked() {
                    return limiter.availableTokens() == 0;
                }

                public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
                    return limiter.withTokenOnBehalfOf(new Object(), body);
                }

                public int waiters() {
                    return limiter.waiters();
                }
            };
        }
    }
}
