package io.github.loopsync.benchmarks.floor;

import io.github.loopsync.benchmarks.floor.LayeredModel.Core;
import io.github.loopsync.benchmarks.floor.LayeredModel.Loop;

/**
 * The layered model's waiting, shared by its primitives as loopsync's {@code Waiter} and {@code
 * WaitQueue} are: a waiter class that is its own queue node and holds its grant, and a wait queue
 * of its own. Each primitive's waiters override the hooks. See {@link LayeredModel}.
 */
final class LayeredWaiting {

    private LayeredWaiting() {
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
