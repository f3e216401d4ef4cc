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
 * What {@link AsyncReadWriteLock} tells the harness and a person about a stuck program: the tasks
 * holding it through every way in and out (fast paths, hand-off to a writer, a batch of readers,
 * release, downgrade), the tasks parked on it, how many, and its waiters' descriptions; and the
 * count of read holds still in transit after a batch reader gives its grant back.
 */
class ReadWriteLockProbeTest extends LoopFixture {

    private final ProbeChecker probes = new ProbeChecker();
    private final AsyncReadWriteLock lock = new AsyncReadWriteLock();

    @Override
    protected EventLoopBuilder configure(EventLoopBuilder builder) {
        return builder.listener(probes);
    }

    /** A task that takes a read hold (waiting if it must), holds it until {@code done} completes, then releases it. */
    private Task<Void> reader(LoopFuture<Void> done) {
        return loop.createTask(() -> lock.acquireRead().thenCompose(v -> done).thenRun(lock::releaseRead));
    }

    /** A task that takes a read hold at once, holds it until {@code done} completes, then releases it. */
    private Task<Void> fastReader(LoopFuture<Void> done) {
        return loop.createTask(() -> {
            assertTrue(lock.tryAcquireRead());
            return done.thenRun(lock::releaseRead);
        });
    }

    /** A task that takes the write lock (waiting if it must), holds it until {@code done} completes, then releases it. */
    private Task<Void> writer(LoopFuture<Void> done) {
        return loop.createTask(() -> lock.acquireWrite().thenCompose(v -> done).thenRun(lock::releaseWrite));
    }

    /** The holders are named through the fast paths, the hand-off to a writer and the batch of readers after it. */
    @Test
    void probeNamesHoldersThroughEveryHandOff() {
        LoopFuture<Void> firstDone = loop.createFuture();
        LoopFuture<Void> secondDone = loop.createFuture();
        LoopFuture<Void> writerDone = loop.createFuture();
        LoopFuture<Void> lateDone = loop.createFuture();
        Task<Void> first = reader(firstDone);
        Task<Void> second = fastReader(secondDone);
        Task<Void> writing = writer(writerDone);
        Task<Void> late = reader(lateDone);
        settle();
        ProgressProbe probe = probes.probes().get(0);
        assertEquals(lock.toString(), probe.describe());
        assertEquals(List.of(first, second), probe.holders());
        assertEquals(List.of(writing, late), probe.waitingTasks(), "writers first, then readers");
        assertEquals(2, probe.parkedWaiters());
        assertFalse(probe.lostWakeup(), "readers inside, a writer and a reader parked behind them: all as it should be");

        firstDone.complete(null);
        settle();
        assertEquals(List.of(second), probe.holders());
        secondDone.complete(null);
        loop.runOnce();
        assertEquals(List.of(writing), probe.holders(), "handed to the writer, which has not resumed yet");
        assertEquals(List.of(late), probe.waitingTasks());
        settle();
        writerDone.complete(null);
        settle();
        assertEquals(List.of(late), probe.holders(), "the writer's release left it out and let the reader in");
        assertEquals(0, probe.parkedWaiters());
        lateDone.complete(null);
        settle();
        assertEquals(List.of(), probe.holders());
        assertFalse(probe.lostWakeup());
    }

