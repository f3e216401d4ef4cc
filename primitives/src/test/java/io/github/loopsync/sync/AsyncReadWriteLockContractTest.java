package io.github.loopsync.sync;

import io.github.loopsync.loop.LoopFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;

/** The lock-like contract (mutual exclusion, FIFO hand-off, every waiter state) over the write side of {@link AsyncReadWriteLock}. */
class AsyncReadWriteLockContractTest {

    /** The write side is a lock: the lock-like contract over acquireWrite/releaseWrite. */
    @Nested
    class WriteSide extends LockLikeContract {
        @Override
        LockLike create() {
            AsyncReadWriteLock rw = new AsyncReadWriteLock();
            return new LockLike() {
                public LoopFuture<Void> acquire() {
                    return rw.acquireWrite();
                }

                public boolean tryAcquire() {
                    return rw.tryAcquireWrite();
                }

                public void release() {
                    rw.releaseWrite();
                }

                public boolean isLocked() {
                    return rw.isWriteLocked();
                }

                public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
                    return rw.withWrite(body);
                }

                public int waiters() {
                    return rw.waitingWriters();
                }
            };
        }
    }

}
