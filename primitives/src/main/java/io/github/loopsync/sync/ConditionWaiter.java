package io.github.loopsync.sync;

import io.github.loopsync.loop.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A task in {@link AsyncCondition#await()}. It first waits in the condition's queue for a signal,
 * then in the lock's queue for the lock, and completes only once it holds the lock again. A
 * cancellation (or timeout) is held back until then: it moves a waiter still waiting for a signal
 * onto the lock's queue, and the future fails with that exception once the lock is re-acquired.
 * A waiter that had been signalled passes its signal on when it is cancelled.
 */
final class ConditionWaiter extends AsyncLock.LockWaiter {

    private enum Phase { WAITING_FOR_SIGNAL, WAITING_FOR_LOCK, HOLDS_LOCK }

    private final AsyncCondition condition;
    private Phase phase = Phase.WAITING_FOR_SIGNAL;
    /** True from a signal until this waiter resumes normally or passes the signal on. */
    private boolean signalled;
    /** A cancellation or failure held back until the lock is held; the latest one wins. */
    private Throwable heldBack;
    /**
     * A failure requested from another thread and not yet taken by the loop, null, or {@link
     * #CLOSED} once the outcome is final. Written by compare-and-set, so that a request from
     * another thread either is taken into account or is refused (returns false), never lost.
     */
    @SuppressWarnings("unused")
    private volatile Object foreign;

    private static final Object CLOSED = new Object();
    private static final VarHandle FOREIGN;

    static {
        try {
            FOREIGN = MethodHandles.lookup().findVarHandle(ConditionWaiter.class, "foreign", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /*
     * Implementation notes. Phases move forward only: WAITING_FOR_SIGNAL (parked in the
     * condition's queue) -> WAITING_FOR_LOCK (parked in the lock's queue, or holding a lock that
     * was free) -> HOLDS_LOCK (the lock was handed over; delivery pending). In HOLDS_LOCK the lock
     * belongs to this waiter whatever the outcome, so a grant revoked by a late cancellation is not
     * handed on: the waiter fails while holding the lock, which its caller releases.
     */

    ConditionWaiter(EventLoop loop, AsyncCondition condition) {
        super(loop, condition.lock());
        this.condition = condition;
    }

    /** The condition signalled this waiter: queue it for the lock (which the signaller holds). */
    void signalled() {
        signalled = true;
        moveToLock();
    }

    private void moveToLock() {
        phase = Phase.WAITING_FOR_LOCK;
        if (lock.takeOrEnqueue(this)) {
            lockHandedOver();
        }
    }

    /** The lock hands itself to this waiter. */
    @Override
    public boolean offer(Void value) {
        unpark();                                       // leave the lock's queue, whatever happens next
        if (isDone()) {
            return false;
        }
        lockHandedOver();
        return true;
    }

    private void lockHandedOver() {
        phase = Phase.HOLDS_LOCK;
        if (heldBack != null) {
            failHoldingLock(heldBack);
        } else {
            grantChecked();                             // grant the lock: the waiter resumes holding it
        }
    }

    /** Decides the outcome (a failure, the lock held): a request from another thread came first. */
    private boolean failHoldingLock(Throwable failure) {
        Object pending = FOREIGN.getAndSet(this, CLOSED);
        return super.completeExceptionally(pending instanceof Throwable ? (Throwable) pending : failure);
    }

    /** On the loop: takes a request another thread left, if the loop has not taken it already. */
    private void takeForeignRequest() {
        Object pending = foreign;
        if (pending instanceof Throwable && FOREIGN.compareAndSet(this, pending, null)) {
            completeExceptionally((Throwable) pending);
        }
    }

    /** The lock was granted and not yet delivered: a request from another thread still wins. */
    @Override
    protected Throwable refusalAtDelivery() {
        Object pending = FOREIGN.getAndSet(this, CLOSED);
        if (pending instanceof Throwable) {
            passSignalOn();
            return (Throwable) pending;
        }
        return null;
    }

    /**
     * Cancellation, timeout or failure: held back until the lock is held again.
     *
     * @param failure the exception
     * @return {@code true} unless the outcome was already decided
     */
    @Override
    public boolean completeExceptionally(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        if (!loop().inLoopThread()) {
            // Leave the request for the loop; it is taken at the latest when the wait's outcome
            // is decided, so a true answer means the wait ends with this failure.
            if (isDone() || !FOREIGN.compareAndSet(this, null, failure)) {
                return false;
            }
            loop().execute(this::takeForeignRequest);
            return true;
        }
        if (isDone()) {
            return false;
        }
        takeForeignRequest();                           // an earlier request from another thread first
        switch (phase) {
            case WAITING_FOR_SIGNAL:
                heldBack = failure;
                unpark();                               // leave the condition's queue for the lock's
                moveToLock();
                return true;
            case WAITING_FOR_LOCK:
                heldBack = failure;
                passSignalOn();
                return true;
            default:
                passSignalOn();
                return failHoldingLock(failure);
        }
    }

    @Override
    protected String manualCompletionRefusal() {
        return "a condition wait completes when its lock is re-acquired; cancel() it to withdraw";
    }

    private void passSignalOn() {
        if (signalled) {
            signalled = false;
            condition.wake(1);
        }
    }

    /**
     * The waiter resumes: only now is its signal consumed. Until this moment a cancellation passes
     * the signal on, even after the lock was handed over (the harness found that window).
     */
    @Override
    protected void onDelivery() {
        super.onDelivery();
        if (!isCompletedExceptionally()) {
            signalled = false;
        }
    }

    /** The lock was granted and the grant overridden by a failure: keep the lock, fail holding it. */
    @Override
    protected void grantReturned(Void granted) {
    }

    @Override
    public String toString() {
        return "await of " + condition + " (" + phase + ") " + super.toString();
    }
}
