package io.github.loopsync.loop.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The loop's door to other threads. This class is concurrent: any thread may post, request a
 * stop or wake the loop; only the loop thread takes posts out, parks and closes the gate.
 */
public final class LoopInbox {

    /** Bit of {@link #gate} set when the inbox stops accepting posts. */
    private static final int GATE_CLOSED = 1 << 31;
    private static final VarHandle GATE;
    private static final VarHandle PARKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GATE = lookup.findVarHandle(LoopInbox.class, "gate", int.class);
            PARKED = lookup.findVarHandle(LoopInbox.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpscInbox queue = new MpscInbox();
    /** The thread that parks; set before any post can need to wake it. */
    private volatile Thread loopThread;
    /** Posts in flight (low bits) and GATE_CLOSED; a post is accepted iff it counted in while open. */
    private volatile int gate;
    /** 1 while the loop thread is parked or about to park; a poster that sees 1 unparks it. */
    private volatile int parked;
    /** Set by close() from any thread; the loop stops driving and shuts down. */
    private volatile boolean stopRequested;
    /** For a hosted loop: asks the host for a batch after a post or a stop request; null otherwise. */
    private volatile Runnable waker;

    /*
     * Implementation notes. The park/wake handshake is Dekker-style on two volatiles: the loop
     * writes parked = 1 and then reads the queue's tail; a poster swaps the tail and then reads
     * parked. Volatile accesses are sequentially consistent, so at least one side sees the other's
     * write: either the loop sees the post and does not park, or the poster sees parked == 1 and
     * unparks the thread. A stop request uses the same handshake with stopRequested in place of
     * the tail. The gate makes close exact: a poster counts itself in before enqueueing and out
     * after; closeGate sets GATE_CLOSED and waits for the count to drain, so every post that was
     * accepted is in the queue before the final drain, and every later post is rejected.
     */

    /** An open inbox with no loop thread yet. */
    public LoopInbox() {
    }

    /** Sets the thread that parks; before any post can need to wake it. */
    public void setLoopThread(Thread thread) {
        loopThread = thread;
    }

    /**
     * Makes every accepted post and stop request also run {@code waker} (a hosted loop's request
     * for a batch); set before any other thread can see the loop.
     *
     * @param waker the request, safe from any thread
     */
    public void setWaker(Runnable waker) {
        this.waker = waker;
    }

    /** Any thread: enqueues unless the gate is closed; the accepted callback will run. */
    public boolean tryPost(Runnable callback) {
        int before = (int) GATE.getAndAdd(this, 1);
        try {
            if ((before & GATE_CLOSED) != 0) {
                return false;
            }
            queue.offer(callback);
            wake();
            return true;
        } finally {
            GATE.getAndAdd(this, -1);
        }
    }

    /** Any thread: asks the loop to stop driving and shut down. */
    public void requestStop() {
        stopRequested = true;
        wake();
    }

    /** Any thread: whether a stop was requested. */
    public boolean isStopRequested() {
        return stopRequested;
    }

    /** Diagnostics, any thread: whether the parked flag is set now. */
    public boolean isParkedFlagSet() {
        return (int) PARKED.getVolatile(this) == 1;
    }

    private void wake() {
        Runnable hostWake = waker;
        if (hostWake != null) {
            hostWake.run();
        }
        if ((int) PARKED.getVolatile(this) == 1 && PARKED.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(loopThread);
        }
    }

    /** Loop thread: the oldest post, or null. */
    public Runnable poll() {
        return queue.poll();
    }

    /** Loop thread: true when nothing was posted since the last poll. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Loop thread: parks for at most {@code nanos} (Long.MAX_VALUE: until woken) unless a post is
     * waiting or, when {@code honorStop}, a stop was requested. Spurious returns are harmless: the
     * caller re-checks.
     */
    public void park(long nanos, boolean honorStop) {
        PARKED.setVolatile(this, 1);
        if (queue.isEmpty() && !(honorStop && stopRequested)) {
            if (nanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
        }
        PARKED.setVolatile(this, 0);
    }

    /**
     * Diagnostics, from any thread: the handshake's state, for the report of a close that cannot
     * complete and for the tests' stall watchdogs. For example {@code parked=1, 2 posts pending,
     * 0 posts in flight, stop requested, gate open}. The pending count is exact while the loop
     * is parked.
     */
    public String describe() {
        int parkedNow = (int) PARKED.getVolatile(this);
        int gateNow = (int) GATE.getVolatile(this);
        int pending = queue.pendingCount(1_000_000);
        return "parked=" + parkedNow + ", " + pending + (pending == 1_000_000 ? "+" : "") + " posts pending, "
                + (gateNow & ~GATE_CLOSED) + " posts in flight, " + (stopRequested ? "stop requested" : "no stop requested")
                + ", gate " + ((gateNow & GATE_CLOSED) != 0 ? "closed" : "open");
    }

    /** Loop thread: rejects every later post and waits until the posts in flight are enqueued. */
    public void closeGate() {
        GATE.getAndBitwiseOr(this, GATE_CLOSED);
        while (((int) GATE.getVolatile(this) & ~GATE_CLOSED) != 0) {
            Thread.onSpinWait();
        }
    }
}
