package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoopBuilder;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import io.github.loopsync.testing.LoopFixture;
import io.github.loopsync.testing.ProbeChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the primitives tell a person or the harness about a stuck program: each waiter names its
 * operation and its primitive's state (they appear in deadlock reports and failure messages), and
 * each primitive's probe names its holders, its waiting tasks and how many waiters are parked.
 */
class DiagnosticsTest extends LoopFixture {
    private final ProbeChecker probes = new ProbeChecker();

    @Override
    protected EventLoopBuilder configure(EventLoopBuilder builder) {
        return builder.listener(probes);
    }

    private static void assertDescribedAs(String expectedStart, LoopFuture<?> waiter) {
        assertTrue(waiter.toString().startsWith(expectedStart), "expected " + expectedStart + "..., got " + waiter);
    }

    /** Every waiting operation's future names the operation and the primitive's state. */
    @Test
    void waitersNameTheirOperationAndPrimitive() {
        AsyncLock lock = new AsyncLock();
        lock.acquire();
        assertDescribedAs("acquire of AsyncLock[locked, waiters:1]", lock.acquire());

        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        assertDescribedAs("acquire of AsyncSemaphore[locked, waiters:1]", semaphore.acquire());

        AsyncEvent event = new AsyncEvent();
        assertDescribedAs("await of AsyncEvent[unset, waiters:1]", event.await());

        AsyncBarrier barrier = new AsyncBarrier(2);
        assertDescribedAs("await of AsyncBarrier[filling, waiters:1/2]", barrier.await());
        lock.release();
        semaphore.release();
        event.set();
        barrier.await();
        settle();
        lock.release();

        AsyncCondition condition = new AsyncCondition();
        assertTrue(condition.tryAcquire());
        LoopFuture<Void> conditionWait = condition.await();
        assertDescribedAs("await of AsyncCondition[unlocked, waiters:1] (WAITING_FOR_SIGNAL)", conditionWait);
        assertTrue(condition.tryAcquire());
        condition.signal();
        assertDescribedAs("await of AsyncCondition[locked] (WAITING_FOR_LOCK)", conditionWait);
        condition.release();
        assertDescribedAs("await of AsyncCondition[locked] (HOLDS_LOCK)", conditionWait);
        settle();
        condition.release();
    }

    /** A lock's probe: its holder task (through a hand-off too), the tasks parked on it, their number. */
    @Test
    void lockProbeNamesHolderAndWaitingTasks() {
        AsyncLock lock = new AsyncLock();
        Task<Void> holder = loop.createTask(lock::acquire);
        settle();
        Task<Void> waiting = loop.createTask(lock::acquire);
        settle();
        ProgressProbe probe = probes.probes().get(0);
        assertEquals(lock.toString(), probe.describe());
        assertEquals(List.of(holder), probe.holders());
        assertEquals(List.of(waiting), probe.waitingTasks());
        assertEquals(1, probe.parkedWaiters());
        assertFalse(probe.lostWakeup());
        lock.release();
        assertEquals(List.of(waiting), probe.holders(), "handed over: the waiting task holds it now");
        assertEquals(List.of(), probe.waitingTasks());
        settle();
        lock.release();
        assertEquals(List.of(), probe.holders());
        assertTrue(lock.tryAcquire());
        assertEquals(List.of(), probe.holders(), "held outside any task: no holder task to name");
        lock.release();
    }

    /** A barrier's probe counts and names the tasks inside and those waiting for the next cycle. */
    @Test
    void barrierProbeCountsTasksWaitingForTheNextCycle() {
        AsyncBarrier barrier = new AsyncBarrier(2);
        Task<Integer> first = loop.createTask(barrier::await);
        settle();
        ProgressProbe probe = probes.probes().get(0);
        assertEquals(1, probe.parkedWaiters());
        assertEquals(List.of(first), probe.waitingTasks());
        Task<Integer> last = loop.createTask(barrier::await);
        Task<Integer> early = loop.createTask(barrier::await);
        loop.runOnce();
        assertTrue(barrier.toString().startsWith("AsyncBarrier[draining"), barrier.toString());
        assertEquals(1, probe.parkedWaiters(), "the early arrival waits for the next cycle");
        assertEquals(List.of(early), probe.waitingTasks());
        assertFalse(probe.lostWakeup());
        settle();
        assertEquals(1, probe.parkedWaiters(), "admitted to the new cycle");
        assertEquals(1, barrier.await().join());
        settle();
        assertEquals(List.of(0, 1, 0), List.of(first.join(), last.join(), early.join()));
        assertEquals(0, probe.parkedWaiters());
    }
}
