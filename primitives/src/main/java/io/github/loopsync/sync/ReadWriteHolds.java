package io.github.loopsync.sync;

import io.github.loopsync.internal.Acquisitions;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one {@link AsyncReadWriteLock}: its read holds, its write hold, its two wait queues
 * and the phase-fair hand-off rules between them, with debug mode's record of who holds what. The
 * lock checks the caller and the preconditions, then calls in here. Loop-confined.
 */
final class ReadWriteHolds {

    private final AsyncReadWriteLock lock;
    /** Parked readers, oldest first. Invariant: non-empty only while writing or a writer waits. */
    private final WaitQueue<ReadWriteWaiter> waitingReaders = new WaitQueue<>();
    /** Parked writers, oldest first. Invariant: non-empty only while the lock is held. */
    private final WaitQueue<ReadWriteWaiter> waitingWriters = new WaitQueue<>();
    /** Read holds, including those handed to readers that have not resumed. Zero while writing. */
    private int readers;
    /** The read holds handed to readers that have not resumed yet; at most {@code readers}. */
    private int readersInTransit;
    /** True while a writer holds the lock, including one it was handed to and that has not resumed. */
    private boolean writing;
    /** The writer the lock was handed to and that has not resumed yet, or null. */
    private ReadWriteWaiter writerInTransit;
    /**
     * The tasks holding the lock, when known, oldest first, for leak and deadlock reports: {@code
     * firstHolder} (if not null) and then {@code laterHolders}. The oldest has a field of its own
     * so that a task that takes and gives back a hold with nobody else holding (the common case)
     * touches no list: with an {@code ArrayList} alone, that bookkeeping was 6 of the 10.5 ns of a
     * read-mostly acquire and release (ReadMostlyBenchmark). Kept only when the loop reads the
     * probe (a listener or debug mode; {@link LoopBinding#recordsHolders}): on a plain loop both
     * stay empty, and no young task is stored into the long-lived record.
     */
    private Task<?> firstHolder;
    private final List<Task<?>> laterHolders = new ArrayList<>(2);

    /*
     * Implementation notes. Two FIFO queues, one per side. A release hands the lock over before it
     * would ever be free: the last reader out grants the oldest live writer (or, if none is left,
     * the readers); a writer out grants every parked reader as one batch (or, if none, the next
     * writer). So "free and someone parked" and "readers parked while no writer holds or waits"
     * are never observable between steps: together they are the progress predicate the harness
     * checks. A grant revoked by a late cancellation re-runs the same hand-off, as if its waiter
     * had released; a parked writer withdrawn re-checks whether it was the last one holding
     * readers back.
     */

    ReadWriteHolds(AsyncReadWriteLock lock) {
        this.lock = lock;
    }

    // ---------------------------------------------------------------- queries

    /** No writer holds the lock or waits for it: a reader enters at once. */
    boolean readerMayEnter() {
        return !writing && waitingWriters.isEmpty();
    }

    /** Nobody holds the lock: a writer enters at once. */
    boolean isFree() {
        return !writing && readers == 0;
    }

    boolean isWriting() {
        return writing;
    }

    boolean writerInTransit() {
        return writerInTransit != null;
    }

    int readers() {
        return readers;
    }

    /** Every read hold is still being handed to a reader that has not resumed. */
    boolean everyReadHoldInTransit() {
        return readers == readersInTransit;
    }

    int waitingReaders() {
        return waitingReaders.size();
    }

    int waitingWriters() {
        return waitingWriters.size();
    }

    // ---------------------------------------------------------------- taking and parking

    void readNow(EventLoop loop) {
        readers++;
        tookNow(holdingTask(loop), Acquisitions.Unit.READ_HOLD);
    }

    void writeNow(EventLoop loop) {
        writing = true;
        tookNow(holdingTask(loop), Acquisitions.Unit.WRITE_LOCK);
    }

