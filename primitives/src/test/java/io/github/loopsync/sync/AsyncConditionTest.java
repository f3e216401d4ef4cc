package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a condition's waits report to the code that cancels or fails them, in each phase (waiting
 * for a signal, waiting for the lock, handed the lock, finished), and the edges of signal: a
 * signal of zero waiters, and signalled waiters queueing for the lock one behind the other.
 */
class AsyncConditionTest extends LoopFixture {
    private final AsyncCondition condition = new AsyncCondition();

    private LoopFuture<Void> awaitHoldingTheLock() {
        assertTrue(condition.tryAcquire());
        return condition.await();
    }

    /**
     * A cancellation or failure reports {@code true} whenever it will decide the outcome, even
     * when it is held back until the lock is free, and {@code false} once the outcome is decided,
     * on the loop or from another thread.
     */
    @Test
    @Timeout(10)
    void awaitReportsWhetherAFailureDecides() throws InterruptedException {
        LoopFuture<Void> signalled = awaitHoldingTheLock();
        assertTrue(condition.tryAcquire());
        condition.signal();
        assertTrue(signalled.cancel("stop"), "waiting for the lock: the cancellation is held back, and will decide");
        assertFalse(signalled.isDone());
        condition.release();
        assertEquals(0, condition.lock().waiters(), "handed the lock, the cancelled waiter left the lock's queue");
        settle();
        assertEquals("stop", assertThrows(CancellationException.class, signalled::join).getMessage());
        assertFalse(signalled.completeExceptionally(new IllegalStateException("again")), "already decided");
        onOtherThread("failer", () -> assertFalse(signalled.completeExceptionally(new IllegalStateException("again")),
                "already decided, seen from another thread"));
        condition.release();

        LoopFuture<Void> handed = awaitHoldingTheLock();
        assertTrue(condition.tryAcquire());
        condition.signal();
        condition.release();
        assertTrue(condition.isLocked(), "handed to the waiter, which has not resumed");
        IllegalStateException late = new IllegalStateException("late failure");
        assertTrue(handed.completeExceptionally(late), "a failure overrides the hand-over not yet delivered");
        settle();
        assertEquals(late, assertThrows(CompletionException.class, handed::join).getCause());
        assertTrue(condition.isLocked(), "it failed holding the lock");
        condition.release();
        assertFalse(condition.isLocked());
    }

    /**
     * Signalled waiters queue for the lock one behind the other; each leaves the lock's queue when
     * the lock is handed to it, so the queue counts only those still waiting.
     */
    @Test
    void signalledWaitersLeaveTheLocksQueueOneByOne() {
        LoopFuture<Void> first = awaitHoldingTheLock();
        LoopFuture<Void> second = awaitHoldingTheLock();
        assertTrue(condition.tryAcquire());
        condition.signalAll();
        assertEquals(0, condition.waiters());
        assertEquals(2, condition.lock().waiters());
        condition.release();
        assertEquals(1, condition.lock().waiters(), "the first was handed the lock and left the queue");
        settle();
        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertFalse(second.isDone());
        condition.release();
        assertEquals(0, condition.lock().waiters());
        settle();
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        condition.release();
        assertFalse(condition.isLocked());
    }

    /** signal(0) is allowed (only a negative count is refused) and wakes nobody. */
    @Test
    void signalOfZeroWakesNobody() {
        LoopFuture<Void> waiter = awaitHoldingTheLock();
        assertTrue(condition.tryAcquire());
        condition.signal(0);
        assertEquals(1, condition.waiters());
        condition.release();
        settle();
        assertFalse(waiter.isDone());
        assertTrue(condition.tryAcquire());
        condition.signal(1);
        condition.release();
        settle();
        assertTrue(waiter.isDone());
        condition.release();
    }

    /**
     * awaitUntil: a cancellation on the loop reaches the current wait at once (it leaves the
     * condition's queue for the lock's) and reports {@code true}; a second one, after the first
     * has decided the outcome, reports {@code false}.
     */
    @Test
    void awaitUntilCancellationReachesTheCurrentWaitAtOnce() {
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> until = condition.awaitUntil(() -> false);
        assertTrue(condition.tryAcquire());
        assertTrue(until.cancel("stop"));
        assertEquals(0, condition.waiters(), "moved to the lock's queue by the cancellation itself");
        assertEquals(1, condition.lock().waiters());
        condition.release();
        assertFalse(until.isDone(), "the failure is delivered at the next step");
        assertFalse(until.cancel("again"), "the first cancellation has decided the outcome");
        settle();
        assertEquals("stop", assertThrows(CancellationException.class, until::join).getMessage());
        assertTrue(condition.isLocked(), "it failed holding the lock");
        condition.release();
    }

