package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every waiter state of {@link AsyncCondition#await()} and {@link AsyncCondition#awaitUntil}:
 * parked, cancelled while parked, signalled or handed the lock then cancelled before resuming,
 * timed out, and cancelled from another thread before the loop saw it; plus 100,000 waiters at
 * once. The condition's own lock is covered by {@link LockLikeContract}.
 */
class ConditionWaiterStatesTest extends LoopFixture {
    private final AsyncCondition condition = new AsyncCondition();

    private LoopFuture<Void> awaitHoldingTheLock() {
        assertTrue(condition.tryAcquire());
        return condition.await();
    }

    /**
     * Handed the lock, then cancelled from another thread before the loop delivered it: the
     * cancellation answered true, so the wait must end cancelled (holding the lock), not resume
     * normally because the delivery was already queued.
     */
    @Test
    void lockHandedOverThenCancelledOffLoopEndsCancelled() throws InterruptedException {
        LoopFuture<Void> waiter = awaitHoldingTheLock();
        assertTrue(condition.tryAcquire());
        condition.signal();
        condition.release();                            // the lock goes to the waiter; delivery pending
        assertTrue(condition.isLocked());
        onOtherThread("canceller", () -> assertTrue(waiter.cancel("late")));
        settle();
        assertEquals("late", assertThrows(CancellationException.class, waiter::join).getMessage());
        assertTrue(condition.isLocked(), "it fails holding the lock, which its caller releases");
        condition.release();
        assertFalse(condition.isLocked());
    }

    /** After the wait resumed, a cancellation from another thread is refused. */
    @Test
    void cancelledOffLoopAfterResumingIsRefused() throws InterruptedException {
        LoopFuture<Void> waiter = awaitHoldingTheLock();
        assertTrue(condition.tryAcquire());
        condition.signal();
        condition.release();
        settle();
        onOtherThread("canceller", () -> assertFalse(waiter.cancel("late")));
        settle();
        assertTrue(waiter.isDone() && !waiter.isCompletedExceptionally());
        condition.release();
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

    /**
     * Cancelled from another thread before the loop saw it, then signalled: it ends holding the
     * lock (cancelled, or resumed if the hand-over was delivered before the posted cancellation
     * ran), and the signal is not lost: the other waiter still gets one.
     */
    @Test
    @Timeout(10)
    void cancelledOffLoopThenSignalledLosesNoSignal() throws InterruptedException {
        LoopFuture<Void> cancelled = awaitHoldingTheLock();
        condition.tryAcquire();
        LoopFuture<Void> other = condition.await();
        assertTrue(condition.tryAcquire());
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel("stop")));
        assertEquals(2, condition.waiters(), "the loop has not seen the cancellation yet");
        condition.signal();
        condition.release();
        settle();
        assertTrue(cancelled.isDone());
        assertTrue(condition.isLocked(), "it ended holding the lock");
        assertEquals(cancelled.isCancelled() ? 0 : 1, condition.waiters(),
                "a cancelled waiter passed its signal on; a resumed one consumed it");
        if (!cancelled.isCancelled()) {
            condition.signal();
        }
        condition.release();
        settle();
        assertTrue(other.isDone() && !other.isCompletedExceptionally(), "the live waiter got through");
        condition.release();
        assertFalse(condition.isLocked());
    }

    /**
     * Cancelled from another thread and never signalled: once the loop runs, await and awaitUntil
     * both end cancelled, holding the lock again, with no waiter left.
     */
    @Test
    @Timeout(10)
    void cancelledOffLoopEndsCancelledHoldingTheLock() throws InterruptedException {
        LoopFuture<Void> waiting = awaitHoldingTheLock();
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> until = condition.awaitUntil(() -> false);
        onOtherThread("canceller", () -> assertTrue(waiting.cancel("stop") && until.cancel("stop")));
        settle();
        assertEquals("stop", assertThrows(CancellationException.class, waiting::join).getMessage());
        assertTrue(condition.isLocked(), "the first failed holding the lock");
        assertFalse(until.isDone(), "the second waits for the lock");
        assertEquals(0, condition.waiters());
        condition.release();
        settle();
        assertTrue(until.isCompletedExceptionally(), "the second failed too, holding the lock");
        condition.release();
        assertFalse(condition.isLocked());
    }

    /**
     * awaitUntil cancelled from another thread before the loop saw it, then signalled with the
     * predicate true: it ends holding the lock, and the other waiter is not starved.
     */
    @Test
    @Timeout(10)
    void awaitUntilCancelledOffLoopThenSignalled() throws InterruptedException {
        boolean[] ready = {false};
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> cancelled = condition.awaitUntil(() -> ready[0]);
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> other = condition.awaitUntil(() -> ready[0]);
        assertTrue(condition.tryAcquire());
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel("stop")));
        ready[0] = true;
        condition.signal();
        condition.release();
        settle();
        assertTrue(cancelled.isDone(), "cancelled, or satisfied before the cancellation arrived");
        assertTrue(condition.isLocked(), "either way it ends holding the lock");
        assertFalse(other.isDone(), "not signalled yet, or waiting for the lock");
        condition.signal();
        condition.release();
        settle();
        assertTrue(other.isDone() && !other.isCompletedExceptionally(), "the live waiter got through");
        condition.release();
        assertFalse(condition.isLocked());
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
