package io.github.loopsync.internal;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;

/**
 * A parked waiter of a primitive: the node of a {@link WaitQueue} and the future handed to the
 * waiting code, in one object. A primitive subclasses it to learn when a waiter leaves on its own
 * (cancelled or timed out while parked) and when a grant it made comes back (the waiter was
 * cancelled after the grant and before it resumed).
 *
 * <p>States: parked (linked in a queue), granted (unlinked from the queue it waited in, the value
 * held in the waiter, delivery pending; a primitive may keep it in a queue of its own until it
 * resumes, as {@code AsyncQueue} does with items in transit), resumed (delivered), or withdrawn
 * (cancelled). A cancellation of a parked waiter unlinks it in O(1); a cancellation of a granted
 * one hands the grant back through {@link #grantReturned}.
 *
 * @param <T> the granted value's type
 */
public abstract class Waiter<T> extends LoopFuture<T> {

    /** The queue this waiter is parked in, or null. */
    WaitQueue<?> queue;
    Waiter<?> previous;
    Waiter<?> next;
    /**
     * Loop-confined. From {@link #offer} until delivery or withdrawal: the grant in the form {@link
     * #mask} gives it (a null grant is this waiter, a store that stays in the waiter's own heap
     * region, which G1's barrier lets through even when the waiter was promoted); else null. Stays
     * set after delivery, when nothing reads it any more.
     */
    private Object held;

    /**
     * Creates a waiter on the calling thread's loop; the task that chains on it waits for it.
     *
     * @param loop the primitive's loop
     */
    protected Waiter(EventLoop loop) {
        super(loop);
    }

    /**
     * Hands {@code value} to this waiter and unlinks it: the waiter keeps the value and resumes with
     * it at the loop's next step ({@link #grantHeld}; off the loop thread, as while a loop closes,
     * the grant is decided at once), unless it is cancelled first, in which case {@link
     * #grantReturned} gives the value back.
     *
     * @param value the grant
     * @return {@code false} if the waiter was already cancelled (from another thread); the
     *     primitive then moves on
     */
    public boolean offer(T value) {
        unpark();
        if (held != null) {
            throw new IllegalStateException("offer(" + value + ") to " + this + ": the waiter was already granted "
                    + heldGrant() + "; a primitive grants a waiter once");
        }
        held = mask(value);
        boolean granted = false;
        try {
            granted = grantHeld();
        } finally {
            if (!granted) {
                held = null;                            // refused (or misused): nothing is held
            }
        }
        return granted;
    }

    /** The grant {@link #offer} made and the loop has not delivered yet, if any. */
    @Override
    protected final Object heldGrant() {
        Object grant = held;
        return grant == null ? NO_HELD_GRANT : unmask(grant);
    }

    /**
     * Leaves the queue this waiter is parked in, in O(1); does nothing if it is not parked. An
     * {@link #offer} override must call it before it returns, whatever it returns, so that {@link
     * WaitQueue#grantFirst} moves on.
     */
    protected final void unpark() {
        if (queue != null) {
            queue.unlink(this);
        }
    }

    /**
     * A waiter is completed only by its primitive's grant: {@code complete(value)} by hand would
     * tell the waiting code it holds a lock, a permit or an item that it never got. Cancelling it,
     * or {@code completeExceptionally}, withdraws the wait instead.
     *
     * @return the reason {@code complete} is refused
     */
    @Override
    protected String manualCompletionRefusal() {
        return "a primitive's waiter completes only when its primitive grants it; cancel() it (or use"
                + " completeExceptionally) to withdraw the wait";
    }

    @Override
    protected final void onWithdrawn() {
        if (held != null) {                             // granted, then cancelled before delivery
            @SuppressWarnings("unchecked")
            T granted = (T) heldGrant();
            held = null;
            grantReturned(granted);
            return;
        }
        unpark();
        withdrawn();
    }

    @Override
    protected final void onGrantRevoked(T granted) {
        grantReturned(granted);
    }

    /** Called on the loop thread after a parked waiter was cancelled and unlinked. */
    protected void withdrawn() {
    }

    /**
     * Called on the loop thread when a waiter granted {@code granted} was cancelled before it
     * resumed: the primitive hands the grant on or takes it back.
     *
     * @param granted the grant that came back
     */
    protected abstract void grantReturned(T granted);
}
