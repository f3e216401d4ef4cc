package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.sync.AsyncSemaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code AsyncSemaphore.withPermit} under cancellation, as asyncio's {@code async with
 * semaphore}: a task cancelled while it waits for a permit never runs its body; a task cancelled
 * inside the body keeps its permit through the body's cleanup and ends with the body's outcome,
 * after the permit is back.
 */
class WithPermitCancellationTest extends CancellationTimeline {

    private AsyncSemaphore semaphore;

    private void permits(int count) {
        semaphore = new AsyncSemaphore(count);
        state = () -> " [permits " + semaphore.availablePermits() + ", waiters " + semaphore.waiters() + "]";
    }

    /** A task cancelled while withPermit waits for a permit ends cancelled then, and its body never runs. */
    @Test
    void cancelledWhileAcquiringNeverRunsTheBody() {
        permits(1);
        Task<String> holder = loop.createTask("holder",
                () -> semaphore.withPermit(() -> Tasks.sleep(seconds(3)).thenApply(ignored -> "held")));
        Task<String> main = loop.createTask("main", () -> semaphore.withPermit(() -> {
            mark("main body runs");
            return loop.completedFuture("body");
        }));
        watch(holder);
        watch(main);
        cancelAt(1, main);
        settle();
        assertLog("1s cancel main [permits 0, waiters 1]",
                "1s main cancelled [permits 0, waiters 0]",
                "3s holder value held [permits 1, waiters 0]");
    }

    /** A body that recovers from the cancellation keeps its permit through the cleanup; the task returns its value after the release. */
    @Test
    void cancelledInBodyThatRecoversEndsWithTheBodysValue() {
        permits(2);
        List<LoopFuture<String>> guarded = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> {
            guarded.add(semaphore.withPermit(() -> cleansUpWhenCancelled("body", 10, true)));
            return guarded.get(0);
        });
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main [permits 1, waiters 0]",
                "1s body caught cancelled [permits 1, waiters 0]",
                "1.5s probe main pending [permits 1, waiters 0]",
                "2s body cleaned [permits 1, waiters 0]",
                "2s main value body recovered [permits 2, waiters 0]");
        assertEquals("value body recovered", outcome(guarded.get(0)), "withPermit's own future has the body's value");
    }

    /** A body that rethrows after its cleanup keeps its permit until then; the task ends cancelled only after the release. */
    @Test
    void cancelledInBodyThatRethrowsEndsCancelledAfterTheRelease() {
        permits(2);
        Task<String> main = loop.createTask("main", () -> semaphore.withPermit(() -> cleansUpWhenCancelled("body", 10, false)));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main [permits 1, waiters 0]",
                "1s body caught cancelled [permits 1, waiters 0]",
                "1.5s probe main pending [permits 1, waiters 0]",
                "2s body cleaned [permits 1, waiters 0]",
                "2s main cancelled [permits 2, waiters 0]");
    }

    /** A waiter gets the permit of a cancelled holder only once that holder's cleanup has finished. */
    @Test
    void nextWaiterAcquiresOnlyAfterTheCancelledHoldersCleanup() {
        permits(1);
        Task<String> main = loop.createTask("main", () -> semaphore.withPermit(() -> cleansUpWhenCancelled("body", 10, false)));
        Task<String> next = loop.createTask("next", () -> semaphore.withPermit(() -> {
            mark("next body runs");
            return loop.completedFuture("next");
        }));
        track("main", main);
        watch(next);
        cancelAt(1, main);
        settle();
        assertLog("1s cancel main [permits 0, waiters 1]",
                "1s body caught cancelled [permits 0, waiters 1]",
                "2s body cleaned [permits 0, waiters 1]",
                "2s next body runs [permits 0, waiters 0]",
                "2s next value next [permits 1, waiters 0]");
        assertEquals(Map.of("main", "cancelled at 2s"), ended);
    }

    /** A timeout that fires during the body's cleanup interrupts it; the permit is held through the rollback and the timeout surfaces after the release. */
    @Test
    void timeoutDuringCleanupSurfacesAfterTheRelease() {
        permits(1);
        Task<String> main = loop.createTask("main",
                () -> Tasks.timeout(seconds(1.5), scope -> semaphore.withPermit(() -> rollsBackWhenCleanupCancelled("body"))));
        watch(main);
        probeAt(1.75, "main", main);
        settle();
        assertLog("1s body worked [permits 0, waiters 0]",
                "1.5s body cleanup interrupted [permits 0, waiters 0]",
                "1.75s probe main pending [permits 0, waiters 0]",
                "2s body rolled back [permits 0, waiters 0]",
                "2s main failed TimeoutException [permits 1, waiters 0]");
    }
}
