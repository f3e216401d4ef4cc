package io.github.loopsync.internal;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A primitive's loop confinement. The rule: a primitive belongs to the loop of its first use, of
 * any kind (a fast path that completes at once binds as surely as a wait). From then on, a use
 * from another loop or from a thread that runs no loop throws {@link IllegalStateException} at
 * once. When the bound loop has closed, the next use on another loop moves the primitive there if
 * it is idle (nothing parked, nothing held: the primitive's own test), and otherwise throws,
 * saying that the loop it is bound to is closed. Nothing is ever done through a closed loop.
 *
 * <p>The check on the fast path is the bound loop's {@link EventLoop#isCurrent()}: one plain
 * field read and one thread comparison. It fails on another thread, and on the bound loop's own
 * thread once that loop has closed (the loop clears the field it compares against), so a new
 * loop on the same thread always takes the slow path.
 */
public final class LoopBinding {

    private final Object primitive;
    /** Makes the primitive's probe; called each time the primitive binds to a loop. */
    private final Supplier<ProgressProbe> probe;
    /** True when the primitive holds no state tied to its loop: it may move to another one. */
    private final BooleanSupplier idle;
    /**
     * The loop of the first use, or null before it; changed only in the slow path. A plain field,
     * like all loop-confined state: a use from another thread races with the owner's uses anyway,
     * and is caught whenever that thread sees the binding (in particular after any hand-over of
     * the primitive between threads that orders them, such as starting a thread or a volatile
     * publication).
     */
    private EventLoop loop;
    /** What the primitive hands out, recorded while it is bound to a loop in debug mode; else null. */
    private Acquisitions acquisitions;
    /** Whether the bound loop reads the probe (a listener or debug mode); see {@link #recordsHolders}. */
    private boolean observed;

    static {
        // Loads Acquisitions together with this class (the JDK's own idiom, as in LockSupport's
        // users). While no loop runs in debug mode nothing else loads it, and C2 does not inline a
        // method whose return type is an unloaded class: acquisitions(), which the primitives' fast
        // paths call on every acquire and release, stayed a real call there (-XX:+PrintInlining:
        // "unloaded signature classes"). UncontendedBenchmark.loopsyncLock, back to back on one
        // machine: 14.4 ns per pair without this line, 10.8 ns with it, 4.6 ns before debug mode.
        Class<?> ensureLoaded = Acquisitions.class;
    }

    /**
     * Creates the binding of one primitive.
     *
     * @param primitive the primitive, named in error messages
     * @param probe makes the primitive's progress probe, registered with each loop it binds to
     * @param idle whether the primitive holds no state tied to its loop (no parked waiter, no
     *     hand-off in progress, nothing held); called only when its bound loop has closed
     */
    public LoopBinding(Object primitive, Supplier<ProgressProbe> probe, BooleanSupplier idle) {
        this.primitive = primitive;
        this.probe = probe;
        this.idle = idle;
    }

    /**
     * Verifies that the caller runs on the primitive's loop, binding the primitive to the caller's
     * loop on its first use (or moving it there, idle, from a loop that has closed). Allocates
     * nothing once bound.
     *
     * @param operation the operation, for the message
     * @return the caller's loop, to which the primitive is now bound
     * @throws IllegalStateException from a thread that runs no loop, from another loop's thread,
     *     or when the bound loop has closed and the primitive is not idle
     */
    public EventLoop check(String operation) {
        EventLoop bound = loop;
        if (bound != null && bound.isCurrent()) {
            return bound;
        }
        return bindSlow(operation);
    }

    private EventLoop bindSlow(String operation) {
        EventLoop current = EventLoop.currentOrNull();
        if (current == null) {
            throw new IllegalStateException(operation + "() on " + primitive + " from thread "
                    + Thread.currentThread().getName() + ", which runs no event loop; the primitive is loop-confined");
        }
        EventLoop bound = loop;
        if (bound == current) {
            return current;
        }
        if (bound != null) {
            // isClosed() is a volatile read: seeing it true, this thread also sees everything the
            // closed loop's thread did to the primitive.
            if (!bound.isClosed()) {
                throw new IllegalStateException(operation + "() on " + primitive + " from " + current
                        + ", but it is bound to " + bound + " (its first use was there)");
            }
            if (!idle.getAsBoolean()) {
                throw new IllegalStateException(operation + "() on " + primitive + " from " + current
                        + ", but it is bound to " + bound + ", which is closed, and it still has waiters"
                        + " or holders from that loop; only an idle primitive moves to a new loop");
            }
        }
        loop = current;
        // Introduce the primitive to the loop's listener (the harness), so that it can check
        // progress and report what is still held at the end. In debug mode the probe carries the
        // record of acquisitions, which the loop reports if the primitive is still held at close.
        ProgressProbe made = probe.get();
        acquisitions = current.isDebug() ? new Acquisitions(made, idle) : null;
        current.registerProbe(acquisitions != null ? acquisitions : made);
        observed = current.readsProbes();
        return current;
    }

    /**
     * The loop the primitive is bound to, or {@code null} before its first use; for the bound
     * loop's thread.
     *
     * @return the bound loop
     */
    public EventLoop boundLoop() {
        return loop;
    }

    /**
     * Debug mode's record of what a lock or semaphore hands out, or {@code null} when the bound
     * loop is not in debug mode (the primitives' hot paths test this one field and do nothing
     * more).
     *
     * @return the record, or {@code null}
     */
    public Acquisitions acquisitions() {
        return acquisitions;
    }

    /**
     * Whether the primitive should keep records that only its probe reads, such as the task that
     * holds it: true when the bound loop has a listener (the harness) or runs in debug mode, false
     * on a plain loop, which drops the probe. Fixed from the binding on; a primitive moves to a new
     * loop only when idle, so no record is missing when the answer changes.
     *
     * @return whether the bound loop reads the probe
     */
    public boolean recordsHolders() {
        return observed;
    }
}
