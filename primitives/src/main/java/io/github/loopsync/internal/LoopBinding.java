package io.github.loopsync.internal;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.function.Supplier;

/**
 * A primitive's loop confinement: every operation must run on a loop thread, and once a waiter has
 * parked the primitive belongs to that loop for good (asyncio binds on the first slow path too).
 * The check on the fast path is one thread comparison against the last loop thread seen.
 * Loop-confined by construction: it is only ever touched from a loop thread it has verified.
 */
public final class LoopBinding {

    private final Object primitive;
    /** Makes the primitive's probe; called once, when the primitive binds. */
    private final Supplier<ProgressProbe> probe;
    /** The last loop thread verified, and its loop; fixed once bound. */
    private Thread thread;
    private EventLoop loop;
    private boolean bound;

    /**
     * Creates the binding of one primitive.
     *
     * @param primitive the primitive, named in error messages
     * @param probe makes the primitive's progress probe, registered with the loop on binding
     */
    public LoopBinding(Object primitive, Supplier<ProgressProbe> probe) {
        this.primitive = primitive;
        this.probe = probe;
    }

    /**
     * Verifies that the caller runs on a loop, and on the bound loop if the primitive is bound.
     *
     * @param operation the operation, for the message
     * @return the caller's loop
     * @throws IllegalStateException from a plain thread or from another loop's thread
     */
    public EventLoop check(String operation) {
        if (Thread.currentThread() == thread) {
            return loop;
        }
        return slowCheck(operation);
    }

    private EventLoop slowCheck(String operation) {
        EventLoop current = EventLoop.currentOrNull();
        if (current == null) {
            throw new IllegalStateException(operation + "() on " + primitive + " from thread "
                    + Thread.currentThread().getName() + ", which runs no event loop; the primitive is loop-confined");
        }
        if (bound && current != loop) {
            throw new IllegalStateException(operation + "() on " + primitive + " from " + current
                    + ", but it is bound to " + loop + " (its first waiter parked there)");
        }
        thread = Thread.currentThread();
        if (loop != current) {
            // First use on this loop: introduce the primitive to the loop's listener (the harness),
            // so that it can check progress and report what is still held at the end.
            loop = current;
            current.registerProbe(probe.get());
        }
        return current;
    }

    /**
     * Verifies like {@link #check} and binds the primitive to the caller's loop if it is not bound
     * yet. Allocates nothing. (The progress probe is registered with a loop the first time the
     * primitive is used there.)
     *
     * @param operation the operation, for the message
     * @return the bound loop
     * @throws IllegalStateException from a plain thread or from another loop's thread
     */
    public EventLoop bind(String operation) {
        if (bound) {
            return check(operation);
        }
        EventLoop current = slowCheck(operation);
        bound = true;
        return current;
    }

    /**
     * The loop the primitive is bound to, or {@code null}.
     *
     * @return the bound loop
     */
    public EventLoop boundLoop() {
        return bound ? loop : null;
    }
}
