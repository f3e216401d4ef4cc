package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Tasks.timeout} scopes ({@link Timeout}) under cancellation and expiry, as asyncio's
 * {@code async with timeout()}: the scope ends only after the work it guards, cleanup included, has
 * finished; an expiry surfaces as {@code TimeoutException} only if the work ended cancelled; an
 * outside cancellation surfaces as a cancellation; work that absorbs either returns its value.
 */
class TimeoutCancellationTest extends CancellationTimeline {

    /** A task cancelled before its timeout scope's work started ends cancelled, not timed out, and the work never runs. */
    @Test
    void cancelledBeforeTheWorkStarts() {
        List<LoopFuture<String>> scopes = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> {
            scopes.add(Tasks.timeout(seconds(5), scope -> {
                mark("work runs");
                return Tasks.sleep(seconds(1)).thenApply(ignored -> "work");
            }));
            return scopes.get(0);
        });
        loop.runOnce();                   // main runs and opens the scope; its work has not started
        main.cancel();
        settle();
        assertLog();
        assertEquals("cancelled", outcome(main));
        assertEquals("cancelled", outcome(scopes.get(0)), "a cancellation, not a TimeoutException");
        assertEquals(seconds(0), now());
    }

    /** A task cancelled inside a timeout scope whose work recovers returns the work's value after the cleanup. */
    @Test
    void cancelledWhileWorkRunsAndRecovers() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.timeout(seconds(5), scope -> cleansUpWhenCancelled("work", 10, true)));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s work caught cancelled",
                "1.5s probe main pending",
                "2s work cleaned",
                "2s main value work recovered");
    }

    /** A task cancelled inside a timeout scope whose work rethrows ends cancelled, not timed out, after the cleanup. */
    @Test
    void cancelledWhileWorkRunsAndRethrows() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.timeout(seconds(5), scope -> cleansUpWhenCancelled("work", 10, false)));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s work caught cancelled",
                "1.5s probe main pending",
                "2s work cleaned",
                "2s main cancelled");
    }

    /** Work that absorbs the expiry's cancellation returns its value after its cleanup, though the scope expired. */
    @Test
    void expiryDuringWorkThatRecoversReturnsItsValue() {
        List<Timeout> scopes = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> Tasks.timeout(seconds(1), scope -> {
            scopes.add(scope);
            return cleansUpWhenCancelled("work", 10, true);
        }));
        watch(main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s work caught cancelled",
                "1.5s probe main pending",
                "2s work cleaned",
                "2s main value work recovered");
        assertEquals("Timeout[expired, deadline=1000000000ns]", scopes.get(0).toString());
    }

    /** An expiry raises TimeoutException only after the cancelled work finished its cleanup. */
    @Test
    void expiryDuringWorkThatRethrowsFailsAfterTheCleanup() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.timeout(seconds(1), scope -> cleansUpWhenCancelled("work", 10, false)));
        watch(main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s work caught cancelled",
                "1.5s probe main pending",
                "2s work cleaned",
                "2s main failed TimeoutException");
    }

    /** An expiry during the work's cleanup interrupts it, and TimeoutException comes only after the rollback. */
    @Test
    void expiryDuringCleanupFailsAfterTheRollback() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.timeout(seconds(1.5), scope -> rollsBackWhenCleanupCancelled("work")));
        watch(main);
        probeAt(1.75, "main", main);
        settle();
        assertLog("1s work worked",
                "1.5s work cleanup interrupted",
                "1.75s probe main pending",
                "2s work rolled back",
                "2s main failed TimeoutException");
    }

    /** A cancellation from outside during the cleanup that follows an expiry interrupts the cleanup and surfaces as a cancellation, not a timeout. */
    @Test
    void outsideCancellationDuringExpiryCleanupSurfacesAsCancellation() {
        Task<String> main = loop.createTask("main",
                () -> Tasks.timeout(seconds(1), scope -> cleansUpWhenCancelled("work", 10, false)));
        watch(main);
        cancelAt(1.5, main);
        settle();
        assertLog("1s work caught cancelled",
                "1.5s cancel main",
                "1.5s main cancelled");
    }
}