    LoopFuture<Void> parkReader(EventLoop loop) {
        ReadWriteWaiter waiter = new ReadWriteWaiter(loop, lock, this, false);
        waitingReaders.add(waiter);
        return waiter;
    }

    LoopFuture<Void> parkWriter(EventLoop loop) {
        ReadWriteWaiter waiter = new ReadWriteWaiter(loop, lock, this, true);
        waitingWriters.add(waiter);
        return waiter;
    }

    // ---------------------------------------------------------------- releasing

    void releaseRead(EventLoop loop) {
        Task<?> task = holdingTask(loop);
        Acquisitions debug = lock.binding().acquisitions();
        if (debug != null) {
            debug.released(task, Acquisitions.Unit.READ_HOLD, 1);
        }
        readerLeft(task);
    }

    void releaseWrite(EventLoop loop) {
        Task<?> task = holdingTask(loop);
        Acquisitions debug = lock.binding().acquisitions();
        if (debug != null) {
            debug.released(task, Acquisitions.Unit.WRITE_LOCK, 1);
        }
        writerLeft();
    }

    /** The write hold becomes one read hold; the readers waiting now join it. */
    void downgrade() {
        Acquisitions debug = lock.binding().acquisitions();
        if (debug != null) {
            debug.converted(Acquisitions.Unit.WRITE_LOCK, Acquisitions.Unit.READ_HOLD);
        }
        writing = false;
        readers = 1;                                    // the holder stays listed, now as a reader
        admitWaitingReaders();
    }

    /** One read hold ends: the last reader out hands the lock on, preferring a writer. */
    private void readerLeft(Task<?> task) {
        readers--;
        removeHolder(task);
        if (readers == 0) {
            handOff(false);
        }
    }

    /** The write hold ends: the lock goes to the waiting readers, else to the next writer. */
    private void writerLeft() {
        writing = false;
        firstHolder = null;
        laterHolders.clear();
        handOff(true);
    }

    // ---------------------------------------------------------------- hand-offs

    /**
     * Hands a lock that nobody holds any more to its waiters: to every parked reader, or to the
     * oldest live writer, trying the preferred side first.
     */
    private void handOff(boolean readersFirst) {
        assert !writing && readers == 0;
        if (readersFirst && admitWaitingReaders() > 0) {
            return;
        }
        ReadWriteWaiter writer = waitingWriters.grantFirst(null);
        if (writer != null) {
            writing = true;
            writerInTransit = writer;
            addHolder(writer.task());
            granted(writer, Acquisitions.Unit.WRITE_LOCK);
            return;
        }
        admitWaitingReaders();
    }

    /** Grants a read hold to every live parked reader, as one batch; returns how many took it. */
    private int admitWaitingReaders() {
        assert !writing;
        int admitted = 0;
        ReadWriteWaiter reader;
        while ((reader = waitingReaders.grantFirst(null)) != null) {
            readers++;
            readersInTransit++;
            reader.inTransit = true;
            addHolder(reader.task());
            granted(reader, Acquisitions.Unit.READ_HOLD);
            admitted++;
        }
        return admitted;
    }

    /** A parked writer left: if it was the last one holding readers back, they enter now. */
    void writerWithdrawn() {
        assert writing || readers > 0 : "a writer was parked on a free lock";
        if (!writing && waitingWriters.isEmpty()) {
            admitWaitingReaders();
        }
    }

    /** A writer's grant came back: the lock passes on as if that writer had released it. */
    void writerGrantReturned(ReadWriteWaiter writer) {
        assert writing;
        grantReturned(writer);
        if (writerInTransit == writer) {
            writerInTransit = null;
        }
        writerLeft();
    }

    /** A batch reader's grant came back: only its share is withdrawn. */
    void readerGrantReturned(ReadWriteWaiter reader) {
        assert readers > 0;
        grantReturned(reader);
        if (reader.inTransit) {
            reader.inTransit = false;
            readersInTransit--;
        }
        readerLeft(reader.task());
    }