    /**
     * Two failures of one wait, the first from another thread and not yet taken by the loop, the
     * second on the loop: the loop takes the first before the second, so the latest one wins.
     */
    @Test
    @Timeout(10)
    void laterFailureOnTheLoopWinsOverAnEarlierOneFromAnotherThread() throws InterruptedException {
        LoopFuture<Void> waiter = awaitHoldingTheLock();
        assertTrue(condition.tryAcquire());
        onOtherThread("canceller", () -> assertTrue(waiter.cancel("first")));
        IllegalStateException second = new IllegalStateException("second");
        assertTrue(waiter.completeExceptionally(second));
        condition.release();
        settle();
        assertEquals(second, assertThrows(CompletionException.class, waiter::join).getCause());
        assertTrue(condition.isLocked(), "it failed holding the lock");
        condition.release();
    }

    /**
     * A predicate that cancels its own awaitUntil (it runs holding the lock, between two waits)
     * ends the wait there: cancelled, holding the lock, with no further wait parked.
     */
    @Test
    void predicateThatCancelsItsOwnWaitEndsItHoldingTheLock() {
        boolean[] decided = {false};
        List<LoopFuture<Void>> self = new ArrayList<>();
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> until = condition.awaitUntil(() -> {
            if (!self.isEmpty()) {
                decided[0] = self.get(0).completeExceptionally(new IllegalStateException("shutting down"));
            }
            return false;
        });
        self.add(until);
        assertTrue(condition.tryAcquire());
        condition.signal();
        condition.release();
        settle();
        assertTrue(decided[0], "the predicate's failure decided the outcome");
        assertInstanceOf(IllegalStateException.class, assertThrows(CompletionException.class, until::join).getCause());
        assertTrue(condition.isLocked(), "it ended holding the lock");
        assertEquals(0, condition.waiters(), "and parked no further wait");
        condition.release();
        assertFalse(condition.isLocked());
    }

    /** A predicate that throws after a wake-up fails the wait with that exception, holding the lock. */
    @Test
    void predicateThatThrowsFailsTheWaitHoldingTheLock() {
        boolean[] woken = {false};
        IllegalStateException broken = new IllegalStateException("broken predicate");
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> until = condition.awaitUntil(() -> {
            if (woken[0]) {
                throw broken;
            }
            return false;
        });
        assertTrue(condition.tryAcquire());
        woken[0] = true;
        condition.signal();
        condition.release();
        settle();
        assertEquals(broken, assertThrows(CompletionException.class, until::join).getCause());
        assertTrue(condition.isLocked());
        assertEquals(0, condition.waiters());
        condition.release();
    }

    /** A satisfied awaitUntil ignores later cancellations and failures, on the loop and from another thread. */
    @Test
    @Timeout(10)
    void satisfiedAwaitUntilReportsLateCancellationsAsRefused() throws InterruptedException {
        boolean[] ready = {false};
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> until = condition.awaitUntil(() -> ready[0]);
        assertTrue(condition.tryAcquire());
        ready[0] = true;
        condition.signal();
        condition.release();
        settle();
        assertTrue(until.isDone() && !until.isCompletedExceptionally());
        assertFalse(until.cancel("late"));
        assertFalse(until.completeExceptionally(new IllegalStateException("late")));
        onOtherThread("canceller", () -> assertFalse(until.cancel("late")));
        settle();
        assertNull(until.join());
        assertFalse(until.isCompletedExceptionally());
        condition.release();
    }

    /** awaitUntil woken by a signal while its predicate is still false waits again, without the lock, until a signal finds it true. */
    @Test
    void awaitUntilWaitsAgainWhileItsPredicateIsFalse() {
        boolean[] ready = {false};
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> until = condition.awaitUntil(() -> ready[0]);
        assertTrue(condition.tryAcquire());
        condition.signal();
        condition.release();
        settle();
        assertFalse(until.isDone(), "signalled with the predicate false: it waits again");
        assertFalse(condition.isLocked(), "and waits without the lock");
        assertTrue(condition.tryAcquire());
        ready[0] = true;
        condition.signal();
        condition.release();
        settle();
        assertTrue(until.isDone() && !until.isCompletedExceptionally(), until.toString());
        assertTrue(condition.isLocked(), "it returns holding the lock");
        condition.release();
    }
}
