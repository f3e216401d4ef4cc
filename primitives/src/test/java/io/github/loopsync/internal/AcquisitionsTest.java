package io.github.loopsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.internal.Acquisitions.Unit;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import io.github.loopsync.testing.LoopFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's record of what a primitive lent: which acquisition a release retires (the releasing
 * holder's newest of the same unit, then the oldest ones, partly for weighted permits), returned
 * grants and releases that match nothing, the watched parked waiters, and the probe questions it
 * passes on to the primitive's own probe.
 */
class AcquisitionsTest extends LoopFixture {

    private final boolean[] idle = {false};
    private final Acquisitions record = new Acquisitions(Probes.of("Thing[busy]", () -> 0, () -> false), () -> idle[0]);

    private Task<Void> task(String name) {
        return loop.createTask(name, () -> loop.done());
    }

    private List<String> stillHeld() {
        return record.stillHeld().stream().map(Acquisitions.Held::describe).toList();
    }

    /** A weighted release by one holder retires its own permits first, then the oldest ones, shrinking what it gives back only part of. */
    @Test
    void releasesRetireTheHoldersOwnThenTheOldest() {
        Task<Void> a = task("a");
        Task<Void> b = task("b");
        Task<Void> c = task("c");
        record.acquiredNow(a, Unit.PERMITS, 2, a);
        record.acquiredNow(b, Unit.PERMITS, 2, b);
        record.acquiredNow(c, Unit.PERMITS, 3, c);
        record.released(b, Unit.PERMITS, 3);            // b's two, then one of the oldest (a's)
        assertEquals(List.of("1 permit acquired by task a", "3 permits acquired by task c"), stillHeld());
        record.released(null, Unit.PERMITS, 2);         // nobody's: the oldest, a's last permit, then one of c's
        assertEquals(List.of("2 permits acquired by task c"), stillHeld());
        settle();
    }

    /** A release by nobody in particular retires whole acquisitions in order, passing over other units. */
    @Test
    void anonymousReleasesPassOverOtherUnits() {
        Task<Void> reader = task("reader");
        Task<Void> a = task("a");
        Task<Void> b = task("b");
        record.acquiredNow(reader, Unit.READ_HOLD, 1, reader);
        record.acquiredNow(a);
        record.acquiredNow(b);
        record.released(null, Unit.PLAIN, 2);
        assertEquals(List.of("a read hold acquired by task reader"), stillHeld());
        record.released(null, Unit.PLAIN, 1);           // nothing of that unit is left: nothing happens
        record.released(a, Unit.PLAIN, 1);
        assertEquals(List.of("a read hold acquired by task reader"), stillHeld());
        settle();
    }

    /** A returned grant voids the acquisition of that waiter only; one the record never saw changes nothing. */
    @Test
    void returnedGrantsVoidTheirOwnAcquisition() {
        Task<Void> a = task("a");
        LoopFuture<Void> granted = loop.createFuture();
        LoopFuture<Void> unknown = loop.createFuture();
        record.acquiredNow(a);
        record.granted(granted, Unit.TOKEN, 1, "pool-client");
        record.grantReturned(unknown);
        assertEquals(List.of("acquired by task a", "a token lent to borrower pool-client"), stillHeld());
        record.grantReturned(granted);
        assertEquals(List.of("acquired by task a"), stillHeld());
        idle[0] = true;
        assertEquals(List.of(), stillHeld(), "an idle primitive holds nothing, whatever the record says");
        settle();
    }

    /** Watched waiters are reported while parked and not done; all of them leave at once when released together. */
    @Test
    void watchedWaitersLeaveWhenAllAreReleased() {
        LoopFuture<Void> first = loop.createFuture();
        LoopFuture<Void> second = loop.createFuture();
        record.parked(first);
        record.parked(second);
        assertEquals(List.of(first, second), record.stillParked());
        record.unparked(first);
        assertEquals(List.of(second), record.stillParked());
        record.parked(first);
        record.allUnparked();
        assertEquals(List.of(), record.stillParked(), "released, though not yet resumed");
    }

    /** Every probe question goes to the primitive's own probe, answered when asked. */
    @Test
    void probeQuestionsGoToThePrimitivesProbe() {
        Task<Void> holder = task("holder");
        Task<Void> waiting = task("waiting");
        int[] parked = {2};
        boolean[] lost = {true};
        ProgressProbe own = Probes.of("Thing[busy]", () -> parked[0], () -> lost[0], () -> List.of(holder),
                () -> List.of(waiting));
        Acquisitions delegating = new Acquisitions(own, () -> false);
        assertEquals("Thing[busy]", delegating.describe());
        assertEquals(own.toString(), delegating.toString());
        assertEquals(2, delegating.parkedWaiters());
        assertTrue(delegating.lostWakeup());
        assertEquals(List.of(holder), delegating.holders());
        assertEquals(List.of(waiting), delegating.waitingTasks());
        lost[0] = false;
        assertFalse(delegating.lostWakeup());
        settle();
    }
}
