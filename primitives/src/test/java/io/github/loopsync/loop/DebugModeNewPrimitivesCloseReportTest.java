package io.github.loopsync.loop;

import static io.github.loopsync.loop.DebugWarnings.assertPointsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.sync.AsyncCapacityLimiter;
import io.github.loopsync.sync.AsyncCountDownLatch;
import io.github.loopsync.sync.AsyncOwnerCheckedLock;
import io.github.loopsync.sync.AsyncReadWriteLock;
import io.github.loopsync.sync.AsyncWeightedSemaphore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's report at close for the read-write lock, the weighted semaphore, the capacity
 * limiter, the owner-checked lock and the latch: what each still holds (read holds, the write
 * lock, permits, tokens with their borrowers, the owner) or still has parked (a latch's waiters),
 * each with the line that took it or waits, and the task.
 */
class DebugModeNewPrimitivesCloseReportTest {

    private final DebugWarnings reports = new DebugWarnings();
    private final EventLoop loop = EventLoop.builder().name("debug-test").clock(VirtualClock.autoAdvancing())
            .exceptionHandler(reports).debug(true).build();

    /** Each read hold still out is reported with its reader and its acquire; a released one is not. */
    @Test
    void readHoldsStillOutAreReportedOneByOne() {
        AsyncReadWriteLock lock = new AsyncReadWriteLock();
        loop.createTask("reader", () -> lock.acquireRead());
        loop.createTask("quick", () -> lock.acquireRead().thenRun(lock::releaseRead));
        loop.createTask("peeker", () -> {
            lock.tryAcquireRead();
            return loop.done();
        });
        loop.runUntilIdle();
        assertEquals(2, lock.readers());
        loop.close();
        List<LoopDebugWarning> held = reports.of(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertEquals(2, held.size(), reports.warnings::toString);
        assertTrue(held.get(0).getMessage().startsWith("AsyncReadWriteLock[reading:2] was still held when the loop closed"
                + " (1 of 2 acquisitions not released): a read hold acquired by task reader at DebugModeNewPrimitives"
                + "CloseReportTest.lambda$readHoldsStillOutAreReportedOneByOne$"), held.get(0).getMessage());
        assertTrue(held.get(1).getMessage().contains("(2 of 2 acquisitions not released): a read hold acquired by task"
                + " peeker at "), held.get(1).getMessage());
        for (LoopDebugWarning warning : held) {
            assertPointsAt(warning, getClass(), "readHoldsStillOutAreReportedOneByOne");
        }
        assertEquals(held.size(), reports.warnings.size());
    }

    /** A write lock handed to a parked writer is reported at that writer's acquireWrite, with its task. */
    @Test
    void writeLockHandedToAWriterPointsAtItsAcquire() {
        AsyncReadWriteLock lock = new AsyncReadWriteLock();
        loop.createTask("first", () -> lock.withWrite(() -> Tasks.sleep(Duration.ofMillis(5))));
        loop.createTask("second", () -> keepTheWriteLock(lock));
        loop.runUntilIdle();
        loop.close();
        LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertPointsAt(warning, getClass(), "keepTheWriteLock");
        assertTrue(warning.getMessage().startsWith("AsyncReadWriteLock[writing] was still held when the loop closed: the"
                + " write lock acquired by task second at "), warning.getMessage());
    }

    private static CompletionStage<String> keepTheWriteLock(AsyncReadWriteLock lock) {
        return lock.acquireWrite().thenApply(held -> "keeps it");
    }

    /** A downgraded write lock is reported as a read hold, still at the line of the acquireWrite. */
    @Test
    void downgradedWriteLockIsReportedAsAReadHold() {
        AsyncReadWriteLock lock = new AsyncReadWriteLock();
        loop.createTask("writer", () -> lock.acquireWrite().thenRun(lock::downgrade));
        loop.runUntilIdle();
        loop.close();
        LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertPointsAt(warning, getClass(), "downgradedWriteLockIsReportedAsAReadHold");
        assertTrue(warning.getMessage().startsWith("AsyncReadWriteLock[reading:1] was still held when the loop closed: a"
                + " read hold acquired by task writer at "), warning.getMessage());
    }

    /** Balanced read-write use (withRead, withWrite, a batch reader cancelled before it resumes) reports nothing. */
    @Test
    void balancedReadWriteUseReportsNothing() {
        AsyncReadWriteLock lock = new AsyncReadWriteLock();
        loop.createTask(() -> lock.withRead(() -> Tasks.sleep(Duration.ofMillis(1))));
        loop.createTask(() -> lock.withWrite(() -> Tasks.sleep(Duration.ofMillis(1))));
        loop.runUntilIdle();
        assertTrue(lock.tryAcquireWrite());
        Task<Void> late = loop.createTask(() -> lock.acquireRead().thenRun(lock::releaseRead));
        Task<Void> other = loop.createTask(() -> lock.acquireRead().thenRun(lock::releaseRead));
        loop.runOnce();                                         // both readers park
        lock.releaseWrite();                                    // one batch: both granted, neither resumed
        late.cancel();                                          // late's share comes back
        loop.runUntilIdle();
        assertTrue(late.isCancelled());
        assertTrue(other.isDone() && !other.isCompletedExceptionally());
        loop.close();
        reports.assertNone();
    }

    /** Permits still out are counted per acquisition, a partial release shrinking the releaser's own. */
    @Test
    void weightedPermitsStillOutAreCounted() {
        AsyncWeightedSemaphore memory = new AsyncWeightedSemaphore(8);
        loop.createTask("loader", () -> memory.acquire(3));
        loop.createTask("trimmer", () -> memory.acquire(2).thenRun(() -> memory.release(1)));
        loop.createTask("balanced", () -> memory.withPermits(2, () -> Tasks.sleep(Duration.ofMillis(1))));
        loop.runUntilIdle();
        assertEquals(4, memory.availablePermits());
        loop.close();
        List<LoopDebugWarning> held = reports.of(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertEquals(2, held.size(), reports.warnings::toString);
        assertTrue(held.get(0).getMessage().startsWith("AsyncWeightedSemaphore[value:4/8] was still held when the loop"
                + " closed (1 of 2 acquisitions not released): 3 permits acquired by task loader at "), held.get(0).getMessage());
        assertTrue(held.get(1).getMessage().contains("(2 of 2 acquisitions not released): 1 permit acquired by task"
                + " trimmer at "), held.get(1).getMessage());
        for (LoopDebugWarning warning : held) {
            assertPointsAt(warning, getClass(), "weightedPermitsStillOutAreCounted");
        }
        assertEquals(held.size(), reports.warnings.size());
    }

    /** Permits granted to a parked head are reported at its acquire; a grant cancelled before it resumed is not. */
    @Test
    void weightedGrantToAParkedHeadPointsAtItsAcquire() {
        AsyncWeightedSemaphore memory = new AsyncWeightedSemaphore(4);
        assertTrue(memory.tryAcquire(4));                       // by the test, outside any task
        Task<Void> big = loop.createTask("big", () -> memory.acquire(3));
        Task<Void> cancelled = loop.createTask("cancelled", () -> memory.acquire(1).thenRun(() -> memory.release(1)));
        loop.runOnce();                                         // both park behind the held permits
        memory.release(4);                                      // big gets 3, cancelled gets 1
        cancelled.cancel();                                     // its permit comes back before it resumes
        loop.runUntilIdle();
        assertTrue(big.isDone() && cancelled.isCancelled());
        assertEquals(1, memory.availablePermits());
        loop.close();
        LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertPointsAt(warning, getClass(), "weightedGrantToAParkedHeadPointsAtItsAcquire");
        assertTrue(warning.getMessage().contains(": 3 permits acquired by task big at "), warning.getMessage());
    }

    /** Each token still lent is reported with its borrower: the task, or the object it was lent on behalf of. */
    @Test
    void tokensStillLentNameTheirBorrowers() {
        AsyncCapacityLimiter downloads = new AsyncCapacityLimiter(3);
        loop.createTask("fetch", () -> downloads.acquire());
        loop.createTask("dispatcher", () -> {
            downloads.tryAcquireOnBehalfOf("connection 7");
            return downloads.acquireOnBehalfOf("connection 8").thenRun(() -> downloads.releaseOnBehalfOf("connection 8"));
        });
        loop.createTask("polite", () -> downloads.withToken(() -> Tasks.sleep(Duration.ofMillis(1))));
        loop.runUntilIdle();
        loop.close();
        List<LoopDebugWarning> held = reports.of(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertEquals(2, held.size(), reports.warnings::toString);
        assertTrue(held.get(0).getMessage().startsWith("AsyncCapacityLimiter[borrowed:2/3] was still held when the loop"
                + " closed (1 of 2 acquisitions not released): a token lent to borrower task fetch at "), held.get(0).getMessage());
        assertTrue(held.get(1).getMessage().contains("(2 of 2 acquisitions not released): a token lent to borrower"
                + " connection 7 at "), held.get(1).getMessage());
        assertEquals("dispatcher", reports.tasks.get(1).name(), "the task that borrowed on its behalf");
        for (LoopDebugWarning warning : held) {
            assertPointsAt(warning, getClass(), "tokensStillLentNameTheirBorrowers");
        }
        assertEquals(held.size(), reports.warnings.size());
    }

    /** A token lent to a parked borrower is reported at its acquire; one whose grant was cancelled is not. */
    @Test
    void tokenLentToAParkedBorrowerPointsAtItsAcquire() {
        AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(1);
        assertTrue(limiter.tryAcquireOnBehalfOf("the test"));
        Task<Void> gaveUp = loop.createTask("gave-up", () -> limiter.acquire());
        loop.createTask("keeper", () -> keepAToken(limiter));
        loop.runOnce();                                         // gave-up and keeper park
        limiter.releaseOnBehalfOf("the test");                  // lent to gave-up, which has not resumed
        gaveUp.cancel();                                        // the cancellation wins: the token passes to keeper
        loop.runUntilIdle();
        assertTrue(gaveUp.isCancelled());
        assertEquals(List.of(), limiter.borrowers().stream().filter(String.class::isInstance).toList());
        loop.close();
        LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertPointsAt(warning, getClass(), "keepAToken");
        assertTrue(warning.getMessage().startsWith("AsyncCapacityLimiter[borrowed:1/1] was still held when the loop"
                + " closed: a token lent to borrower task keeper at "), warning.getMessage());
    }

    private static CompletionStage<Void> keepAToken(AsyncCapacityLimiter limiter) {
        return limiter.acquire();
    }

    /** An owner-checked lock still held is reported as itself, naming its owner and the owner's acquire. */
    @Test
    void ownerCheckedLockNamesItsOwner() {
        AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
        loop.createTask("writer", () -> lock.acquire().thenApply(held -> "never released"));
        loop.createTask("queued", () -> lock.withLock(() -> loop.completedFuture(1)));
        loop.runUntilIdle();
        loop.close();
        List<LoopDebugWarning> pending = reports.of(LoopDebugWarning.Kind.PENDING_AT_CLOSE);
        assertEquals(1, pending.size(), "the queued task: " + reports.warnings);
        LoopDebugWarning warning = reports.of(LoopDebugWarning.Kind.HELD_AT_CLOSE).get(0);
        assertPointsAt(warning, getClass(), "ownerCheckedLockNamesItsOwner");
        assertTrue(warning.getMessage().startsWith("AsyncOwnerCheckedLock[locked by writer] was still held when the loop"
                + " closed: acquired by task writer at "), warning.getMessage());
        assertEquals(2, reports.warnings.size(), reports.warnings::toString);
    }

    /** Latch waiters still parked are reported before the close cancels them, each at its await, with its task. */
    @Test
    void latchWaitersStillParkedAreReported() {
        AsyncCountDownLatch warmedUp = new AsyncCountDownLatch(2);
        loop.createTask("server", () -> warmedUp.await());
        loop.createTask("cache", () -> {
            warmedUp.countDown();                               // one of two: the latch stays shut
            return loop.done();
        });
        loop.runUntilIdle();
        warmedUp.await();                                       // by the test, outside any task
        loop.close();
        List<LoopDebugWarning> pending = reports.of(LoopDebugWarning.Kind.PENDING_AT_CLOSE);
        assertEquals(3, pending.size(), reports.warnings::toString);
        assertTrue(pending.get(0).getMessage().startsWith("task server was still pending"), pending.get(0).getMessage());
        String first = pending.get(1).getMessage();
        assertTrue(first.startsWith("AsyncCountDownLatch[count:1, waiters:2] still had a waiter parked when EventLoop["
                + "debug-test, closing"), first);
        assertTrue(first.contains(" began to close (1 of 2 waiters): waiting since a call by task server at"
                + " DebugModeNewPrimitivesCloseReportTest.lambda$latchWaitersStillParkedAreReported$"), first);
        assertTrue(pending.get(2).getMessage().contains("(2 of 2 waiters): waiting since a call outside any task at"
                + " DebugModeNewPrimitivesCloseReportTest.latchWaitersStillParkedAreReported("), pending.get(2).getMessage());
        assertPointsAt(pending.get(1), getClass(), "latchWaitersStillParkedAreReported");
        assertPointsAt(pending.get(2), getClass(), "latchWaitersStillParkedAreReported");
        assertEquals("debug mode: a wait was still pending at close", reports.headlines.get(1));
        assertEquals(3, reports.warnings.size(), "a latch holds nothing: " + reports.warnings);
    }

    /** A latch that opened, and a latch wait that was cancelled, report nothing. */
    @Test
    void openedLatchAndWithdrawnWaitReportNothing() {
        AsyncCountDownLatch opened = new AsyncCountDownLatch(1);
        AsyncCountDownLatch shut = new AsyncCountDownLatch(1);
        loop.createTask(() -> opened.await());
        loop.createTask(() -> {
            opened.countDown();
            return loop.done();
        });
        LoopFuture<Void> withdrawn = shut.await();              // by the test, outside any task
        loop.runUntilIdle();
        withdrawn.cancel(false);
        loop.runUntilIdle();
        assertEquals(0, shut.waiters());
        loop.close();
        reports.assertNone();
    }

}
