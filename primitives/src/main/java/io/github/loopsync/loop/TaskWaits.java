package io.github.loopsync.loop;

import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * What a {@link Task} waits on: the loop futures it owns, which its cancellation reaches (see
 * {@link Task}'s class description). A future is adopted when the running task chains on it while
 * it is pending, and let go when it is delivered, when another task adopts it, or when the task
 * finishes. Loop thread only.
 *
 * <p>The newest future sits in a field of its own and the older ones still pending in an array.
 * A task that waits on one thing at a time, the usual case, touches only that field: it never
 * reads the array or a future it waited on before, which in a loop of many tasks is memory last
 * touched many steps ago. An array entry whose future is no longer owned by this task is stale
 * and skipped; stale entries are dropped when the array fills, so adopting and letting go cost
 * O(1) amortized.
 *
 * @param <T> the task's result type
 */
abstract class TaskWaits<T> extends LoopFuture<T> {

    private static final LoopFuture<?>[] NO_FUTURES = new LoopFuture<?>[0];

    /** The newest future adopted, while this task still owns it; {@code null} once it is let go. */
    private LoopFuture<?> awaiting;
    /** Older futures adopted while the newest was still owned, oldest first; stale entries skipped. */
    private LoopFuture<?>[] owned = NO_FUTURES;
    private int ownedCount;

    TaskWaits(EventLoop loop) {
        super(loop, false);
    }

    /**
     * Called after {@code future} was adopted: a cancellation pending on the task goes to it.
     *
     * @param future the newly adopted future
     */
    abstract void adopted(LoopFuture<?> future);

    /** Makes {@code future} one this task waits on. */
    final void adopt(LoopFuture<?> future) {
        assert future.link == null;
        future.link = this;
        LoopFuture<?> previous = awaiting;
        if (previous != null) {
            keepOwned(previous);                        // still owned: disown would have cleared it
        }
        awaiting = future;
        adopted(future);
    }

    /** Lets go of {@code future} (delivered, or adopted by another task). */
    final void disown(LoopFuture<?> future) {
        if (future.link == this) {
            future.link = null;
            if (future == awaiting) {
                awaiting = null;
            }
        }
    }

    /** Lets go of everything: the task has finished. */
    final void disownAll() {
        for (int i = 0; i < ownedCount; i++) {
            disown(owned[i]);
            owned[i] = null;
        }
        ownedCount = 0;
        if (awaiting != null) {
            disown(awaiting);
        }
    }

    /**
     * Cancels every future this task still owns, oldest first.
     *
     * @return whether any of them took the cancellation
     */
    final boolean cancelWaits(CancellationException cancellation) {
        boolean reached = false;
        LoopFuture<?>[] older = owned;
        LoopFuture<?> newest = awaiting;                // read first: cancelling may change both
        for (int i = 0, n = ownedCount; i < n; i++) {
            LoopFuture<?> future = older[i];
            if (future.link == this) {
                reached |= future.cancelForOwner(cancellation);
            }
        }
        if (newest != null && newest.link == this) {
            reached |= newest.cancelForOwner(cancellation);
        }
        return reached;
    }

    /**
     * For {@code toString}: what the task waits on.
     *
     * @return {@code ", waiting on X"} (with {@code " and more"} if there are others), or empty
     */
    final String describeWaits() {
        LoopFuture<?> first = null;
        int waiting = 0;
        for (int i = 0; i <= ownedCount; i++) {
            LoopFuture<?> future = i < ownedCount ? owned[i] : awaiting;
            if (future != null && future.link == this && waiting++ == 0) {
                first = future;
            }
        }
        return first == null ? "" : ", waiting on " + first.getClass().getSimpleName() + (waiting > 1 ? " and more" : "");
    }

    /** Moves a future that is still owned, but no longer the newest, into {@link #owned}. */
    private void keepOwned(LoopFuture<?> future) {
        int newest = ownedCount - 1;
        if (newest >= 0 && owned[newest].link != this) {
            owned[newest] = future;                     // the newest entry is stale: reuse its place
        } else {
            if (ownedCount == owned.length) {
                makeRoom();
            }
            owned[ownedCount++] = future;
        }
    }

    /** Drops stale entries; grows the array if it is still more than half full. */
    private void makeRoom() {
        int live = 0;
        for (int i = 0; i < ownedCount; i++) {
            LoopFuture<?> future = owned[i];
            if (future.link == this) {
                owned[live++] = future;
            }
        }
        Arrays.fill(owned, live, ownedCount, null);
        ownedCount = live;
        if (live * 2 >= owned.length) {
            owned = Arrays.copyOf(owned, Math.max(4, owned.length * 2));
        }
    }
}
