package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every lock-like primitive keeps (Trio's generic lock test suite): mutual
 * exclusion, FIFO hand-off without barging, and every waiter state of {@code acquire}: parked,
 * cancelled while parked, granted then cancelled before resuming, timed out, and cancelled from
 * another thread but not yet withdrawn by the loop. Run over
 * {@link AsyncLock}, {@code AsyncSemaphore(1)}, {@code AsyncBoundedSemaphore(1)} and the lock of
 * an {@link AsyncCondition}.
 */
abstract class LockLikeContract extends LoopFixture {

    /** A fresh, free primitive. */
    abstract LockLike create();

    LockLike lock;

    @BeforeEach
    void createLock() {
        lock = create();
    }

    /** Starts a task that acquires, logs {@code name}, and holds the lock until {@code hold} is done. */
    Task<Void> acquirer(String name, CompletableFuture<Void> hold) {
        return loop.createTask(name, () -> lock.acquire().thenCompose(v -> {
            log(name);
            return hold.thenRun(lock::release);
        }));
    }

    /** A free lock is taken at once, without waiting a step. */
    @Test
    void fastPathDoesNotWait() {
        LoopFuture<Void> acquired = lock.acquire();
        assertTrue(acquired.isDone());
        assertTrue(lock.isLocked());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** At most one task is inside the critical section, across any number of suspensions. */
    @Test
    void mutualExclusion() {
        int[] inside = {0};
        int[] maxInside = {0};
        for (int i = 0; i < 20; i++) {
            loop.createTask(() -> lock.withLock(() -> {
                inside[0]++;
                maxInside[0] = Math.max(maxInside[0], inside[0]);
                return Tasks.yieldNow().thenCompose(v -> Tasks.sleep(Duration.ofMillis(1))).thenRun(() -> inside[0]--);
            }));
        }
        settle();
        assertEquals(1, maxInside[0]);
        assertEquals(0, inside[0]);
        assertFalse(lock.isLocked());
    }

    /** Waiters get the lock in the order they asked for it. */
    @Test
    void handOffIsFifo() {
        assertTrue(lock.tryAcquire());
        CompletableFuture<Void> open = CompletableFuture.completedFuture(null);
        for (String name : List.of("a", "b", "c", "d")) {
            acquirer(name, open);
        }
        settle();
        assertEquals(4, lock.waiters());
        lock.release();
        settle();
        assertLog("a", "b", "c", "d");
        assertFalse(lock.isLocked());
    }

    /** After a release to a waiter, the lock stays held and a newcomer queues behind that waiter (no barging). */
    @Test
    void noBargingDuringHandOff() {
        assertTrue(lock.tryAcquire());
        acquirer("waiter", CompletableFuture.completedFuture(null));
        settle();
        lock.release();
        assertTrue(lock.isLocked(), "held for the waiter that has not resumed yet");
        assertFalse(lock.tryAcquire(), "a newcomer cannot take it");
        acquirer("newcomer", CompletableFuture.completedFuture(null));
        settle();
        assertLog("waiter", "newcomer");
    }

    /** One release hands the lock to exactly one waiter. */
    @Test
    void oneReleaseWakesOneWaiter() {
        assertTrue(lock.tryAcquire());
        CompletableFuture<Void> hold = new CompletableFuture<>();
        acquirer("a", hold);
        acquirer("b", hold);
        settle();
        lock.release();
        settle();
        assertLog("a");
        assertEquals(1, lock.waiters());
        hold.complete(null);
        settle();
        assertLog("a", "b");
    }

    /** Waiter state "parked": the waiter is counted and its future pending. */
    @Test
    void parkedWaiter() {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> waiter = lock.acquire();
        assertFalse(waiter.isDone());
        assertEquals(1, lock.waiters());
        lock.release();
        settle();
        assertTrue(waiter.isDone());
        assertTrue(lock.isLocked(), "the waiter holds it now");
        lock.release();
    }

    /** Waiter state "cancelled while parked": withdrawn at once; a release skips it. */
    @Test
    void cancelledWhileParked() {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> first = lock.acquire();
        LoopFuture<Void> second = lock.acquire();
        assertTrue(first.cancel(true));
        assertEquals(1, lock.waiters(), "withdrawn at once, not at the next release");
        lock.release();
        settle();
        assertTrue(first.isCancelled());
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertTrue(lock.isLocked());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** Waiter state "granted, then cancelled before resuming": the grant passes to the next waiter. */
    @Test
    void grantedThenCancelledPassesOn() {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> first = lock.acquire();
        LoopFuture<Void> second = lock.acquire();
        lock.release();
        assertTrue(first.cancel(true), "the cancellation wins over the undelivered grant");
        settle();
        assertTrue(first.isCancelled());
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertTrue(lock.isLocked());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** A grant cancelled with nobody else waiting leaves the lock free, not held by nobody. */
    @Test
    void grantedThenCancelledWithNoOtherWaiterFreesTheLock() {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> only = lock.acquire();
        lock.release();
        assertTrue(lock.isLocked());
        only.cancel(true);
        assertFalse(lock.isLocked());
        assertTrue(lock.tryAcquire());
        lock.release();
    }

    /**
     * Waiter state "granted, then cancelled from another thread before the loop delivered": the
     * cancellation wins, and once the loop runs the grant passes to the next waiter.
     */
    @Test
    @Timeout(10)
    void grantedThenCancelledFromAnotherThreadPassesOn() throws InterruptedException {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> first = lock.acquire();
        LoopFuture<Void> second = lock.acquire();
        lock.release();
        onOtherThread("canceller", () -> assertTrue(first.cancel(true), "the cancellation wins over the undelivered grant"));
        assertTrue(first.isCancelled());
        settle();
        assertTrue(second.isDone() && !second.isCompletedExceptionally(), "the grant passed on");
        assertTrue(lock.isLocked());
        lock.release();
        assertFalse(lock.isLocked());
        assertEquals(0, lock.waiters());
    }

    /** Granted, then cancelled from another thread with nobody else waiting: the loop frees the lock. */
    @Test
    @Timeout(10)
    void grantedThenCancelledFromAnotherThreadWithNoOtherWaiterFreesTheLock() throws InterruptedException {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> only = lock.acquire();
        lock.release();
        onOtherThread("canceller", () -> assertTrue(only.cancel(true)));
        settle();
        assertTrue(only.isCancelled());
        assertFalse(lock.isLocked());
        assertTrue(lock.tryAcquire());
        lock.release();
    }

    /** Waiter state "timed out": the wait is withdrawn and its timer removed; the lock stays usable. */
    @Test
    void timedOut() {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> waiter = lock.acquire();
        waiter.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, waiter::join).getCause());
        assertEquals(0, lock.waiters());
        assertEquals(0, loop.pendingTimers());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** A timeout that fires after the grant but before the waiter resumed hands the grant on (kotlinx #2233). */
    @Test
    void timeoutRacingTheGrantLeaksNothing() {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> racer = lock.acquire();
        LoopFuture<Void> next = lock.acquire();
        // Both fire in the same iteration: first the release grants the racer, then its timeout
        // fires before the grant is delivered.
        loop.callLater(Duration.ofSeconds(1), lock::release);
        racer.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, racer::join).getCause());
        assertTrue(next.isDone() && !next.isCompletedExceptionally(), "the grant passed on");
        assertTrue(lock.isLocked());
        assertEquals(0, lock.waiters());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /**
     * Waiter state "cancelled from another thread, not yet withdrawn": a release on the loop before
     * the posted withdrawals ran skips every such waiter and hands the lock to the next live one.
     */
    @Test
    @Timeout(10)
    void cancelledOffLoopNotYetWithdrawnIsSkipped() throws InterruptedException {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> first = lock.acquire();
        LoopFuture<Void> second = lock.acquire();
        LoopFuture<Void> live = lock.acquire();
        LoopFuture<Void> last = lock.acquire();
        onOtherThread("canceller", () -> assertTrue(first.cancel(true) && second.cancel(true)));
        assertEquals(4, lock.waiters(), "the loop has not run the withdrawals yet");
        lock.release();
        assertTrue(lock.isLocked(), "handed to the live waiter, not freed");
        settle();
        assertTrue(first.isCancelled() && second.isCancelled());
        assertTrue(live.isDone() && !live.isCompletedExceptionally(), "the grant reached the live waiter");
        assertEquals(1, lock.waiters(), "the late withdrawals removed nobody else");
        lock.release();
        settle();
        assertTrue(last.isDone() && !last.isCompletedExceptionally());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** Cancellation from another thread withdraws the wait once the loop runs. */
    @Test
    @Timeout(10)
    void crossThreadCancellation() throws InterruptedException {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> waiter = lock.acquire();
        onOtherThread("canceller", () -> waiter.cancel(true));
        assertTrue(waiter.isCancelled());
        settle();
        assertEquals(0, lock.waiters());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** Cancelling the task that waits in acquire cancels the wait; the task ends cancelled. */
    @Test
    void taskCancellationReachesTheWait() {
        assertTrue(lock.tryAcquire());
        Task<Void> task = acquirer("never", new CompletableFuture<>());
        settle();
        task.cancel();
        assertEquals(0, lock.waiters());
        settle();
        assertTrue(task.isCancelled());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** withLock releases after success, failure and cancellation of its body. */
    @Test
    void withLockReleasesOnEveryOutcome() {
        LoopFuture<String> ok = lock.withLock(() -> Tasks.yieldNow().thenApply(v -> "ok"));
        settle();
        assertEquals("ok", ok.join());
        assertFalse(lock.isLocked());

        LoopFuture<String> failed = lock.withLock(() -> CompletableFuture.failedFuture(new IllegalStateException("x")));
        settle();
        assertTrue(failed.isCompletedExceptionally());
        assertFalse(lock.isLocked());

        LoopFuture<String> thrown = lock.withLock(() -> {
            throw new IllegalArgumentException("thrown");
        });
        settle();
        assertTrue(thrown.isCompletedExceptionally());
        assertFalse(lock.isLocked());

        Task<String> cancelled = loop.createTask(() -> lock.withLock(() -> Tasks.sleep(Duration.ofHours(1)).thenApply(v -> "late")));
        loop.runOnce();
        assertTrue(lock.isLocked());
        cancelled.cancel();
        settle();
        assertTrue(cancelled.isCancelled());
        assertFalse(lock.isLocked());
    }

    /** A withLock without a body is refused before it takes the lock, which stays usable. */
    @Test
    void withLockOfNullIsRefusedWithoutTakingTheLock() {
        assertThrows(NullPointerException.class, () -> lock.withLock(null));
        assertFalse(lock.isLocked());
        assertTrue(lock.tryAcquire());
        lock.release();
    }

    /** Cancelling a withLock that still waits for the lock withdraws the wait and never takes the lock. */
    @Test
    void cancellingAPendingWithLockWithdraws() {
        assertTrue(lock.tryAcquire());
        List<String> ran = new ArrayList<>();
        LoopFuture<String> guarded = lock.withLock(() -> {
            ran.add("body");
            return CompletableFuture.completedFuture("x");
        });
        assertEquals(1, lock.waiters());
        guarded.cancel(true);
        assertEquals(0, lock.waiters());
        lock.release();
        settle();
        assertEquals(List.of(), ran);
        assertFalse(lock.isLocked());
        assertThrows(CancellationException.class, guarded::join);
    }

    /** 100,000 parked waiters, all cancelled, leave nothing behind and the lock usable. */
    @Test
    void manyWaitersAllCancelled() {
        assertTrue(lock.tryAcquire());
        List<LoopFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            waiters.add(lock.acquire());
        }
        assertEquals(100_000, lock.waiters());
        for (LoopFuture<Void> waiter : waiters) {
            waiter.cancel(true);
        }
        assertEquals(0, lock.waiters());
        settle();
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** 100,000 parked waiters, all served in turn, each exactly once. */
    @Test
    void manyWaitersAllServed() {
        assertTrue(lock.tryAcquire());
        int[] served = {0};
        for (int i = 0; i < 100_000; i++) {
            lock.acquire().thenRun(() -> {
                served[0]++;
                lock.release();
            });
        }
        lock.release();
        settle();
        assertEquals(100_000, served[0]);
        assertEquals(0, lock.waiters());
        assertFalse(lock.isLocked());
    }

    /** Use from a thread without a loop is refused and changes nothing. */
    @Test
    @Timeout(10)
    void plainThreadIsRefused() throws InterruptedException {
        Throwable thrown = thrownOnOtherThread("plain-thread", lock::acquire);
        assertInstanceOf(IllegalStateException.class, thrown);
        assertFalse(lock.isLocked());
    }

    /** Once a waiter parked, use from another loop is refused. */
    @Test
    @Timeout(10)
    void anotherLoopIsRefused() throws InterruptedException {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> waiter = lock.acquire();
        Throwable thrown = thrownOnOtherThread("second-loop-thread", () -> {
            EventLoop second = EventLoop.builder().name("second-loop").build();
            try {
                lock.tryAcquire();
            } finally {
                second.close();
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("bound to"), thrown.getMessage());
        waiter.cancel(true);
        lock.release();
    }
}
