package io.github.loopsync.sync;

import io.github.loopsync.internal.Guarded;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
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

    /** The holds, the waiters and the hand-off rules between them. */
    private final ReadWriteHolds holds = new ReadWriteHolds(this);
    private final LoopBinding binding = new LoopBinding(this, holds::probe, holds::idle);

    /*
     * Implementation notes. This class checks the caller and the preconditions; the state and the
     * hand-offs live in ReadWriteHolds, whose notes describe the algorithm.
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
        if (holds.readerMayEnter()) {
            holds.readNow(loop);
            return loop.done();
        }
        return holds.parkReader(loop);
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
        if (holds.isFree()) {
            holds.writeNow(loop);
            return loop.done();
        }
        return holds.parkWriter(loop);
    }

    /**
     * Takes a read hold if {@code acquireRead()} would not wait.
     *
     * @return {@code true} if the caller now holds a read hold
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public boolean tryAcquireRead() {
        EventLoop loop = binding.check("tryAcquireRead");
        if (!holds.readerMayEnter()) {
            return false;
        }
        holds.readNow(loop);
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
        if (!holds.isFree()) {
            return false;
        }
        holds.writeNow(loop);
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
        if (holds.readers() == 0) {
            throw new IllegalStateException("releaseRead() of " + this + ": no read hold is held");
        }
        if (holds.everyReadHoldInTransit()) {
            throw new IllegalStateException("releaseRead() of " + this + ": every read hold is being handed to a reader"
                    + " that has not resumed yet; releasing one would let a writer in beside that reader");
        }
        holds.releaseRead(loop);
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
        holds.releaseWrite(loop);
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
        holds.downgrade();
    }

    private void checkWriteHeld(String operation) {
        if (!holds.isWriting()) {
            throw new IllegalStateException(operation + "() of " + this + ": the write lock is not held");
        }
        if (holds.writerInTransit()) {
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

    /** The binding, whose debug-mode record the holds update. */
    LoopBinding binding() {
        return binding;
    }

    /**
     * True while a writer holds the lock, including one it is being handed to that has not resumed.
     *
     * @return whether the lock is write-locked
     */
    public boolean isWriteLocked() {
        return holds.isWriting();
    }

    /**
     * The number of read holds, including those handed to readers that have not resumed yet.
     *
     * @return the count
     */
    public int readers() {
        return holds.readers();
    }

    /**
     * The number of tasks parked in {@code acquireRead()}.
     *
     * @return the count
     */
    public int waitingReaders() {
        return holds.waitingReaders();
    }

    /**
     * The number of tasks parked in {@code acquireWrite()}.
     *
     * @return the count
     */
    public int waitingWriters() {
        return holds.waitingWriters();
    }

    /**
     * State and waiters, in the style of asyncio's repr.
     *
     * @return for example {@code AsyncReadWriteLock[unlocked]}, {@code AsyncReadWriteLock[reading:2,
     *     waiters:1]} or {@code AsyncReadWriteLock[writing, waiters:3]}
     */
    @Override
    public String toString() {
        int readers = holds.readers();
        String state = holds.isWriting() ? "writing" : readers > 0 ? "reading:" + readers : "unlocked";
        return Probes.describe("AsyncReadWriteLock", state, holds.waitingReaders() + holds.waitingWriters());
    }
}
