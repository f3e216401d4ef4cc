package io.github.loopsync.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;

/**
 * A loop future's state, the one field where threads meet, and the queries on it: what {@link
 * FutureCore} decides and delivers, read from any thread.
 *
 * @param <T> the value type
 */
abstract class FutureState<T> {

    /** The loop this future delivers through. */
    final EventLoop loop;
    /**
     * Loop-confined. For a {@link Stage}: what the stage waits for (its source, then the stage it
     * composes with), to which a cancellation is passed. For every other future: the task waiting
     * for it (see LoopFuture), or null. One field for both keeps a stage one word smaller; read the
     * owner through {@link #owner()}.
     */
    Object link;
    /**
     * null: pending. A {@link Decision}: a value is decided, its delivery is scheduled. A {@link
     * Failure}: failed or cancelled (delivered once its flag says so). Anything else: the delivered
     * value in the form {@link #mask} gives it. Transitions: null -> Decision | Failure | value;
     * Decision -> Failure | value. Written by compare-and-set once the future is published.
     */
    private volatile Object state;

    private static final VarHandle STATE;
    /** The delivered value that is this future itself (its stored mask is taken by null). */
    private static final Object SELF = new Object() {
        @Override
        public String toString() {
            return "this future";
        }
    };

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(FutureState.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    FutureState(EventLoop loop) {
        this.loop = loop;
    }

    /** An already-delivered future; no dependents, no owner. */
    final void initDelivered(Object value) {
        state = mask(value);
    }

    /** Moves the state from {@code expected} to {@code next} if no other thread moved it first. */
    final boolean casState(Object expected, Object next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /**
     * Whether a decided value is final before delivery. A <em>leaf</em> wait (a primitive's
     * waiter, a sleep, a user's future) says no: a cancellation may still override its value, and
     * a primitive's grant is handed back. A future whose value stands for work that already
     * happened (a task's result, a gather, a dependent stage) says yes.
     *
     * @return {@code true} if a decided value cannot be overridden; {@code false} by default
     */
    protected boolean decidedValueIsFinal() {
        return false;
    }

    /**
     * The stored form of a value: never {@code null}, and what {@link #unmask} turns back into the
     * value. A future parked long enough to be promoted would pay a G1 post-write-barrier fence and
     * a dirty card for every store of a reference into another region; {@code null}, the value of
     * every lock, event and permit grant and of every {@code thenRun} stage, is stored as a
     * reference to this very object instead, which the barrier's same-region test lets through for
     * free. The state holds a delivered value in this form, and a subclass may hold a grant in it
     * ({@link FutureCore#heldGrant}), where a field left {@code null} then means "nothing held".
     *
     * @param value any value, {@code null} included
     * @return its stored form, never {@code null}
     */
    protected final Object mask(Object value) {
        return value == null ? this : value == this ? SELF : value;
    }

    /**
     * The value whose stored form, given by this same future's {@link #mask}, is {@code stored}.
     *
     * @param stored a stored form from {@code mask}
     * @return the value
     */
    protected final Object unmask(Object stored) {
        return stored == this ? null : stored == SELF ? this : stored;
    }

    // ---------------------------------------------------------------- queries

    /** The task waiting for this future, or null; a stage has none. */
    final Task<?> owner() {
        return this instanceof Stage ? null : (Task<?>) link;
    }

    /**
     * The stored state, read once. A delivered value is in its masked form, which only this
     * future can {@link #unmask} (a delivered null is this very object): never compare it with
     * another future's, or hand it out as a value.
     */
    final Object rawState() {
        return state;
    }

    /** True once an outcome is decided, delivered or not. */
    final boolean isDecided() {
        return state != null;
    }

    /**
     * True when a value is granted but not yet delivered (a grant may still be handed back): decided,
     * or held by a loop-thread grant. Loop thread.
     */
    final boolean isGrantPending() {
        Object current = state;
        return current instanceof Decision
                || current == null && ((FutureCore<?>) this).heldGrant() != FutureCore.NO_HELD_GRANT;
    }

    /**
     * True once the future failed or was cancelled (at once), or its value is final (a leaf's at
     * delivery, a composite's when decided).
     *
     * @return whether the outcome is final
     */
    public boolean isDone() {
        Object current = state;
        return current != null && (!(current instanceof Decision) || decidedValueIsFinal());
    }

    /**
     * True as soon as a cancellation was decided, even before it is delivered.
     *
     * @return whether this future is cancelled
     */
    public boolean isCancelled() {
        Object current = state;
        return current instanceof Failure && ((Failure) current).cause instanceof CancellationException;
    }

    /**
     * True as soon as a failure or cancellation was decided.
     *
     * @return whether this future failed
     */
    public boolean isCompletedExceptionally() {
        return state instanceof Failure;
    }

    /** The failure if one is decided, else null. */
    final Throwable failureOrNull() {
        Object current = state;
        return current instanceof Failure ? ((Failure) current).cause : null;
    }

    /** The final value, or {@code absent} while there is none. */
    @SuppressWarnings("unchecked")
    final Object finalValueOr(Object absent) {
        Object current = state;
        if (current == null || current instanceof Failure) {
            return absent;
        }
        if (current instanceof Decision) {
            return decidedValueIsFinal() ? ((Decision) current).value : absent;
        }
        return unmask(current);
    }
}
