package io.github.loopsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import io.github.loopsync.testing.LoopFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probes the primitives hand to the harness: each answer is the primitive's own, read when
 * asked, and descriptions follow asyncio's repr.
 */
class ProbesTest extends LoopFixture {

    /** A probe answers every question from the primitive's suppliers, at the moment it is asked. */
    @Test
    void aProbeRelaysThePrimitivesAnswers() {
        Task<Void> holder = loop.createTask(() -> loop.done());
        Task<Void> waiting = loop.createTask(() -> loop.done());
        StringBuilder state = new StringBuilder("Thing[busy]");
        int[] parked = {2};
        boolean[] lost = {true};
        Object primitive = new Object() {
            @Override
            public String toString() {
                return state.toString();
            }
        };
        ProgressProbe probe = Probes.of(primitive, () -> parked[0], () -> lost[0],
                () -> List.of(holder), () -> List.of(waiting));
        assertEquals("Thing[busy]", probe.describe());
        assertEquals("probe of Thing[busy]", probe.toString());
        assertEquals(2, probe.parkedWaiters());
        assertTrue(probe.lostWakeup());
        assertEquals(List.of(holder), probe.holders());
        assertEquals(List.of(waiting), probe.waitingTasks());

        state.replace(0, state.length(), "Thing[idle]");
        parked[0] = 0;
        lost[0] = false;
        assertEquals("Thing[idle]", probe.describe());
        assertEquals(0, probe.parkedWaiters());
        assertFalse(probe.lostWakeup());
        settle();
    }

    /** The short form knows neither holders nor waiting tasks. */
    @Test
    void theShortFormHasNoHoldersOrWaitingTasks() {
        ProgressProbe probe = Probes.of("Thing[set]", () -> 1, () -> true);
        assertEquals("Thing[set]", probe.describe());
        assertEquals(1, probe.parkedWaiters());
        assertTrue(probe.lostWakeup());
        assertEquals(List.of(), probe.holders());
        assertEquals(List.of(), probe.waitingTasks());
    }

    /** A description names the waiters only when there are any. */
    @Test
    void describeCountsWaitersOnlyWhenThereAreAny() {
        assertEquals("AsyncLock[unlocked]", Probes.describe("AsyncLock", "unlocked", 0));
        assertEquals("AsyncLock[locked, waiters:1]", Probes.describe("AsyncLock", "locked", 1));
        assertEquals("AsyncEvent[unset, waiters:12]", Probes.describe("AsyncEvent", "unset", 12));
    }
}
