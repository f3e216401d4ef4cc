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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every waiter state of {@link AsyncReadWriteLock}'s waits: parked, cancelled while parked, granted
 * then cancelled before resuming (alone and out of a batch of readers), timed out, and cancelled
 * from another thread but not yet withdrawn by the loop. The write side's own waiter states are
 * the lock-like contract, run over it by {@link AsyncReadWriteLockContractTest}.
 */
class AsyncReadWriteLockWaiterStatesTest extends LoopFixture {

    private final AsyncReadWriteLock lock = new AsyncReadWriteLock();

    private static boolean succeeded(LoopFuture<?> future) {
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /** Read, parked: counted and pending; the writer's release hands it a hold, delivered at the next step. */
    @Test
    void readParked() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> reader = lock.acquireRead();
        assertFalse(reader.isDone());
        assertEquals(1, lock.waitingReaders());
        lock.releaseWrite();
        assertEquals(0, lock.waitingReaders());
        assertEquals(1, lock.readers(), "held for the reader before it resumes");
        loop.runOnce();
        assertTrue(succeeded(reader));
        lock.releaseRead();
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** Read, cancelled while parked: withdrawn at once; the writer's release skips it. */
    @Test
    void readCancelledWhileParked() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> cancelled = lock.acquireRead();
        LoopFuture<Void> other = lock.acquireRead();
        assertTrue(cancelled.cancel(true));
        assertEquals(1, lock.waitingReaders());
        lock.releaseWrite();
        assertEquals(1, lock.readers());
        settle();
        assertTrue(cancelled.isCancelled());
        assertTrue(succeeded(other));
        lock.releaseRead();
        assertTrue(lock.tryAcquireWrite(), "nothing leaked");
    }

