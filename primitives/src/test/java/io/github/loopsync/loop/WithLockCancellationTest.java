package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.loopsync.sync.AsyncLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code AsyncLock.withLock} under cancellation, as asyncio's {@code async with lock}: a task
 * cancelled while it waits for the lock never runs its body; a task cancelled inside the body
 * keeps the lock through the body's cleanup and ends with the body's outcome, after the release.
 */
class WithLockCancellationTest extends CancellationTimeline {

    private final AsyncLock lock = new AsyncLock();

    @BeforeEach
    void showLock() {
        state = () -> lock.isLocked() ? " [locked, waiters " + lock.waiters() + "]" : " [free]";
    }

    /** A task cancelled while withLock waits for the lock ends cancelled then, and its body never runs. */
    @Test
    void cancelledWhileAcquiringNeverRunsTheBody() {
        Task<String> holder = loop.createTask("holder",
                () -> lock.withLock(() -> Tasks.sleep(seconds(3)).thenApply(ignored -> "held")));
        Task<String> main = loop.createTask("main", () -> lock.withLock(() -> {
            mark("main body runs");
            return loop.completedFuture("body");
        }));
        watch(holder);
        watch(main);
        cancelAt(1, main);
        settle();
        assertLog("1s cancel main [locked, waiters 1]",
                "1s main cancelled [locked, waiters 0]",
                "3s holder value held [free]");
    }

    /** A task granted the lock but cancelled before it resumed never runs its body, and the lock goes to the next waiter. */
    @Test
    void cancelledAfterTheGrantHandsTheLockOn() {
        List<Task<String>> waiting = new ArrayList<>();
        Task<Void> holder = loop.createTask("holder", () -> lock.acquire()
                .thenCompose(ignored -> Tasks.sleep(seconds(3)))
                .thenRun(() -> {
                    lock.release();               // grants the lock to main...
                    mark("holder released, cancel main");
                    waiting.get(0).cancel();      // ...which is cancelled before it resumes
                }));
        waiting.add(loop.createTask("main", () -> lock.withLock(() -> {
            mark("main body runs");
            return loop.completedFuture("main");
        })));
        waiting.add(loop.createTask("next", () -> lock.withLock(() -> {
            mark("next body runs");
            return Tasks.sleep(seconds(1)).thenApply(ignored -> "next");
        })));
        track("holder", holder);
        track("main", waiting.get(0));
        watch(waiting.get(1));
        settle();
        assertLog("3s holder released, cancel main [locked, waiters 1]",
                "3s next body runs [locked, waiters 0]",
                "4s next value next [free]");
        assertEquals(Map.of("holder", "value null at 3s", "main", "cancelled at 3s"), ended);
    }

    /**
     * Issue #12's reproduction: a body that catches the cancellation and cleans up keeps the lock
     * during the cleanup, and the task then completes normally with the body's value.
     */
    @Test
    void issueReproductionRecoversWithTheLockHeldDuringCleanup() {
        Task<String> main = loop.createTask(() -> lock.withLock(() ->
                Tasks.sleep(seconds(10)).exceptionally(e -> null)                  // catches the cancellation
                        .thenCompose(v -> Tasks.sleep(seconds(1)))                  // cleanup, still locked
                        .thenApply(v -> "recovered")));
        loop.runOnce();
        main.cancel();
        for (int step = 0; step < 100 && now().compareTo(seconds(1)) < 0; step++) {
            assertFalse(main.isDone(), "the task reports done while its cleanup still runs, at " + now());
            assertEquals("[locked]", lockState(), "the lock was released before the cleanup finished, at " + now());
            loop.runOnce();
        }
        settle();
        assertEquals("value recovered", outcome(main));
        assertFalse(main.isCancelled());
        assertEquals("[free]", lockState());
        assertEquals(seconds(1), now());
    }

    /** A body that recovers from the cancellation holds the lock through its cleanup; the task returns its value after the release. */
    @Test
    void cancelledInBodyThatRecoversEndsWithTheBodysValue() {
        List<LoopFuture<String>> guarded = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> {
            guarded.add(lock.withLock(() -> cleansUpWhenCancelled("body", 10, true)));
            return guarded.get(0);
        });
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main [locked, waiters 0]",
                "1s body caught cancelled [locked, waiters 0]",
                "1.5s probe main pending [locked, waiters 0]",
                "2s body cleaned [locked, waiters 0]",
                "2s main value body recovered [free]");
        assertEquals("value body recovered", outcome(guarded.get(0)), "withLock's own future has the body's value");
    }

    /** A body that rethrows after its cleanup holds the lock until then; the task ends cancelled only after the release. */
    @Test
    void cancelledInBodyThatRethrowsEndsCancelledAfterTheRelease() {
        Task<String> main = loop.createTask("main", () -> lock.withLock(() -> cleansUpWhenCancelled("body", 10, false)));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main [locked, waiters 0]",
                "1s body caught cancelled [locked, waiters 0]",
                "1.5s probe main pending [locked, waiters 0]",
                "2s body cleaned [locked, waiters 0]",
                "2s main cancelled [free]");
    }

    /** A waiter queued behind a cancelled holder gets the lock only when the holder's cleanup has finished. */
    @Test
    void nextWaiterAcquiresOnlyAfterTheCancelledHoldersCleanup() {
        Task<String> main = loop.createTask("main", () -> lock.withLock(() -> cleansUpWhenCancelled("body", 10, false)));
        Task<String> next = loop.createTask("next", () -> lock.withLock(() -> {
            mark("next body runs");
            return loop.completedFuture("next");
        }));
        track("main", main);
        watch(next);
        cancelAt(1, main);
        settle();
        assertLog("1s cancel main [locked, waiters 1]",
                "1s body caught cancelled [locked, waiters 1]",
                "2s body cleaned [locked, waiters 1]",
                "2s next body runs [locked, waiters 0]",
                "2s next value next [free]");
        assertEquals(Map.of("main", "cancelled at 2s"), ended);
    }

    /** A timeout that fires during the body's cleanup interrupts it; the lock is held through the rollback and the timeout surfaces after the release. */
    @Test
    void timeoutDuringCleanupSurfacesAfterTheRelease() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.timeout(seconds(1.5), scope -> lock.withLock(() -> rollsBackWhenCleanupCancelled("body"))));
        watch(main);
        probeAt(1.75, "main", main);
        settle();
        assertLog("1s body worked [locked, waiters 0]",
                "1.5s body cleanup interrupted [locked, waiters 0]",
                "1.75s probe main pending [locked, waiters 0]",
                "2s body rolled back [locked, waiters 0]",
                "2s main failed TimeoutException [free]");
    }

    private String lockState() {
        return lock.isLocked() ? "[locked]" : "[free]";
    }
}
