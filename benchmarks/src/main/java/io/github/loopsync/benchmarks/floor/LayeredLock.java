package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.floor.LayeredModel.Core;
import io.github.loopsync.benchmarks.floor.LayeredModel.Loop;

/**
 * The layered model's waiters and lock, arranged as loopsync's: a waiter class that is its own
 * queue node and holds its grant, a wait queue of its own, a lock waiter that overrides the
 * waiter's hooks, and a lock that binds to a loop. See {@link LayeredModel}.
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
        Loop bound = loop;
        if (bound != null && bound.inLoopThread()) {
            return bound;
        }
        throw new IllegalStateException("lock used off its loop's thread");
    }

    /** A parked waiter: its own queue node, and the holder of its grant until delivery. */
    abstract static class Waiter extends Core {
        WaitQueue queue;
        Waiter previous;
        Waiter next;
        private Object held;

        Waiter(Loop loop) {
            super(loop);
        }

        /** Unlinks this waiter and grants it {@code value}; false if it was already cancelled. */
        final boolean offer(Object value) {
            if (queue != null) {
                queue.unlink(this);
            }
            if (held != null) {
                throw new IllegalStateException("a waiter is granted once");
            }
            held = mask(value);
            boolean granted = false;
            try {
                granted = grantHeld();
            } finally {
                if (!granted) {
                    held = null;
                }
            }
            return granted;
        }

        private boolean grantHeld() {
            if (!loop.inLoopThread()) {
                throw new IllegalStateException("grants are made on the loop");
            }
            if (isDone()) {
                return false;
            }
            loop.schedule(this);
            return true;
        }

        @Override
        final Object heldGrant() {
            Object grant = held;
            return grant == null ? LayeredModel.NO_GRANT : unmask(grant);
        }

        @Override
        final void clearHeld() {
            held = null;
        }

        @Override
        final void onWithdrawn() {
            if (queue != null) {
                queue.unlink(this);
            }
            super.onWithdrawn();
        }
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
        void onGrantReturned() {
            lock.handingTo = null;
            lock.handOff();
        }
    }

    /** Parked waiters, oldest first; O(1) unlink. */
    static final class WaitQueue {
        private Waiter head;
        private Waiter tail;
        int size;

        void add(Waiter waiter) {
            if (waiter.queue != null) {
                throw new IllegalStateException("waiter is already parked");
            }
            waiter.queue = this;
            waiter.previous = tail;
            waiter.next = null;
            if (tail == null) {
                head = waiter;
            } else {
                tail.next = waiter;
            }
            tail = waiter;
            size++;
        }

        void unlink(Waiter waiter) {
            Waiter before = waiter.previous;
            Waiter after = waiter.next;
            if (before == null) {
                head = after;
            } else {
                before.next = after;
            }
            if (after == null) {
                tail = before;
            } else {
                after.previous = before;
            }
            waiter.previous = null;
            waiter.next = null;
            waiter.queue = null;
            size--;
        }

        /** Grants the oldest waiter that takes it; cancelled ones are unlinked on the way. */
        Waiter grantFirst(Object value) {
            Waiter first;
            while ((first = head) != null) {
                if (first.offer(value)) {
                    return first;
                }
            }
            return null;
        }
    }
}
