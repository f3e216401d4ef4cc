package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Issue #12's reproduction and its neighbours: a cancelled task does not end while its critical
 * section still runs; the cancellation reaches the leaf the body waits on, and the composite
 * completes with the body's outcome after the lock is released.
 */
class CriticalSectionCancellationTest extends LoopFixture {

    private final AsyncLock lock = new AsyncLock();

    /** A body that catches the cancellation and cleans up keeps the lock until it is done, then the task completes with its value. */
    @Test
    void aBodyThatRecoversKeepsTheLockThroughItsCleanupAndTheTaskCompletesNormally() {
        Task<String> task = loop.createTask(() -> lock.withLock(() ->
                Tasks.sleep(Duration.ofSeconds(10)).exceptionally(e -> null)        // catches the cancellation
                        .thenCompose(v -> Tasks.sleep(Duration.ofSeconds(1)))         // cleanup, still locked
                        .thenApply(v -> "recovered")));
        loop.runOnce();
        task.cancel();
        loop.runOnce();
        loop.runOnce();
        assertFalse(task.isDone(), "the body's cleanup still runs");
        assertTrue(lock.isLocked(), "the cleanup runs under the lock");
        settle();
        assertEquals("recovered", task.join());
        assertFalse(task.isCancelled());
        assertFalse(lock.isLocked());
        assertEquals(Duration.ofSeconds(1), now(), "the cancelled 10 s sleep did not run out; the 1 s cleanup did");
    }

    /** A body that lets the cancellation escape ends the task cancelled, after the lock was released. */
    @Test
    void aBodyThatRethrowsEndsTheTaskCancelledAfterTheRelease() {
        boolean[] lockedWhenTaskEnded = {true};
        Task<String> task = loop.createTask(() -> lock.withLock(() ->
                Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "slept")));
        task.whenComplete((value, failure) -> lockedWhenTaskEnded[0] = lock.isLocked());
        loop.runOnce();
        task.cancel();
        settle();
        assertTrue(task.isCancelled());
        assertFalse(lockedWhenTaskEnded[0], "the lock was free when the task's dependents ran");
        assertEquals(Duration.ZERO, now());
    }

    /** Cancelled while waiting for the lock: the acquisition is withdrawn and the body never runs. */
    @Test
    void cancelledWhileAcquiringNeverRunsTheBody() {
        assertTrue(lock.tryAcquire());
        boolean[] ran = {false};
        Task<String> task = loop.createTask(() -> lock.withLock(() -> {
            ran[0] = true;
            return loop.completedFuture("ran");
        }));
        loop.runOnce();
        assertEquals(1, lock.waiters());
        task.cancel();
        settle();
        assertTrue(task.isCancelled());
        assertFalse(ran[0]);
        assertEquals(0, lock.waiters());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** waitFor returns only after the inner work's cleanup has finished (bpo-32751), with TimeoutException. */
    @Test
    void waitForFailsWithTimeoutOnlyAfterTheInnerCleanup() {
        Task<String> task = loop.createTask(() -> Tasks.waitFor(() -> lock.withLock(() ->
                Tasks.sleep(Duration.ofSeconds(10))
                        .whenComplete((v, failure) -> { })
                        .exceptionallyCompose(failure -> Tasks.sleep(Duration.ofSeconds(1)).thenCompose(v ->
                                loop.<Void>failedFuture(failure)))
                        .thenApply(v -> "slept")), Duration.ofSeconds(2)));
        settle();
        CompletionException thrown = assertThrows(CompletionException.class, task::join);
        assertInstanceOf(TimeoutException.class, thrown.getCause());
        assertInstanceOf(CancellationException.class, thrown.getCause().getCause());
        assertEquals(Duration.ofSeconds(3), now(), "2 s until the timeout, then 1 s of cleanup");
        assertFalse(lock.isLocked());
    }

    /** Cancelling a dependent stage passes the cancellation on to the wait it depends on. */
    @Test
    void cancellingAStagePassesTheCancellationToItsSource() {
        LoopFuture<Void> acquired = lock.acquire();
        LoopFuture<Void> second = lock.acquire();
        LoopFuture<String> stage = second.thenApply(v -> "held");
        assertTrue(stage.cancel(false));
        assertTrue(second.isCancelled(), "the acquisition underneath is withdrawn");
        settle();
        assertTrue(stage.isCancelled());
        assertEquals(0, lock.waiters());
        acquired.join();
        lock.release();
        assertFalse(lock.isLocked());
    }
}
