package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Tasks.waitFor} under cancellation and timeout, as asyncio's {@code wait_for} (3.12+,
 * built on {@code timeout()}): it returns or raises only after the inner work, cleanup included,
 * has finished (bpo-32751); a task cancellation reaches the inner work and the result is the
 * work's outcome; work that absorbs the cancellation returns its value.
 */
class WaitForCancellationTest extends CancellationTimeline {

    /** A task cancelled before waitFor's inner task started ends cancelled, not timed out, and the inner body never runs. */
    @Test
    void cancelledBeforeTheInnerWorkStarts() {
        List<LoopFuture<String>> waits = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> {
            waits.add(Tasks.waitFor(() -> {
                mark("inner body runs");
                return Tasks.sleep(seconds(1)).thenApply(ignored -> "inner");
            }, seconds(5)));
            return waits.get(0);
        });
        loop.runOnce();                   // main runs and creates the inner task, which has not started
        main.cancel();
        settle();
        assertLog();
        assertEquals("cancelled", outcome(main));
        assertEquals("cancelled", outcome(waits.get(0)), "a cancellation, not a TimeoutException");
        assertEquals(seconds(0), now());
    }

    /** A task cancelled in waitFor whose inner work recovers returns the work's value after the cleanup. */
    @Test
    void cancelledWhileInnerWorkRunsAndRecovers() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.waitFor(() -> cleansUpWhenCancelled("inner", 10, true), seconds(5)));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s inner caught cancelled",
                "1.5s probe main pending",
                "2s inner cleaned",
                "2s main value inner recovered");
    }

    /** A task cancelled in waitFor whose inner work rethrows ends cancelled, not timed out, after the cleanup. */
    @Test
    void cancelledWhileInnerWorkRunsAndRethrows() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.waitFor(() -> cleansUpWhenCancelled("inner", 10, false), seconds(5)));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s inner caught cancelled",
                "1.5s probe main pending",
                "2s inner cleaned",
                "2s main cancelled");
    }

    /** A task cancelled in waitFor on a task it created delivers the cancellation to that task, and takes its recovered value. */
    @Test
    void cancelledWhileWaitingForATaskThatRecovers() {
        List<Task<String>> inner = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> {
            inner.add(loop.createTask("inner", () -> cleansUpWhenCancelled("inner", 10, true)));
            return Tasks.waitFor(inner.get(0), seconds(5));
        });
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s inner caught cancelled",
                "1.5s probe main pending",
                "2s inner cleaned",
                "2s main value inner recovered");
        assertEquals("value inner recovered", outcome(inner.get(0)));
    }

    /** Work that absorbs the timeout's cancellation and cleans up makes waitFor return its value after the cleanup. */
    @Test
    void timeoutDuringWorkThatRecoversReturnsItsValue() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.waitFor(() -> cleansUpWhenCancelled("inner", 10, true), seconds(1)));
        watch(main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s inner caught cancelled",
                "1.5s probe main pending",
                "2s inner cleaned",
                "2s main value inner recovered");
    }

    /** A timeout raises TimeoutException only after the cancelled work finished its cleanup (bpo-32751). */
    @Test
    void timeoutDuringWorkThatRethrowsFailsAfterTheCleanup() {
        List<Task<String>> inner = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> {
            inner.add(loop.createTask("inner", () -> cleansUpWhenCancelled("inner", 10, false)));
            return Tasks.waitFor(inner.get(0), seconds(1));
        });
        watch(main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s inner caught cancelled",
                "1.5s probe main pending",
                "2s inner cleaned",
                "2s main failed TimeoutException");
        assertEquals("cancelled", outcome(inner.get(0)));
    }

    /** A timeout that fires during the work's cleanup interrupts it, and TimeoutException comes only after the rollback. */
    @Test
    void timeoutDuringCleanupFailsAfterTheRollback() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.waitFor(() -> rollsBackWhenCleanupCancelled("inner"), seconds(1.5)));
        watch(main);
        probeAt(1.75, "main", main);
        settle();
        assertLog("1s inner worked",
                "1.5s inner cleanup interrupted",
                "1.75s probe main pending",
                "2s inner rolled back",
                "2s main failed TimeoutException");
    }

    /** Cancelling waitFor's own future cancels the inner work and completes only once the work has finished. */
    @Test
    void cancellingTheWaitForFutureWaitsForTheWork() {
        Task<String> inner = loop.createTask("inner", () -> cleansUpWhenCancelled("inner", 10, false));
        LoopFuture<String> wait = Tasks.waitFor(inner, seconds(5));
        watch("waitFor", wait);
        at(1, () -> {
            mark("cancel waitFor");
            wait.cancel(true);
        });
        probeAt(1.5, "waitFor", wait);
        settle();
        assertLog("1s cancel waitFor",
                "1s inner caught cancelled",
                "1.5s probe waitFor pending",
                "2s inner cleaned",
                "2s waitFor cancelled");
    }
}