    /**
     * A waiter resumes: if it resumes holding what it was granted, its hand-off is over. A waiter
     * that resumes cancelled gives its grant back through {@link ReadWriteWaiter#grantReturned}.
     */
    void delivered(ReadWriteWaiter waiter) {
        if (waiter.isCompletedExceptionally()) {
            return;
        }
        if (writerInTransit == waiter) {
            writerInTransit = null;
        } else if (waiter.inTransit) {
            waiter.inTransit = false;
            readersInTransit--;
        }
    }

    // ---------------------------------------------------------------- holders and debug mode

    /** A hold taken at once: recorded as a holder, and in debug mode with its call site. */
    private void tookNow(Task<?> task, Acquisitions.Unit unit) {
        addHolder(task);
        Acquisitions debug = lock.binding().acquisitions();
        if (debug != null) {
            debug.acquiredNow(task, unit, 1, task);
        }
    }

    private void granted(ReadWriteWaiter waiter, Acquisitions.Unit unit) {
        Acquisitions debug = lock.binding().acquisitions();
        if (debug != null) {
            debug.granted(waiter, unit, 1, waiter.task());
        }
    }

    private void grantReturned(ReadWriteWaiter waiter) {
        Acquisitions debug = lock.binding().acquisitions();
        if (debug != null) {
            debug.grantReturned(waiter);
        }
    }

    /**
     * The running task, as the one taking or giving back a hold, or {@code null} on a loop that
     * reads no holder record: then nothing is recorded, and the lookup is skipped as {@link
     * AsyncLock}'s is.
     */
    private Task<?> holdingTask(EventLoop loop) {
        return lock.binding().recordsHolders() ? loop.currentTask() : null;
    }

    private void addHolder(Task<?> task) {
        if (task == null || !lock.binding().recordsHolders()) {
            return;                                     // unknown, or nobody reads the record
        }
        if (firstHolder == null && laterHolders.isEmpty()) {
            firstHolder = task;
        } else {
            laterHolders.add(task);
        }
    }

    /** Removes {@code task}'s oldest hold if it has one, else the oldest known hold (the lock is ownerless). */
    private void removeHolder(Task<?> task) {
        if (!lock.binding().recordsHolders()) {
            return;
        }
        if (task != null && firstHolder == task) {
            firstHolder = null;
            return;
        }
        if (laterHolders.remove(task) || knownHolds() <= readers) {
            return;
        }
        if (firstHolder != null) {
            firstHolder = null;
        } else {
            laterHolders.remove(0);
        }
    }

    /** How many holds have a known holder. */
    private int knownHolds() {
        return (firstHolder != null ? 1 : 0) + laterHolders.size();
    }

    /** The holders, oldest first. */
    private List<Task<?>> holders() {
        List<Task<?>> all = new ArrayList<>(knownHolds());
        if (firstHolder != null) {
            all.add(firstHolder);
        }
        all.addAll(laterHolders);
        return List.copyOf(all);
    }

    // ---------------------------------------------------------------- binding and probe

    /** Free and nobody waiting: nothing ties the lock to its loop. */
    boolean idle() {
        return !writing && readers == 0 && waitingReaders.isEmpty() && waitingWriters.isEmpty();
    }

    /** Free with someone parked, or readers parked while no writer holds or waits. */
    private boolean lostWakeup() {
        if (writing) {
            return false;
        }
        boolean anyoneParked = !waitingReaders.isEmpty() || !waitingWriters.isEmpty();
        return readers == 0 && anyoneParked || waitingWriters.isEmpty() && !waitingReaders.isEmpty();
    }

    ProgressProbe probe() {
        return Probes.of(lock, () -> waitingReaders.size() + waitingWriters.size(), this::lostWakeup,
                this::holders, () -> Probes.tasks(waitingWriters, waitingReaders));
    }
}