    /**
     * Read, granted in a batch then cancelled before resuming: only its share is withdrawn, the
     * rest of the batch reads, and the writer behind the batch enters when they leave.
     */
    @Test
    void readGrantedInABatchThenCancelled() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> first = lock.acquireRead();
        LoopFuture<Void> second = lock.acquireRead();
        LoopFuture<Void> writer = lock.acquireWrite();
        lock.releaseWrite();
        assertEquals(2, lock.readers(), "both readers admitted as one batch");
        assertTrue(first.cancel(true), "the cancellation wins over the undelivered grant");
        assertEquals(1, lock.readers());
        settle();
        assertTrue(first.isCancelled());
        assertTrue(succeeded(second));
        assertFalse(writer.isDone(), "the second reader still reads");
        lock.releaseRead();
        assertTrue(lock.isWriteLocked(), "the writer behind the batch is not stalled");
        settle();
        assertTrue(succeeded(writer));
        lock.releaseWrite();
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** Read, a whole batch granted then cancelled: the writer behind it enters at once. */
    @Test
    void wholeBatchCancelledHandsTheLockToTheWriter() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> first = lock.acquireRead();
        LoopFuture<Void> second = lock.acquireRead();
        LoopFuture<Void> writer = lock.acquireWrite();
        lock.releaseWrite();
        first.cancel(true);
        second.cancel(true);
        assertEquals(0, lock.readers());
        assertTrue(lock.isWriteLocked());
        settle();
        assertTrue(succeeded(writer));
        lock.releaseWrite();
        assertTrue(lock.tryAcquireRead());
        lock.releaseRead();
    }

    /** Read, granted then cancelled with nobody else waiting: the lock ends free, not held by nobody. */
    @Test
    void readGrantedThenCancelledAloneFreesTheLock() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> only = lock.acquireRead();
        lock.releaseWrite();
        only.cancel(true);
        settle();
        assertEquals(0, lock.readers());
        assertTrue(lock.tryAcquireWrite());
        lock.releaseWrite();
    }

    /** Read, timed out: withdrawn with its timer; the lock stays usable. */
    @Test
    void readTimedOut() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> reader = lock.acquireRead();
        reader.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, reader::join).getCause());
        assertEquals(0, lock.waitingReaders());
        assertEquals(0, loop.pendingTimers());
        lock.releaseWrite();
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** A reader's timeout firing after its batch grant but before it resumed hands the lock to the writer behind it. */
    @Test
    void readTimeoutRacingTheGrantLeaksNothing() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> racer = lock.acquireRead();
        LoopFuture<Void> writer = lock.acquireWrite();
        loop.callLater(Duration.ofSeconds(1), lock::releaseWrite);
        racer.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, racer::join).getCause());
        assertTrue(succeeded(writer), "the read hold came back and the writer entered");
        assertEquals(0, lock.readers());
        lock.releaseWrite();
    }

    /**
     * Read, cancelled from another thread and not yet withdrawn: the writer's release skips it and
     * admits the live readers; the late withdrawal changes nothing.
     */
    @Test
    @Timeout(10)
    void readCancelledOffLoopNotYetWithdrawn() throws InterruptedException {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> cancelled = lock.acquireRead();
        LoopFuture<Void> second = lock.acquireRead();
        LoopFuture<Void> third = lock.acquireRead();
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
        assertEquals(3, lock.waitingReaders(), "the loop has not run the withdrawal yet");
        lock.releaseWrite();
        assertEquals(2, lock.readers(), "only the live readers were admitted");
        settle();
        assertTrue(cancelled.isCancelled());
        assertTrue(succeeded(second) && succeeded(third));
        assertEquals(2, lock.readers());
        lock.releaseRead();
        lock.releaseRead();
        assertTrue(lock.tryAcquireWrite());
        lock.releaseWrite();
    }

    /** A reader cancelled from another thread after its batch grant gives its share back on the loop. */
    @Test
    @Timeout(10)
    void readGrantedThenCancelledFromAnotherThread() throws InterruptedException {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> reader = lock.acquireRead();
        LoopFuture<Void> writer = lock.acquireWrite();
        lock.releaseWrite();
        onOtherThread("canceller", () -> assertTrue(reader.cancel(true)));
        settle();
        assertTrue(reader.isCancelled());
        assertTrue(succeeded(writer));
        assertEquals(0, lock.readers());
        lock.releaseWrite();
    }

    /** Cancelling the task parked in acquireRead withdraws the wait; the task ends cancelled. */
    @Test
    void taskCancellationReachesTheReadWait() {
        assertTrue(lock.tryAcquireWrite());
        Task<Void> task = loop.createTask("reader", () -> lock.acquireRead().thenRun(lock::releaseRead));
        settle();
        assertEquals(1, lock.waitingReaders());
        task.cancel();
        assertEquals(0, lock.waitingReaders());
        settle();
        assertTrue(task.isCancelled());
        lock.releaseWrite();
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** Write, cancelled while parked: the readers it was holding back enter at once. */
    @Test
    void writerCancelledWhileParkedLetsHeldBackReadersIn() {
        assertTrue(lock.tryAcquireRead());
        LoopFuture<Void> writer = lock.acquireWrite();
        LoopFuture<Void> reader = lock.acquireRead();
        assertFalse(reader.isDone(), "held back by the waiting writer");
        writer.cancel(true);
        assertEquals(2, lock.readers(), "admitted as soon as no writer waits");
        settle();
        assertTrue(succeeded(reader));
        lock.releaseRead();
        lock.releaseRead();
    }

    /** Write, timed out while readers hold: the readers it was holding back enter. */
    @Test
    void writerTimedOutLetsHeldBackReadersIn() {
        assertTrue(lock.tryAcquireRead());
        LoopFuture<Void> writer = lock.acquireWrite();
        writer.orTimeout(1, TimeUnit.SECONDS);
        LoopFuture<Void> reader = lock.acquireRead();
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, writer::join).getCause());
        assertTrue(succeeded(reader));
        assertEquals(2, lock.readers());
        assertEquals(0, loop.pendingTimers());
        lock.releaseRead();
        lock.releaseRead();
    }

    /** Write, granted then cancelled before resuming with readers waiting: they enter instead. */
    @Test
    void writerGrantedThenCancelledHandsTheLockToTheReaders() {
        assertTrue(lock.tryAcquireRead());
        LoopFuture<Void> writer = lock.acquireWrite();
        LoopFuture<Void> reader = lock.acquireRead();
        lock.releaseRead();
        assertTrue(lock.isWriteLocked(), "handed to the writer");
        assertTrue(writer.cancel(true));
        assertFalse(lock.isWriteLocked());
        assertEquals(1, lock.readers());
        settle();
        assertTrue(succeeded(reader));
        lock.releaseRead();
    }

    /**
     * Write, cancelled from another thread and not yet withdrawn, while readers hold: the last
     * reader's release skips it and admits the readers it held back.
     */
    @Test
    @Timeout(10)
    void writerCancelledOffLoopNotYetWithdrawn() throws InterruptedException {
        assertTrue(lock.tryAcquireRead());
        LoopFuture<Void> writer = lock.acquireWrite();
        LoopFuture<Void> reader = lock.acquireRead();
        onOtherThread("canceller", () -> assertTrue(writer.cancel(true)));
        assertEquals(1, lock.waitingWriters(), "the loop has not run the withdrawal yet");
        lock.releaseRead();
        assertFalse(lock.isWriteLocked());
        assertEquals(1, lock.readers(), "the held-back reader got the lock");
        settle();
        assertTrue(writer.isCancelled());
        assertTrue(succeeded(reader));
        assertEquals(0, lock.waitingWriters());
        lock.releaseRead();
        assertTrue(lock.tryAcquireWrite());
        lock.releaseWrite();
    }

    /** A writer behind a reader that holds forever is cancelled by its task; nothing stays parked. */
    @Test
    void taskCancellationReachesTheWriteWait() {
        assertTrue(lock.tryAcquireRead());
        Task<Void> task = loop.createTask("writer", () -> lock.withWrite(() -> CompletableFuture.completedFuture(null)));
        settle();
        assertEquals(1, lock.waitingWriters());
        task.cancel();
        settle();
        assertTrue(task.isCancelled());
        assertEquals(0, lock.waitingWriters());
        lock.releaseRead();
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }
}
