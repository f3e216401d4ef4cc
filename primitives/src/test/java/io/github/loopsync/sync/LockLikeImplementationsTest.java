package io.github.loopsync.sync;

import io.github.loopsync.loop.LoopFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;

/** Runs the lock-like contract over every lock-like primitive. */
class LockLikeImplementationsTest {

    /** The contract over {@link AsyncLock}. */
    @Nested
    class Lock extends LockLikeContract {
        @Override
        LockLike create() {
            AsyncLock lock = new AsyncLock();
            return new LockLike() {
                public LoopFuture<Void> acquire() {
                    return lock.acquire();
                }

                public boolean tryAcquire() {
                    return lock.tryAcquire();
                }

                public void release() {
                    lock.release();
                }

                public boolean isLocked() {
                    return lock.isLocked();
                }

                public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
                    return lock.withLock(body);
                }

                public int waiters() {
                    return lock.waiters();
                }
            };
        }
    }

    /** The contract over {@code AsyncSemaphore(1)}. */
    @Nested
    class Semaphore extends LockLikeContract {
        @Override
        LockLike create() {
            return semaphore(new AsyncSemaphore(1));
        }
    }

    /** The contract over {@code AsyncBoundedSemaphore(1)}. */
    @Nested
    class BoundedSemaphore extends LockLikeContract {
        @Override
        LockLike create() {
            return semaphore(new AsyncBoundedSemaphore(1));
        }
    }

    /** The contract over the lock of an {@link AsyncCondition}, used through the condition. */
    @Nested
    class ConditionLock extends LockLikeContract {
        @Override
        LockLike create() {
            AsyncCondition condition = new AsyncCondition();
            return new LockLike() {
                public LoopFuture<Void> acquire() {
                    return condition.acquire();
                }

                public boolean tryAcquire() {
                    return condition.tryAcquire();
                }

                public void release() {
                    condition.release();
                }

                public boolean isLocked() {
                    return condition.isLocked();
                }

                public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
                    return condition.withLock(body);
                }

                public int waiters() {
                    return condition.lock().waiters();
                }
            };
        }
    }

    static LockLike semaphore(AsyncSemaphore semaphore) {
        return new LockLike() {
            public LoopFuture<Void> acquire() {
                return semaphore.acquire();
            }

            public boolean tryAcquire() {
                return semaphore.tryAcquire();
            }

            public void release() {
                semaphore.release();
            }

            public boolean isLocked() {
                return semaphore.isLocked();
            }

            public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
                return semaphore.withPermit(body);
            }

            public int waiters() {
                return semaphore.waiters();
            }
        };
    }
}
