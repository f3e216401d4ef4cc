package io.github.loopsync.sync;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.PropertyCheck;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.LoopFuture;
import org.junit.jupiter.api.Test;

/**
 * Generated operation sequences on {@link AsyncOwnerCheckedLock} against the lock-like model:
 * every acquire and release runs in the task that owns the lock, so the owner check never fires
 * on correct code, in any interleaving and with cancellations and timeouts.
 */
class AsyncOwnerCheckedLockProperties {

    private static LockLikeModel.Primitive of(AsyncOwnerCheckedLock lock) {
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

    /** Mutual exclusion in any order, FIFO hand-off in production order, 60 sequences each, no owner check tripped. */
    @Test
    void ownerCheckedLockKeepsTheModel() {
        RaceOptions anyOrder = RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1).maxSchedules(200);
        PropertyCheck.forAll(0x0A3E4L, 60, LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(of(new AsyncOwnerCheckedLock()), 1, false).scenario(run, tasks), anyOrder);
        PropertyCheck.forAll(0x0A3E4L, 60, LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(of(new AsyncOwnerCheckedLock()), 1, true).scenario(run, tasks),
                anyOrder.ordering(Ordering.STRICT_FIFO));
    }
}
