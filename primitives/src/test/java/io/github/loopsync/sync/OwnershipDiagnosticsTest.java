package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The primitives that know who holds them ({@link AsyncOwnerCheckedLock}, {@link
 * AsyncCapacityLimiter}) and the other later ones ({@link AsyncCountDownLatch}, {@link
 * AsyncWeightedSemaphore}): their non-waiting acquisitions, the owners and waiters they report, and
 * the descriptions of their waiters that deadlock reports print.
 */
class OwnershipDiagnosticsTest extends LoopFixture {

    private final ProbeChecker probes = new ProbeChecker();

    @Override
    protected EventLoopBuilder configure(EventLoopBuilder builder) {
        return builder.listener(probes);
    }

    private static void assertDescribedAs(String expectedStart, LoopFuture<?> waiter) {
        assertTrue(waiter.toString().startsWith(expectedStart), "expected " + expectedStart + "..., got " + waiter);
    }

    /** The owner-checked lock's tryAcquire takes a free lock for the task, refuses a held one, and its state names owner and waiters. */
    @Test
    void ownerCheckedLockTriesAndDescribesItself() {
        AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
        assertEquals("AsyncOwnerCheckedLock[unlocked]", lock.toString());
        LoopFuture<Void> done = loop.createFuture();
        boolean[] took = {false};
        Task<Void> owner = loop.createTask("owner", () -> {
            took[0] = lock.tryAcquire();
            return done.thenRun(lock::release);         // the owner task itself releases
        });
        Task<Boolean> other = loop.createTask("other", () -> loop.completedFuture(lock.tryAcquire()));
        Task<Void> waiting = loop.createTask("waiting", lock::acquire);
        settle();
        assertTrue(took[0], "the free lock was taken");
        assertFalse(other.join(), "a held lock is not taken");
        assertEquals(1, lock.waiters());
        assertEquals("AsyncOwnerCheckedLock[locked by owner, waiters:1]", lock.toString());
        done.complete(null);
        settle();
        assertTrue(owner.isDone() && !owner.isCompletedExceptionally(), owner.toString());
        assertTrue(waiting.isDone());
        assertEquals(0, lock.waiters());
        assertEquals("AsyncOwnerCheckedLock[locked by waiting]", lock.toString());
    }

    /** The limiter's tryAcquire lends to the calling task; its probe names task borrowers only; its waiters name their borrower. */
    @Test
    void limiterTriesForTheTaskAndNamesTaskBorrowers() {
        AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(2);
        assertTrue(limiter.tryAcquireOnBehalfOf("connection-7"));
        Task<Boolean> borrower = loop.createTask("borrower", () -> loop.completedFuture(limiter.tryAcquire()));
        Task<Boolean> refused = loop.createTask("refused", () -> loop.completedFuture(limiter.tryAcquire()));
        settle();
        assertTrue(borrower.join());
        assertFalse(refused.join(), "both tokens are lent");
        assertEquals(List.of("connection-7", borrower), limiter.borrowers());
        LoopFuture<Void> parked = limiter.acquireOnBehalfOf("connection-8");
        assertDescribedAs("acquire for connection-8 of AsyncCapacityLimiter[borrowed:2/2, waiters:1]", parked);
        ProgressProbe probe = probes.probes().get(0);
        assertEquals(List.of(borrower), probe.holders(), "only tasks can appear in a wait-for graph");
        assertEquals(1, probe.parkedWaiters());
        assertFalse(probe.lostWakeup());
        parked.cancel(false);
        limiter.releaseOnBehalfOf("connection-7");
        limiter.releaseOnBehalfOf(borrower);
        settle();
        assertEquals(0, limiter.borrowedTokens());
    }

    /** The latch's and the weighted semaphore's waiters name their operation and the primitive's state. */
    @Test
    void latchAndWeightedWaitersNameTheirOperation() {
        AsyncCountDownLatch latch = new AsyncCountDownLatch(1);
        LoopFuture<Void> latchWait = latch.await();
        assertDescribedAs("await of AsyncCountDownLatch[count:1, waiters:1]", latchWait);
        latch.countDown();
        settle();
        assertTrue(latchWait.isDone());

        AsyncWeightedSemaphore semaphore = new AsyncWeightedSemaphore(2);
        assertTrue(semaphore.tryAcquire(1));
        LoopFuture<Void> weightedWait = semaphore.acquire(2);
        assertDescribedAs("acquire(2) of AsyncWeightedSemaphore[value:1/2, head wants:2, waiters:1]", weightedWait);
        semaphore.release(1);
        settle();
        assertTrue(weightedWait.isDone());
        semaphore.release(2);
    }

    /** A task cannot try for an owner-checked lock it already owns: it would wait for itself. */
    @Test
    void ownerCheckedTryAcquireByTheOwnerIsRefused() {
        AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
        Task<Void> owner = loop.createTask("owner", () -> {
            assertTrue(lock.tryAcquire());
            IllegalStateException refused = assertThrows(IllegalStateException.class, lock::tryAcquire);
            assertTrue(refused.getMessage().contains("already holds it"), refused.getMessage());
            lock.release();
            return loop.done();
        });
        settle();
        owner.join();
        assertFalse(lock.isLocked());
    }
}
