package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.testing.LoopFixture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** AsyncLock beyond the lock-like contract: misuse, re-entrance, long hand-off chains. */
class AsyncLockTest extends LoopFixture {

    private final AsyncLock lock = new AsyncLock();

    /** A second release while the lock is handed to a waiter that has not resumed is refused: it would free two waiters. */
    @Test
    void doubleReleaseDuringHandOffIsRefused() {
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> first = lock.acquire();
        LoopFuture<Void> second = lock.acquire();
        lock.release();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(thrown.getMessage().contains("two waiters"), thrown.getMessage());
        settle();
        assertTrue(first.isDone());
        assertFalse(second.isDone(), "only one waiter got in");
        lock.release();
        settle();
        assertTrue(second.isDone());
        lock.release();
        assertFalse(lock.isLocked());
    }

    /** The lock is not re-entrant: a task acquiring it twice waits for itself, as in asyncio. */
    @Test
    void notReentrant() {
        Task<Void> task = loop.createTask(() -> lock.acquire().thenCompose(v -> lock.acquire()));
        settle();
        assertFalse(task.isDone());
        assertEquals(1, lock.waiters());
        task.cancel();
        settle();
        assertTrue(task.isCancelled());
        assertTrue(lock.isLocked(), "its first acquisition is still held");
        lock.release();
    }

    /** A million hand-offs between two tasks run in constant stack depth (IBM async-util's testStackUnroll). */
    @Test
    void millionHandOffsInConstantStackDepth() {
        int rounds = 500_000;
        int[] handOffs = {0};
        assertTrue(lock.tryAcquire());
        Task<Void> a = loop.createTask(() -> pingPong(rounds, handOffs));
        Task<Void> b = loop.createTask(() -> pingPong(rounds, handOffs));
        loop.runOnce();
        lock.release();
        settle();
        assertTrue(a.isDone() && !a.isCompletedExceptionally());
        assertTrue(b.isDone() && !b.isCompletedExceptionally());
        assertEquals(2 * rounds, handOffs[0]);
        assertFalse(lock.isLocked());
    }

    private CompletionStage<Void> pingPong(int remaining, int[] handOffs) {
        if (remaining == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return lock.acquire().thenCompose(v -> {
            handOffs[0]++;
            lock.release();
            return pingPong(remaining - 1, handOffs);
        });
    }
}
