package io.github.loopsync.bridge;

/**
 * A consistent snapshot of a {@link BridgeQueue}'s state, taken under its lock: what a stall
 * report prints and what the tests' checkpoints compare against. Package-private diagnostics.
 *
 * @param size items in the buffer
 * @param capacity the bound
 * @param inTransit slots held by items handed to loop getters, or reserved for loop putters, that
 *     have not resumed yet
 * @param loopGetters loop tasks parked in {@code get()}
 * @param loopPutters loop tasks parked in {@code putAsync()}
 * @param threadsWaitingForRoom threads parked in {@code put} or {@code offer} on a full queue
 *     (signalled ones are no longer counted: they queue for the lock)
 * @param threadsWaitingForItems threads parked in {@code take} or {@code poll} on an empty queue
 * @param threadsQueuedForLock threads waiting to acquire the queue's lock
 * @param shutdown whether the queue is shut down
 */
record BridgeQueueState(int size, int capacity, int inTransit, int loopGetters, int loopPutters,
        int threadsWaitingForRoom, int threadsWaitingForItems, int threadsQueuedForLock, boolean shutdown) {

    @Override
    public String toString() {
        return "BridgeQueue[size=" + size + "/" + capacity + ", in transit=" + inTransit + ", loop getters="
                + loopGetters + ", loop putters=" + loopPutters + ", threads waiting for room=" + threadsWaitingForRoom
                + ", threads waiting for items=" + threadsWaitingForItems + ", threads queued for the lock="
                + threadsQueuedForLock + (shutdown ? ", shutdown" : "") + "]";
    }
}