    /** A writer's fast paths name it; a downgrade keeps it as the reader; a hold released by another task names nobody. */
    @Test
    void probeNamesFastWritersAndForgetsHoldsReleasedByOthers() {
        LoopFuture<Void> gate = loop.createFuture();
        Task<Void> fast = writer(gate);
        settle();
        ProgressProbe probe = probes.probes().get(0);
        assertEquals(List.of(fast), probe.holders());
        gate.complete(null);
        settle();
        assertEquals(List.of(), probe.holders());

        Task<Boolean> tried = loop.createTask(() -> {
            boolean took = lock.tryAcquireWrite();
            lock.downgrade();
            return loop.completedFuture(took);
        });
        settle();
        assertTrue(tried.join());
        assertEquals(List.of(tried), probe.holders(), "the downgraded writer holds a read hold");
        Task<Void> other = loop.createTask(() -> {
            lock.releaseRead();                         // the lock has no owners: another task may release
            return loop.done();
        });
        settle();
        assertTrue(other.isDone() && !other.isCompletedExceptionally(), other.toString());
        assertEquals(List.of(), probe.holders(), "the only read hold is gone, so is its holder");
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /**
     * The holders stay oldest first whichever of them leaves, whoever joins after, and when a task
     * that holds nothing releases (the oldest hold goes); a task holding twice is named twice.
     */
    @Test
    void probeKeepsHoldersOldestFirstAsTheyComeAndGo() {
        LoopFuture<Void> aDone = loop.createFuture();
        LoopFuture<Void> bDone = loop.createFuture();
        LoopFuture<Void> cDone = loop.createFuture();
        LoopFuture<Void> dDone = loop.createFuture();
        Task<Void> a = fastReader(aDone);
        Task<Void> b = fastReader(bDone);
        Task<Void> c = fastReader(cDone);
        settle();
        ProgressProbe probe = probes.probes().get(0);
        assertEquals(List.of(a, b, c), probe.holders());

        aDone.complete(null);
        settle();
        assertEquals(List.of(b, c), probe.holders(), "the oldest left");
        Task<Void> d = fastReader(dDone);
        settle();
        assertEquals(List.of(b, c, d), probe.holders(), "a newcomer goes last");
        cDone.complete(null);
        settle();
        assertEquals(List.of(b, d), probe.holders(), "one in the middle left");
        loop.createTask(() -> {
            lock.releaseRead();                         // holds nothing: the oldest hold goes
            return loop.done();
        });
        settle();
        assertEquals(List.of(d), probe.holders());
        dDone.complete(null);
        settle();
        assertEquals(List.of(), probe.holders());
        assertEquals(0, lock.readers(), "the release by a task holding nothing took b's place");
        b.cancel();                                     // b would release a hold it no longer has
        settle();

        LoopFuture<Void> twiceDone = loop.createFuture();
        LoopFuture<Void> eDone = loop.createFuture();
        Task<Void> twice = loop.createTask(() -> {
            assertTrue(lock.tryAcquireRead());
            assertTrue(lock.tryAcquireRead());
            return twiceDone.thenRun(lock::releaseRead);
        });
        Task<Void> e = fastReader(eDone);
        settle();
        assertEquals(List.of(twice, twice, e), probe.holders());
        twiceDone.complete(null);
        settle();
        assertEquals(List.of(twice, e), probe.holders());
        eDone.complete(null);
        settle();
        assertEquals(List.of(twice), probe.holders());
        loop.createTask(() -> {
            lock.releaseRead();
            return loop.done();
        });
        settle();
        assertEquals(List.of(), probe.holders());

        LoopFuture<Void> fDone = loop.createFuture();
        Task<Void> f = fastReader(fDone);
        Task<Void> g = fastReader(loop.createFuture());
        settle();
        fDone.complete(null);
        settle();
        assertEquals(List.of(g), probe.holders());
        loop.callSoon(lock::releaseRead);               // outside any task: the oldest hold goes
        settle();
        assertEquals(List.of(), probe.holders());
        assertTrue(f.isDone());
        g.cancel();
        settle();
    }

    /** Each waiting operation's future names the operation and the lock's state. */
    @Test
    void waitersNameTheirOperation() {
        assertTrue(lock.tryAcquireRead());
        LoopFuture<Void> writerWait = lock.acquireWrite();
        LoopFuture<Void> readerWait = lock.acquireRead();
        assertTrue(writerWait.toString().startsWith("acquireWrite of AsyncReadWriteLock[reading:1, waiters:2]"),
                writerWait.toString());
        assertTrue(readerWait.toString().startsWith("acquireRead of AsyncReadWriteLock[reading:1, waiters:2]"),
                readerWait.toString());
        writerWait.cancel(false);
        readerWait.cancel(false);
        settle();
        lock.releaseRead();
    }

    /**
     * A batch reader cancelled after the grant gives back its share and its place in transit: the
     * hold its batch partner keeps, plus one more taken at once, can then be released normally.
     */
    @Test
    void batchReaderCancelledAfterTheGrantLeavesNoHoldInTransit() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> keep = loop.createFuture();
        Task<Void> cancelled = reader(loop.createFuture());
        Task<Void> partner = reader(keep);
        settle();
        lock.releaseWrite();                            // both readers granted, neither resumed
        assertEquals(2, lock.readers());
        cancelled.cancel();
        settle();
        assertTrue(cancelled.isCancelled());
        assertEquals(1, lock.readers(), "the partner's hold only");
        assertTrue(lock.tryAcquireRead());
        lock.releaseRead();                             // refused if a hold were still counted in transit
        keep.complete(null);
        settle();
        assertTrue(partner.isDone() && !partner.isCompletedExceptionally(), partner.toString());
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }
}
