package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.sync.AsyncCondition;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code AsyncCondition.withLock} under cancellation, as asyncio's {@code async with cond}: a
 * task cancelled in {@code await()} first gets the lock back (waiting for whoever holds it), then
 * its body handles the cancellation with the lock held, and the task ends with the body's outcome
 * after the release (CPython bpo-33638, bpo-32751).
 */
class ConditionWithLockCancellationTest extends CancellationTimeline {

    private final AsyncCondition condition = new AsyncCondition();

    @BeforeEach
    void showLock() {
        state = () -> condition.isLocked() ? " [locked]" : " [free]";
    }

    /** Takes the condition's lock at 0.5s and holds it until 3s. */
    private void intruderHoldsTheLockFromHalfASecondToThree() {
        Task<Void> intruder = loop.createTask("intruder", () -> Tasks.sleep(seconds(0.5))
                .thenCompose(ignored -> condition.withLock(() -> {
                    mark("intruder holds");
                    return Tasks.sleep(seconds(2.5));
                })));
        track("intruder", intruder);
    }

    /** A body awaiting a signal; if the wait fails it cleans up for a second, then recovers or rethrows. */
    private CompletionStage<String> awaitsThenCleansUp(boolean recover) {
        return condition.await().handle((ignored, failure) -> failure).thenCompose(failure -> {
            mark("main caught " + describe(failure));
            return Tasks.sleep(seconds(1)).<String>thenApply(ignored -> {
                mark("main cleaned");
                if (recover) {
                    return "recovered";
                }
                throw rethrow(failure);
            });
        });
    }

    /** A task cancelled while condition.withLock waits for the lock ends cancelled then, and its body never runs. */
    @Test
    void cancelledWhileAcquiringNeverRunsTheBody() {
        Task<String> holder = loop.createTask("holder",
                () -> condition.withLock(() -> Tasks.sleep(seconds(3)).thenApply(ignored -> "held")));
        Task<String> main = loop.createTask("main", () -> condition.withLock(() -> {
            mark("main body runs");
            return loop.completedFuture("body");
        }));
        watch(holder);
        watch(main);
        cancelAt(1, main);
        settle();
        assertLog("1s cancel main [locked]",
                "1s main cancelled [locked]",
                "3s holder value held [free]");
    }

    /**
     * A task cancelled in await() while another task holds the lock waits for the lock, then its
     * body recovers with the lock held and the task returns the body's value after the release.
     */
    @Test
    void cancelledInAwaitRecoversOnlyAfterRegainingTheLock() {
        Task<String> main = loop.createTask("main", () -> condition.withLock(() -> awaitsThenCleansUp(true)));
        intruderHoldsTheLockFromHalfASecondToThree();
        watch(main);
        cancelAt(1, main);
        probeAt(2, "main", main);
        settle();
        assertLog("0.5s intruder holds [locked]",
                "1s cancel main [locked]",
                "2s probe main pending [locked]",
                "3s main caught cancelled [locked]",
                "4s main cleaned [locked]",
                "4s main value recovered [free]");
        assertEquals(Map.of("intruder", "value null at 3s"), ended);
    }

    /** A task cancelled in await() whose body rethrows holds the lock through the cleanup and ends cancelled after the release. */
    @Test
    void cancelledInAwaitRethrowsAfterTheCleanup() {
        Task<String> main = loop.createTask("main", () -> condition.withLock(() -> awaitsThenCleansUp(false)));
        intruderHoldsTheLockFromHalfASecondToThree();
        watch(main);
        cancelAt(1, main);
        probeAt(2, "main", main);
        settle();
        assertLog("0.5s intruder holds [locked]",
                "1s cancel main [locked]",
                "2s probe main pending [locked]",
                "3s main caught cancelled [locked]",
                "4s main cleaned [locked]",
                "4s main cancelled [free]");
    }

    /** waitFor around await() inside withLock fails with the timeout only once the lock is held again (bpo-33638). */
    @Test
    void waitForAroundAwaitTimesOutWithTheLockHeld() {
        Task<String> main = loop.createTask("main", () -> condition.withLock(() ->
                Tasks.waitFor(condition.await(), seconds(1)).handle((ignored, failure) -> {
                    mark("main waitFor " + describe(failure));
                    return "timed out";
                })));
        intruderHoldsTheLockFromHalfASecondToThree();
        watch(main);
        probeAt(2, "main", main);
        settle();
        assertLog("0.5s intruder holds [locked]",
                "2s probe main pending [locked]",
                "3s main waitFor failed TimeoutException [locked]",
                "3s main value timed out [free]");
    }

    /** A timeout that fires during the body's cleanup interrupts it; the lock is held through the rollback and the timeout surfaces after the release. */
    @Test
    void timeoutDuringCleanupSurfacesAfterTheRelease() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.timeout(seconds(1.5), scope -> condition.withLock(() -> rollsBackWhenCleanupCancelled("body"))));
        watch(main);
        probeAt(1.75, "main", main);
        settle();
        assertLog("1s body worked [locked]",
                "1.5s body cleanup interrupted [locked]",
                "1.75s probe main pending [locked]",
                "2s body rolled back [locked]",
                "2s main failed TimeoutException [free]");
    }
}
