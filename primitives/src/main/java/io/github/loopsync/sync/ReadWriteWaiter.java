package io.github.loopsync.sync;

import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;

/**
 * A task waiting in {@link AsyncReadWriteLock#acquireRead()} or {@link
 * AsyncReadWriteLock#acquireWrite()}. It reports back to its lock's holds when it leaves the queue on its
 * own, when a grant it was given comes back, and when it resumes holding the lock.
 */
final class ReadWriteWaiter extends Waiter<Void> {

    private final AsyncReadWriteLock lock;
    private final ReadWriteHolds holds;
    /** True for a writer, false for a reader. */
    final boolean writer;
    /** For a reader: granted a read hold and not resumed yet (the lock counts it in transit). */
    boolean inTransit;

    ReadWriteWaiter(EventLoop loop, AsyncReadWriteLock lock, ReadWriteHolds holds, boolean writer) {
        super(loop);
        this.lock = lock;
        this.holds = holds;
        this.writer = writer;
    }

    /** A parked writer cancelled or timed out may have been the last one holding readers back. */
    @Override
    protected void withdrawn() {
        if (writer) {
            holds.writerWithdrawn();
        }
    }

    @Override
    protected void grantReturned(Void granted) {
        if (writer) {
            holds.writerGrantReturned(this);
        } else {
            holds.readerGrantReturned(this);
        }
    }

    @Override
    protected void onDelivery() {
        holds.delivered(this);
    }

    @Override
    public String toString() {
        return (writer ? "acquireWrite of " : "acquireRead of ") + lock + " " + super.toString();
    }
}
