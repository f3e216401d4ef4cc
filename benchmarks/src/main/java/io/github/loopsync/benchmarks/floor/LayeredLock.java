package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.floor.LayeredModel.Core;
import io.github.loopsync.benchmarks.floor.LayeredModel.Loop;
import io.github.loopsync.benchmarks.floor.LayeredWaiting.WaitQueue;
import io.github.loopsync.benchmarks.floor.LayeredWaiting.Waiter;

/**
 * The layered model's lock, arranged as loopsync's: a lock waiter that overrides the hooks of the
 * shared waiter ({@link LayeredWaiting}), and a lock that binds to a loop. See {@link LayeredModel}.
 */
final class LayeredLock {

    private final Loop loop;
    private final WaitQueue waiters = new WaitQueue();
    private final Core free;
    private boolean locked;
    private LockWaiter handingTo;

    LayeredLock(Loop loop) {
        this.loop = loop;
        this.free = new LockWaiter(loop, this);
        free.completeInline(null, null);
    }

    Core acquire() {
        Loop bound = check();
        if (!locked) {
            locked = true;
            return free;
        }
        LockWaiter waiter = new LockWaiter(bound, this);
        waiters.add(waiter);
        return waiter;
    }

    void release() {
        check();
        if (!locked || handingTo != null) {
            throw new IllegalStateException("release of a lock that is free or being handed over");
        }
        handOff();
    }

    /** Queue length, for tests. */
    int parked() {
        return waiters.size;
    }

    private void handOff() {
        Waiter next = waiters.grantFirst(null);
        if (next != null) {
            handingTo = (LockWaiter) next;
            return;
        }
        handingTo = null;
        locked = false;
    }

    private Loop check() {
        return Loop.checked(loop, "lock");
    }

    /** A waiter of this lock. */
    static final class LockWaiter extends Waiter {
        private final LayeredLock lock;

        LockWaiter(Loop loop, LayeredLock lock) {
            super(loop);
            this.lock = lock;
        }

        @Override
        void onDelivery() {
            if (lock.handingTo == this) {
                lock.handingTo = null;
            }
        }

        @Override
        void onGrantReturned(Object grant) {
            lock.handingTo = null;
            lock.handOff();
        }
    }
}
