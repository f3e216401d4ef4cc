package io.github.loopsync.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of a {@link FutureState} that failed or was cancelled: the cause, and whether the
 * failure has reached the dependents yet ({@code delivered}). The loop delivers a failure; once
 * the loop has closed, the thread that decided it does. A failure can be reached by two deliveries
 * (a cancellation's own, and the queued step of a grant it overrode), so the delivery is claimed
 * by compare-and-set, and exactly one of them runs the dependents.
 */
final class Failure {
    final Throwable cause;
    private volatile boolean delivered;

    private static final VarHandle DELIVERED;

    static {
        try {
            DELIVERED = MethodHandles.lookup().findVarHandle(Failure.class, "delivered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Failure(Throwable cause, boolean delivered) {
        this.cause = cause;
        DELIVERED.set(this, delivered);                // plain: the state's compare-and-set publishes it
    }

    /** Whether the failure has reached the dependents (or is reaching them). */
    boolean isDelivered() {
        return delivered;
    }

    /** Claims the delivery: true for exactly one caller, false once delivered. */
    boolean claimDelivery() {
        return !delivered && DELIVERED.compareAndSet(this, false, true);
    }
}
