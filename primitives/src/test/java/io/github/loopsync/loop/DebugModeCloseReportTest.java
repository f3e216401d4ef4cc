package io.github.loopsync.loop;

import static io.github.loopsync.loop.DebugWarnings.assertPointsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.sync.AsyncBoundedSemaphore;
import io.github.loopsync.sync.AsyncCondition;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's report at close: each task still pending when the close begins (with the line that
 * created it), and each lock or permit still held once the tasks have unwound (with the line of the
 * acquire that took it and the task that did).
 */
class DebugModeCloseReportTest {

    private final DebugWarnings reports = new DebugWarnings();
    private final EventLoop loop = EventLoop.builder().name("debug-test").clock(VirtualClock.autoAdvancing())
            .exceptionHandler(reports).debug(true).build();

    /** A lock acquired and never released is reported at close with its acquire line and its task. */
    @Test
    void lockStillHeldIsReported() {
        AsyncLock lock = new AsyncLock();
        loop.createTask("forgetful", () -> lock.acquire().thenApply(held -> "never released"));
        loop.runUntilIdle();
        loop.close();
        LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertPointsAt(warning, getClass(), "lockStillHeldIsReported");
        assertTrue(warning.getMessage().startsWith("AsyncLock[locked] was still held when the loop closed: acquired by"
                + " task forgetful at DebugModeCloseReportTest.lambda$lockStillHeldIsReported$"), warning.getMessage());
        assertEquals("debug mode: a lock or permit was still held at close", reports.headlines.get(0));
    }

    /** A lock handed over to a parked waiter is reported at that waiter's acquire, not at the release that handed it. */
    @Test
    void lockHandedToAWaiterPointsAtTheWaitersAcquire() {
        AsyncLock lock = new AsyncLock();
        loop.createTask("first", () -> lock.acquire().thenCompose(held -> Tasks.sleep(Duration.ofMillis(5)))
                .thenRun(lock::release));
        loop.createTask("second", () -> keepTheLock(lock));
        loop.runUntilIdle();
        loop.close();
        LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertPointsAt(warning, getClass(), "keepTheLock");
        assertTrue(warning.getMessage().contains("acquired by task second"), warning.getMessage());
    }

    private static CompletionStage<String> keepTheLock(AsyncLock lock) {
        return lock.acquire().thenApply(held -> "keeps it");
    }

    /** Each permit still out is reported with its own acquire; released ones and an idle semaphore are not. */
    @Test
    void permitsStillOutAreReportedOneByOne() {
        AsyncSemaphore semaphore = new AsyncSemaphore(3);
        AsyncBoundedSemaphore bounded = new AsyncBoundedSemaphore(1);
        loop.createTask("a", () -> semaphore.acquire());
        loop.createTask("b", () -> semaphore.acquire().thenRun(semaphore::release));
        loop.createTask("c", () -> {
            semaphore.tryAcquire();
            return bounded.withPermit(() -> Tasks.sleep(Duration.ofMillis(1)));
        });
        loop.runUntilIdle();
        assertEquals(1, semaphore.availablePermits());
        loop.close();
        List<LoopDebugWarning> held = reports.of(LoopDebugWarning.Kind.HELD_AT_CLOSE);
        assertEquals(2, held.size(), reports.warnings::toString);
        assertTrue(held.get(0).getMessage().startsWith("AsyncSemaphore[unlocked, value:1] was still held when the loop"
                + " closed (1 of 2 acquisitions not released): acquired by task a at"), held.get(0).getMessage());
        assertTrue(held.get(1).getMessage().contains("(2 of 2 acquisitions not released): acquired by task c"),
                held.get(1).getMessage());
        for (LoopDebugWarning warning : held) {
            assertPointsAt(warning, getClass(), "permitsStillOutAreReportedOneByOne");
        }
        assertEquals(held.size(), reports.warnings.size());
    }

    /** A task cancelled at close inside withLock releases while it unwinds: it is reported as pending, the lock is not. */
    @Test
    void pendingTaskIsReportedAndItsLockReleasedOnUnwindIsNot() {
        AsyncLock lock = new AsyncLock();
        AsyncCondition condition = new AsyncCondition();
        Task<Void> sleeper = loop.createTask("sleeper", () -> lock.withLock(() -> Tasks.sleep(Duration.ofDays(1))));
        Task<Void> waiter = loop.createTask("waiter", () -> condition.withLock(condition::await));
        Task<String> finished = loop.createTask(() -> loop.completedFuture("done"));
        loop.runOnce();
        assertTrue(finished.isDone());
        loop.close();
        assertTrue(sleeper.isCancelled());
        assertTrue(waiter.isCancelled());
        assertFalse(lock.isLocked());
        List<LoopDebugWarning> pending = reports.of(LoopDebugWarning.Kind.PENDING_AT_CLOSE);
        assertEquals(2, pending.size(), reports.warnings::toString);
        String message = pending.get(0).getMessage();
        assertTrue(message.startsWith("task sleeper was still pending when EventLoop[debug-test, closing"), message);
        assertTrue(message.contains(" began to close, which cancels it; created at DebugModeCloseReportTest."
                + "pendingTaskIsReportedAndItsLockReleasedOnUnwindIsNot("), message);
        assertPointsAt(pending.get(1), getClass(), "pendingTaskIsReportedAndItsLockReleasedOnUnwindIsNot");
        assertEquals(List.of(sleeper, waiter), reports.tasks);
        assertEquals(2, reports.warnings.size(), "nothing held: " + reports.warnings);
    }

    /** Balanced use (acquire and release, withLock, withPermit, a grant cancelled before it resumed) reports nothing. */
    @Test
    void balancedUseReportsNothing() {
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        loop.createTask(() -> lock.acquire().thenCompose(held -> Tasks.sleep(Duration.ofMillis(1))).thenRun(lock::release));
        loop.createTask(() -> lock.withLock(() -> loop.completedFuture(1)));
        loop.createTask(() -> semaphore.withPermit(() -> Tasks.sleep(Duration.ofMillis(1))));
        loop.createTask(() -> semaphore.acquire().thenRun(semaphore::release));
        loop.runUntilIdle();
        assertTrue(lock.tryAcquire());
        Task<Void> late = loop.createTask(() -> lock.acquire().thenRun(lock::release));
        loop.runOnce();                                         // late parks
        lock.release();                                         // handed to late's waiter, not yet resumed
        late.cancel();                                          // the cancellation wins: the grant comes back
        loop.runUntilIdle();
        assertTrue(late.isCancelled());
        assertFalse(lock.isLocked());
        loop.close();
        assertEquals(1, semaphore.availablePermits());
        reports.assertNone();
    }
}
