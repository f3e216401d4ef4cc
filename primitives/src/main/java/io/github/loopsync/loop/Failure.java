package io.github.loopsync.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of a {@link FutureState} that failed or was cancelled: the cause, and whether the
 * failure has reached the dependents yet ({@code delivered}). The loop delivers a failure, except
 * while a loop is closing: a cancellation from another thread whose post the closed inbox refused
 * delivers on its own thread then, while the loop may be delivering the same failure from a held
 * grant's queued step. So the delivery is claimed by compare-and-set, and exactly one of them runs
 * the dependents.
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
