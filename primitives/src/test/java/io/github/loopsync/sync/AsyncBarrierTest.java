package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoopBuilder;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ReadyPolicy;
import io.github.loopsync.loop.spi.ReadyQueueView;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The barrier's cycles beyond CPython's cases: tasks that arrive while it drains wait for the next
 * cycle, enter it in arrival order, and are failed by an abort like the tasks inside.
 */
class AsyncBarrierTest extends LoopFixture {

    /**
     * FIFO, except that a test may hold back the oldest ready callback: while armed, the policy
     * runs the callbacks of other origins first, each origin's oldest first (a legal order).
     */
    private static final class HoldBackOldest implements ReadyPolicy {
        boolean armed;
        boolean heldBack;

        @Override
        public int next(ReadyQueueView ready) {
            if (armed) {
                for (int i = 1; i < ready.eligible(); i++) {
                    if (ready.origin(i) != ready.origin(0)) {
                        heldBack = true;
                        return i;
                    }
                }
                armed = false;
            }
            return 0;
        }
    }

    private final HoldBackOldest policy = new HoldBackOldest();

    @Override
    protected EventLoopBuilder configure(EventLoopBuilder builder) {
        return builder.readyPolicy(policy);
    }

    /**
     * Drains a barrier of two (a and b arrive), has {@code newcomers} tasks arrive meanwhile, and
     * runs the step in which a resumes and schedules their admission; returns the newcomers' futures.
     */
    private List<LoopFuture<Integer>> drainingWithNewcomers(AsyncBarrier barrier, int newcomers) {
        LoopFuture<Integer> a = barrier.await();
        assertEquals(1, barrier.await().join(), "b completes the party and passes at once");
        List<LoopFuture<Integer>> blocked = new ArrayList<>();
        for (int i = 0; i < newcomers; i++) {
            blocked.add(barrier.await());
        }
        assertEquals(0, barrier.waiting(), "draining: the newcomers are not counted yet");
        loop.runOnce();
        assertEquals(0, a.join());
        return blocked;
    }

    /** The number of parties is what the barrier was made with. */
    @Test
    void partiesIsTheConstructorArgument() {
        assertEquals(3, new AsyncBarrier(3).parties());
        assertThrows(IllegalArgumentException.class, () -> new AsyncBarrier(0));
    }

    /**
     * Tasks that arrived while the barrier drained enter the next cycle in arrival order; those
     * beyond one party wait, neither failed nor passed, for the cycle after.
     */
    @Test
    void arrivalsDuringTheDrainFillTheNextCyclesInOrder() {
        AsyncBarrier barrier = new AsyncBarrier(2);
        List<LoopFuture<Integer>> blocked = drainingWithNewcomers(barrier, 3);
        settle();
        assertEquals(0, blocked.get(0).join());
        assertEquals(1, blocked.get(1).join());
        assertFalse(blocked.get(2).isDone(), "the third newcomer waits for the cycle after");
        assertEquals(1, barrier.waiting());
        assertEquals(1, barrier.await().join());
        settle();
        assertEquals(0, blocked.get(2).join());
    }

    /** An abort fails the tasks waiting for the next cycle too, at once. */
    @Test
    void abortFailsTheTasksWaitingForTheNextCycle() {
        AsyncBarrier barrier = new AsyncBarrier(2);
        barrier.await();
        barrier.await();
        LoopFuture<Integer> blocked = barrier.await();
        barrier.abort();
        assertTrue(blocked.isCompletedExceptionally(), "failed by the abort itself");
        settle();
        assertInstanceOf(BrokenBarrierException.class, assertThrows(CompletionException.class, blocked::join).getCause());
        assertTrue(barrier.isBroken());
    }

    /**
     * A task waiting for the next cycle, cancelled from another thread after the cycle ended and
     * before the loop ran its withdrawal, cannot complete the next party: in either order of the
     * admission step (first in production order) and the posted withdrawal, the task behind it
     * waits for a live partner.
     */
    @Test
    @Timeout(10)
    void admissionLeavesOutAWaiterCancelledOffLoop() throws InterruptedException {
        for (boolean withdrawalFirst : new boolean[] {false, true}) {
            AsyncBarrier barrier = new AsyncBarrier(2);
            List<LoopFuture<Integer>> blocked = drainingWithNewcomers(barrier, 2);
            LoopFuture<Integer> cancelled = blocked.get(0);
            LoopFuture<Integer> next = blocked.get(1);
            onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
            policy.armed = withdrawalFirst;
            policy.heldBack = false;
            settle();
            assertEquals(withdrawalFirst, policy.heldBack, "the arranged order ran");
            assertTrue(cancelled.isCancelled());
            assertFalse(next.isDone(), "withdrawal first: " + withdrawalFirst + "; a cancelled task made up the party");
            assertEquals(1, barrier.waiting(), barrier.toString());
            barrier.abort();
            settle();
        }
    }
}
