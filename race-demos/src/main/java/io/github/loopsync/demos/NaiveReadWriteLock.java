package io.github.loopsync.demos;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import java.util.ArrayDeque;

/**
 * The read-write lock most people write first: readers may enter whenever no writer holds the
 * lock. Kept here to show how it starves writers; use {@link io.github.loopsync.sync.AsyncReadWriteLock}.
 */
final class NaiveReadWriteLock {

    // @start region=racy
    private final ArrayDeque<LoopFuture<Void>> waitingReaders = new ArrayDeque<>();
    private final ArrayDeque<LoopFuture<Void>> waitingWriters = new ArrayDeque<>();
    private int readers;
    private boolean writing;

    LoopFuture<Void> acquireRead() {
        EventLoop loop = EventLoop.current();
        if (!writing) {                      // BUG: a writer that is waiting does not count
            readers++;
            return loop.done();
        }
        LoopFuture<Void> reader = loop.createFuture();
        waitingReaders.add(reader);
        return reader;
    }

    LoopFuture<Void> acquireWrite() {
        EventLoop loop = EventLoop.current();
        if (!writing && readers == 0) {      // waits for a moment with no reader at all
            writing = true;
            return loop.done();
        }
        LoopFuture<Void> writer = loop.createFuture();
        waitingWriters.add(writer);
        return writer;
    }
    // @end region=racy

    void releaseRead() {
        if (--readers == 0 && !waitingWriters.isEmpty()) {
            writing = true;
            waitingWriters.poll().complete(null);
        }
    }

    void releaseWrite() {
        writing = false;
        while (!waitingReaders.isEmpty()) {
            readers++;
            waitingReaders.poll().complete(null);
        }
        if (readers == 0 && !waitingWriters.isEmpty()) {
            writing = true;
            waitingWriters.poll().complete(null);
        }
    }
}
