package io.github.loopsync.sync;

import io.github.loopsync.internal.Acquisitions;
import io.github.loopsync.internal.Guarded;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A fair read-write lock for tasks on one event loop: any number of readers together, or one
 * writer alone; a task that cannot enter waits without blocking the loop. asyncio and Trio have
 * no such lock, and kotlinx.coroutines declined one (its issue #94).
 *
 * <p>Example: <pre>{@code
 * AsyncReadWriteLock lock = new AsyncReadWriteLock();
 * CompletionStage<Price> price = lock.withRead(() -> cache.lookup(item));      // readers share
 * CompletionStage<Void> refreshed = lock.withWrite(() ->                      // the writer is alone
 *     supplier.prices().thenAccept(cache::replaceAll));
 * }</pre>
 *
 * <p><b>Fairness.</b> Phase-fair: reads and writes alternate in phases, and neither side starves.
 * A waiting writer stops new readers: once a writer waits, {@link #acquireRead()} waits too, even
 * while other readers hold the lock. When the last reader leaves, the oldest waiting writer enters;
 * when a writer leaves, <em>every</em> reader waiting at that moment enters together, as one batch,
 * before the next writer. So a writer waits for at most one phase of readers, and a reader for at
 * most one writer. Writers among themselves, and readers among themselves, are served first come,
 * first served. Hand-offs are direct, with no barging: the lock counts as held for a waiter it was
 * handed to until that waiter resumes, and a newcomer queues behind it.
 *
 * <p><b>Cancellation.</b> The same rules as {@link AsyncLock}. Cancelling (or timing out) a pending
 * {@code acquireRead()} or {@code acquireWrite()} withdraws the wait at once, in O(1), from any
 * thread; a withdrawn writer that was holding readers back lets them in. If the lock had already
 * been handed to that waiter but the waiter had not resumed yet, the cancellation wins and the
 * grant is given back: a writer's grant passes on as if that writer had released; a reader
 * cancelled out of a batch withdraws only its own share, the rest of the batch keeps reading, and
 * the writer behind the batch enters as soon as the others leave. {@link #withRead} and {@link
 * #withWrite} release when their body succeeds, fails or is cancelled.
 *
 * <p><b>Downgrade.</b> A writer may turn its hold into a read hold with {@link #downgrade()},
 * without letting a writer in between; the readers waiting at that moment join it. There is no
 * upgrade: two readers upgrading at once would wait for each other forever.
 *
 * <p><b>Not re-entrant, no owner.</b> Like {@link AsyncLock}, the lock records no owner: a task
 * that takes the write lock twice, or asks for the write lock while it reads, waits for itself,
 * and any code may release.
 *
 * <p><b>Errors.</b> {@link #releaseRead()} without a read hold, {@link #releaseWrite()} without a
 * write hold, {@link #downgrade()} without the write lock, and a release of a hold that is still
 * being handed to a waiter that has not resumed yet (which would let a second party in) throw
 * {@link IllegalStateException} and change nothing.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The lock binds to the
 * loop of its first use of any kind; from then on, use from another loop or a plain thread throws
 * {@link IllegalStateException} at once. Once that loop has closed, the lock moves to the next loop
 * that uses it if it is idle (free, nobody waiting); otherwise that use throws {@link
 * IllegalStateException}. Only cancelling a returned future is safe from any thread.
 */
public final class AsyncReadWriteLock {

    private final LoopBinding binding = new LoopBinding(this, this::probe, this::idle);
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
    /** The tasks holding the lock, when known, oldest first; for leak and deadlock reports. */
    private final List<Task<?>> holders = new ArrayList<>(2);

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

    /** Creates a free lock, not yet bound to any loop. */
    public AsyncReadWriteLock() {
    }

    /**
     * Takes a read hold: at once if no writer holds the lock or waits for it, otherwise when the
     * lock is handed to the readers.
     *
     * @return a future completing with {@code null} once the caller holds a read hold; cancel it
     *     to stop waiting
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public LoopFuture<Void> acquireRead() {
        EventLoop loop = binding.check("acquireRead");
        if (!writing && waitingWriters.isEmpty()) {
            readers++;
            tookNow(loop.currentTask(), Acquisitions.Unit.READ_HOLD);
            return loop.done();
        }
        ReadWriteWaiter waiter = new ReadWriteWaiter(loop, this, false);
        waitingReaders.add(waiter);
        return waiter;
    }

    /**
     * Takes the write lock: at once if the lock is free, otherwise when it is handed over.
     *
     * @return a future completing with {@code null} once the caller holds the write lock; cancel it
     *     to stop waiting
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public LoopFuture<Void> acquireWrite() {
        EventLoop loop = binding.check("acquireWrite");
        if (!writing && readers == 0) {
            writing = true;
            tookNow(loop.currentTask(), Acquisitions.Unit.WRITE_LOCK);
            return loop.done();
        }
        ReadWriteWaiter waiter = new ReadWriteWaiter(loop, this, true);
        waitingWriters.add(waiter);
        return waiter;
    }

    /**
     * Takes a read hold if {@code acquireRead()} would not wait.
     *
     * @return {@code true} if the caller now holds a read hold
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public boolean tryAcquireRead() {
        EventLoop loop = binding.check("tryAcquireRead");
        if (writing || !waitingWriters.isEmpty()) {
            return false;
        }
        readers++;
        tookNow(loop.currentTask(), Acquisitions.Unit.READ_HOLD);
        return true;
    }

    /**
     * Takes the write lock if it is free, without waiting.
     *
     * @return {@code true} if the caller now holds the write lock
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public boolean tryAcquireWrite() {
        EventLoop loop = binding.check("tryAcquireWrite");
        if (writing || readers > 0) {
            return false;
        }
        writing = true;
        tookNow(loop.currentTask(), Acquisitions.Unit.WRITE_LOCK);
        return true;
    }

    /**
     * Gives a read hold back; the last reader out hands the lock to the oldest waiting writer.
     *
     * @throws IllegalStateException if no read hold is held (or every one is still being handed to
     *     a reader that has not resumed), or if called off a loop thread or from another loop
     */
    public void releaseRead() {
        EventLoop loop = binding.check("releaseRead");
        if (readers == 0) {
            throw new IllegalStateException("releaseRead() of " + this + ": no read hold is held");
        }
        if (readers == readersInTransit) {
            throw new IllegalStateException("releaseRead() of " + this + ": every read hold is being handed to a reader"
                    + " that has not resumed yet; releasing one would let a writer in beside that reader");
        }
        Task<?> task = loop.currentTask();
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.released(task, Acquisitions.Unit.READ_HOLD, 1);
        }
        readerLeft(task);
    }

    /** One read hold ends: the last reader out hands the lock on, preferring a writer. */
    private void readerLeft(Task<?> task) {
        readers--;
        removeHolder(task);
        if (readers == 0) {
            handOff(false);
        }
    }

    /**
     * Gives the write lock back, handing it to every waiting reader at once, or else to the oldest
     * waiting writer.
     *
     * @throws IllegalStateException if the write lock is not held, or is still being handed to a
     *     writer that has not resumed yet; or if called off a loop thread or from another loop
     */
    public void releaseWrite() {
        EventLoop loop = binding.check("releaseWrite");
        checkWriteHeld("releaseWrite");
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.released(loop.currentTask(), Acquisitions.Unit.WRITE_LOCK, 1);
        }
        writerLeft();
    }

    /** The write hold ends: the lock goes to the waiting readers, else to the next writer. */
    private void writerLeft() {
        writing = false;
        holders.clear();
        handOff(true);
    }

    /**
     * Turns the caller's write hold into a read hold without letting any writer in between; the
     * readers waiting at that moment enter with it. Release the result with {@link #releaseRead()}.
     *
     * @throws IllegalStateException if the write lock is not held, or is still being handed to a
     *     writer that has not resumed yet; or if called off a loop thread or from another loop
     */
    public void downgrade() {
        binding.check("downgrade");
        checkWriteHeld("downgrade");
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.converted(Acquisitions.Unit.WRITE_LOCK, Acquisitions.Unit.READ_HOLD);
        }
        writing = false;
        readers = 1;                                    // the holder stays in holders, now as a reader
        admitWaitingReaders();
    }

    private void checkWriteHeld(String operation) {
        if (!writing) {
            throw new IllegalStateException(operation + "() of " + this + ": the write lock is not held");
        }
        if (writerInTransit != null) {
            throw new IllegalStateException(operation + "() of " + this + ": the write lock was already released and"
                    + " is being handed to a writer that has not resumed yet");
        }
    }

    /**
     * Runs {@code body} holding a read hold, and releases it when the body's stage completes, fails
     * or is cancelled.
     *
     * @param body the guarded read
     * @param <T> the body's value type
     * @return the body's outcome; cancelling it while the hold is awaited withdraws the wait
     * @throws NullPointerException if {@code body} is null (nothing is taken)
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public <T> LoopFuture<T> withRead(Supplier<? extends CompletionStage<T>> body) {
        EventLoop loop = binding.check("withRead");
        Objects.requireNonNull(body, "body");
        return Guarded.run(loop, acquireRead(), this::releaseRead, body);
    }

    /**
     * Runs {@code body} holding the write lock, and releases it when the body's stage completes,
     * fails or is cancelled.
     *
     * @param body the guarded write
     * @param <T> the body's value type
     * @return the body's outcome; cancelling it while the lock is awaited withdraws the wait
     * @throws NullPointerException if {@code body} is null (nothing is taken)
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public <T> LoopFuture<T> withWrite(Supplier<? extends CompletionStage<T>> body) {
        EventLoop loop = binding.check("withWrite");
        Objects.requireNonNull(body, "body");
        return Guarded.run(loop, acquireWrite(), this::releaseWrite, body);
    }

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

    /** A hold taken at once: recorded as a holder, and in debug mode with its call site. */
    private void tookNow(Task<?> task, Acquisitions.Unit unit) {
        addHolder(task);
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.acquiredNow(task, unit, 1, task);
        }
    }

    private void granted(ReadWriteWaiter waiter, Acquisitions.Unit unit) {
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.granted(waiter, unit, 1, waiter.task());
        }
    }

    private void grantReturned(ReadWriteWaiter waiter) {
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.grantReturned(waiter);
        }
    }

    private void addHolder(Task<?> task) {
        if (task != null) {
            holders.add(task);
        }
    }

    /** Removes {@code task}'s hold if it has one, else the oldest known hold (the lock is ownerless). */
    private void removeHolder(Task<?> task) {
        if (!holders.remove(task) && holders.size() > readers) {
            holders.remove(0);
        }
    }

    /**
     * True while a writer holds the lock, including one it is being handed to that has not resumed.
     *
     * @return whether the lock is write-locked
     */
    public boolean isWriteLocked() {
        return writing;
    }

    /**
     * The number of read holds, including those handed to readers that have not resumed yet.
     *
     * @return the count
     */
    public int readers() {
        return readers;
    }

    /**
     * The number of tasks parked in {@code acquireRead()}.
     *
     * @return the count
     */
    public int waitingReaders() {
        return waitingReaders.size();
    }

    /**
     * The number of tasks parked in {@code acquireWrite()}.
     *
     * @return the count
     */
    public int waitingWriters() {
        return waitingWriters.size();
    }

    /**
     * State and waiters, in the style of asyncio's repr.
     *
     * @return for example {@code AsyncReadWriteLock[unlocked]}, {@code AsyncReadWriteLock[reading:2,
     *     waiters:1]} or {@code AsyncReadWriteLock[writing, waiters:3]}
     */
    @Override
    public String toString() {
        String state = writing ? "writing" : readers > 0 ? "reading:" + readers : "unlocked";
        return Probes.describe("AsyncReadWriteLock", state, waitingReaders.size() + waitingWriters.size());
    }

    /** Free and nobody waiting: nothing ties the lock to its loop. */
    private boolean idle() {
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

    private ProgressProbe probe() {
        return Probes.of(this, () -> waitingReaders.size() + waitingWriters.size(), this::lostWakeup,
                () -> List.copyOf(holders), () -> Probes.tasks(waitingWriters, waitingReaders));
    }
}
