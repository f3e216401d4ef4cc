package io.github.loopsync.sync;

import io.github.loopsync.harness.PropertyCheck;
import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.LoopFuture;
import org.junit.jupiter.api.Test;

/** Generated operation sequences on AsyncLock, AsyncSemaphore and AsyncBoundedSemaphore against the lock-like model. */
class AsyncLockProperties {

    /** Any interleaving of the tasks: mutual exclusion, no lost wake-up, no leak. */
    private static final RaceOptions ANY_ORDER = RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1)
            .maxSchedules(200);
    /** Production order with injected cancellations and timeouts: also FIFO hand-off. */
    private static final RaceOptions IN_ORDER = ANY_ORDER.ordering(Ordering.STRICT_FIFO);

    private static LockLikeModel.Primitive of(AsyncLock lock) {
        return new LockLikeModel.Primitive() {
            public LoopFuture<Void> acquire() {
                return lock.acquire();
            }

            public boolean tryAcquire() {
                return lock.tryAcquire();
            }

            public void release() {
                lock.release();
            }
        };
    }

    private static LockLikeModel.Primitive of(AsyncSemaphore semaphore) {
        return new LockLikeModel.Primitive() {
            public LoopFuture<Void> acquire() {
                return semaphore.acquire();
            }

            public boolean tryAcquire() {
                return semaphore.tryAcquire();
            }

            public void release() {
                semaphore.release();
            }
        };
    }

    /** AsyncLock: mutual exclusion in any order, FIFO hand-off in production order, 60 sequences each. */
    @Test
    void lockKeepsTheModel() {
        PropertyCheck.forAll(0xA11CEL, 60, LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(of(new AsyncLock()), 1, false).scenario(run, tasks), ANY_ORDER);
        PropertyCheck.forAll(0xA11CEL, 60, LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(of(new AsyncLock()), 1, true).scenario(run, tasks), IN_ORDER);
    }

    /** AsyncSemaphore(2): at most two holders in any order, FIFO hand-off in production order. */
    @Test
    void semaphoreKeepsTheModel() {
        PropertyCheck.forAll(0x5E4AL, 60, LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(of(new AsyncSemaphore(2)), 2, false).scenario(run, tasks), ANY_ORDER);
        PropertyCheck.forAll(0x5E4AL, 60, LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(of(new AsyncSemaphore(2)), 2, true).scenario(run, tasks), IN_ORDER);
    }

    /** AsyncBoundedSemaphore(1): as a lock. */
    @Test
    void boundedSemaphoreKeepsTheModel() {
        PropertyCheck.forAll(0xB0D1L, 60, LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(of(new AsyncBoundedSemaphore(1)), 1, false).scenario(run, tasks), ANY_ORDER);
        PropertyCheck.forAll(0xB0D1L, 60, LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(of(new AsyncBoundedSemaphore(1)), 1, true).scenario(run, tasks), IN_ORDER);
    }
}
