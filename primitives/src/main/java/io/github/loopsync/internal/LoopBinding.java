package io.github.loopsync.internal;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.spi.ProgressProbe;

/**
 * A primitive's loop confinement: every operation must run on a loop thread, and once a waiter has
 * parked the primitive belongs to that loop for good (asyncio binds on the first slow path too).
 * The check on the fast path is one thread comparison against the last loop thread seen.
 * Loop-confined by construction: it is only ever touched from a loop thread it has verified.
 */
public final class LoopBinding {

    private final Object primitive;
    /** The last loop thread verified, and its loop; fixed once bound. */
    private Thread thread;
    private EventLoop loop;
    private boolean bound;

    /**
     * Creates the binding of one primitive.
     *
     * @param primitive the primitive, named in error messages
     */
    public LoopBinding(Object primitive) {
        this.primitive = primitive;
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
        loop = current;
        return current;
    }

    /**
     * Verifies like {@link #check} and binds the primitive to the caller's loop if it is not bound
     * yet, registering its progress probe with the loop.
     *
     * @param operation the operation, for the message
     * @param probe the primitive's probe, registered on first binding
     * @return the bound loop
     * @throws IllegalStateException from a plain thread or from another loop's thread
     */
    public EventLoop bind(String operation, ProgressProbe probe) {
        if (bound) {
            return check(operation);
        }
        EventLoop current = slowCheck(operation);
        bound = true;
        current.registerProbe(probe);
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
