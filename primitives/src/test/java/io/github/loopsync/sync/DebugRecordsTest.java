package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.internal.Acquisitions;
import io.github.loopsync.loop.EventLoopBuilder;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import io.github.loopsync.testing.LoopFixture;
import io.github.loopsync.testing.ProbeChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In debug mode each primitive keeps a record of what it lent, read at the loop's close: the
 * record follows every way a grant is made (a try, a hand-off on release, a condition waiter
 * taking back a free lock, a batch of readers) and every way one comes back (a granted waiter
 * cancelled before it resumed), and a latch stops watching its waiters once it opens.
 */
class DebugRecordsTest extends LoopFixture {

    private final ProbeChecker probes = new ProbeChecker();

    @Override
    protected EventLoopBuilder configure(EventLoopBuilder builder) {
        return builder.debug(true).listener(probes);
    }

    /** The record of the primitive whose description starts with {@code name}. */
    private Acquisitions recordOf(String name) {
        for (ProgressProbe probe : probes.probes()) {
            if (probe instanceof Acquisitions && probe.describe().startsWith(name)) {
                return (Acquisitions) probe;
            }
        }
        throw new AssertionError("no debug record for " + name + " among " + probes.probes());
    }

    private static List<String> stillHeld(Acquisitions record) {
        return record.stillHeld().stream().map(Acquisitions.Held::describe).toList();
    }

    /** A lock taken by tryAcquire is recorded with its task. */
    @Test
    void lockRecordsTries() {
        AsyncLock lock = new AsyncLock();
        loop.createTask("trier", () -> {
            assertTrue(lock.tryAcquire());
            return loop.done();
        });
        settle();
        assertEquals(List.of("acquired by task trier"), stillHeld(recordOf("AsyncLock")));
        lock.release();
    }

    /** A free lock taken back by a cancelled condition wait is recorded for the waiting task. */
    @Test
    void lockRecordsAConditionWaitTakingItBack() {
        AsyncCondition condition = new AsyncCondition();
        Task<Void> waiting = loop.createTask("waiting", () -> condition.acquire().thenCompose(v -> condition.await()));
        settle();
        assertFalse(condition.isLocked(), "the wait released the lock");
        waiting.cancel();
        settle();
        assertTrue(waiting.isCancelled() && condition.isLocked(), "the cancelled wait took the free lock back");
        assertEquals(List.of("acquired by task waiting"), stillHeld(recordOf("AsyncLock")));
        condition.release();
    }

    /** A permit handed to a parked task on release is recorded for that task. */
    @Test
    void semaphoreRecordsTheHandOff() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        LoopFuture<Void> done = loop.createFuture();
        loop.createTask("first", () -> semaphore.acquire().thenCompose(v -> done).thenRun(semaphore::release));
        loop.createTask("second", semaphore::acquire);
        settle();
        done.complete(null);
        settle();
        assertEquals(List.of("acquired by task second"), stillHeld(recordOf("AsyncSemaphore")));
        semaphore.release();
    }

    /** Read holds granted as a batch are recorded per reader; a reader or writer cancelled after its grant leaves the record. */
    @Test
    void readWriteLockRecordsBatchesAndReturnedGrants() {
        AsyncReadWriteLock lock = new AsyncReadWriteLock();
        assertTrue(lock.tryAcquireWrite());
        Task<Void> kept = loop.createTask("kept", lock::acquireRead);
        Task<Void> cancelledReader = loop.createTask("cancelledReader", lock::acquireRead);
        settle();
        lock.releaseWrite();
        cancelledReader.cancel();                       // granted with the batch, not resumed yet
        settle();
        assertTrue(kept.isDone() && cancelledReader.isCancelled());
        Acquisitions record = recordOf("AsyncReadWriteLock");
        assertEquals(List.of("a read hold acquired by task kept"), stillHeld(record));

        Task<Void> cancelledWriter = loop.createTask("cancelledWriter", lock::acquireWrite);
        Task<Void> lateReader = loop.createTask("lateReader", lock::acquireRead);
        settle();
        lock.releaseRead();                             // kept's hold, released for it: the writer is granted
        cancelledWriter.cancel();
        settle();
        assertTrue(cancelledWriter.isCancelled() && lateReader.isDone());
        assertEquals(List.of("a read hold acquired by task lateReader"), stillHeld(record));
        lock.releaseRead();
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** A latch that opens stops watching its waiters at once, before they resume; its probe sees no lost wake-up either side. */
    @Test
    void latchStopsWatchingWhenItOpens() {
        AsyncCountDownLatch latch = new AsyncCountDownLatch(1);
        LoopFuture<Void> waiter = latch.await();
        Acquisitions record = recordOf("AsyncCountDownLatch");
        assertEquals(List.of(waiter), record.stillParked());
        assertFalse(record.lostWakeup(), "closed with a waiter parked");
        latch.countDown();
        assertFalse(waiter.isDone(), "released, not resumed yet");
        assertEquals(List.of(), record.stillParked());
        settle();
        assertTrue(waiter.isDone());
        assertFalse(record.lostWakeup(), "open with nobody parked");
    }

    /** A lock or a permit handed to a waiter cancelled before it resumed leaves the record with that waiter and goes to the next one. */
    @Test
    void grantsReturnedByCancelledWaitersLeaveTheRecord() {
        AsyncLock lock = new AsyncLock();
        assertTrue(lock.tryAcquire());
        Task<Void> cancelled = loop.createTask("cancelled", lock::acquire);
        Task<Void> next = loop.createTask("next", lock::acquire);
        settle();
        lock.release();                                 // granted to "cancelled", which has not resumed
        cancelled.cancel();
        settle();
        assertTrue(cancelled.isCancelled() && next.isDone());
        assertEquals(List.of("acquired by task next"), stillHeld(recordOf("AsyncLock")));
        lock.release();

        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        assertTrue(semaphore.tryAcquire());
        Task<Void> cancelledToo = loop.createTask("cancelledToo", semaphore::acquire);
        Task<Void> third = loop.createTask("third", semaphore::acquire);
        settle();
        semaphore.release();                            // the permit goes to "cancelledToo", which has not resumed
        cancelledToo.cancel();
        settle();
        assertTrue(cancelledToo.isCancelled() && third.isDone());
        assertEquals(List.of("acquired by task third"), stillHeld(recordOf("AsyncSemaphore")));
        semaphore.release();
    }
}
