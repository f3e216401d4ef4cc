package io.github.loopsync.loop.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The loop's door to other threads. This class is concurrent: any thread may post, request a
 * stop or wake the loop; only the loop thread takes posts out, parks and closes the gate.
 */
public final class LoopInbox {

    private static final VarHandle PARKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PARKED = lookup.findVarHandle(LoopInbox.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpscInbox queue = new MpscInbox();
    /** The thread that parks; set before any post can need to wake it. */
    private volatile Thread loopThread;
    /** Set once by the loop thread when the inbox stops accepting posts (closeGate). */
    private volatile boolean closed;
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
     * the tail. Closing is exact by the same kind of handshake, on the tail and the closed flag:
     * a poster swaps its node in and then reads closed; the loop starts claiming, writes closed
     * and then drains until the tail is reached. A poster that reads false is accepted, and the
     * drain, which reads the tail after the flag, is bound to find its node. A poster that reads
     * true withdraws its node: if that succeeds the post is refused and never runs; if it fails,
     * the loop took the callback first and it runs. No post in flight is counted, so a post costs
     * one atomic exchange and two volatile reads, and writes no field that other posters write.
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
        if (closed) {
            return false;
        }
        MpscInbox.Node node = queue.offer(callback);
        if (closed && queue.withdraw(node)) {
            return false;                               // closed, and the loop had not taken it: refused
        }
        wake();
        return true;
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

    /**
     * Loop thread: the newest post so far, as a bound for {@link #pollThrough}.
     *
     * @return the inbox's newest node
     */
    public MpscInbox.Node newest() {
        return queue.newest();
    }

    /**
     * Loop thread: the oldest post up to {@code last}, or null.
     *
     * @param last what {@link #newest} returned
     * @return the post, or null once {@code last} has been taken
     */
    public Runnable pollThrough(MpscInbox.Node last) {
        return queue.pollThrough(last);
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
     * stop requested, gate open}. The pending count is exact while the loop is parked.
     */
    public String describe() {
        int parkedNow = (int) PARKED.getVolatile(this);
        int pending = queue.pendingCount(1_000_000);
        return "parked=" + parkedNow + ", " + pending + (pending == 1_000_000 ? "+" : "") + " posts pending, "
                + (stopRequested ? "stop requested" : "no stop requested") + ", gate " + (closed ? "closed" : "open");
    }

    /**
     * Loop thread: refuses every later post. Each post accepted before is in the queue, or has its
     * node swapped in and linked in a moment, so draining until {@link #isEmpty} runs them all.
     */
    public void closeGate() {
        queue.startClaiming();
        closed = true;
    }
}
