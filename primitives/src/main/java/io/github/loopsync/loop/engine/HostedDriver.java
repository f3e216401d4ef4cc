package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.spi.LoopHost;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Drives a loop that runs on a {@link LoopHost}'s thread: asks the host for one task at a time,
 * runs a bounded batch of iterations in it, and maps the earliest timer onto the host's
 * scheduler. {@link #requestBatch()} is safe from any thread; everything else runs on the host
 * thread.
 */
public final class HostedDriver {

    private static final VarHandle REQUESTED;

    static {
        try {
            REQUESTED = MethodHandles.lookup().findVarHandle(HostedDriver.class, "requested", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LoopHost host;
    private final LoopDriver driver;
    private final Scheduler scheduler;
    private final LoopInbox inbox;
    private final int iterationsPerBatch;
    /** Publishes the closed state on the loop side; called on the host thread once the loop closed. */
    private final Runnable finishClose;
    /** 1 from a request until the requested batch starts; at most one batch task is queued. */
    private volatile int requested;
    /** Set when the host refused a batch: it has shut down although the loop had not closed. */
    private volatile RejectedExecutionException refused;
    private final CountDownLatch closed = new CountDownLatch(1);
    /** The task the host runs for a batch, and the one a timer runs; allocated once. */
    private final Runnable batchTask = this::requestedBatch;
    private final Runnable timerTask = this::timerFired;
    /** Hands requests from code on the host thread between batches to {@link #requestBatch()}. */
    private final Runnable requestBatch = this::requestBatch;

    // ---- host thread only
    private Future<?> armedTimer;
    private long armedDeadline = Long.MAX_VALUE;

    /*
     * Implementation notes. A request sets `requested` from 0 to 1 and queues one batch task;
     * the batch clears it before it looks for work, so a post that arrives after the clear queues
     * the next batch, and one that arrives before it is seen by this batch (the same
     * publish-then-check handshake as the inbox's park). Callbacks scheduled on the host thread
     * outside a batch (a handler calling acquire(), createTask) reach requestBatch through the
     * scheduler's idle wake, which is cleared while a batch runs, since the batch itself will see
     * them. A batch ends after iterationsPerBatch iterations or at the first idle one; with work
     * left it queues the next batch behind the host's other tasks, else it arms one host timer
     * for the earliest deadline. A stale timer (its loop timer cancelled or re-armed earlier) only
     * runs an empty batch.
     */

    /**
     * The driver of a loop on {@code host}.
     *
     * @param host the host
     * @param driver the loop's driver
     * @param scheduler the loop's scheduler
     * @param inbox the loop's inbox
     * @param finishClose publishes the closed state on the loop side, and calls {@link #closed()}
     */
    public HostedDriver(LoopHost host, LoopDriver driver, Scheduler scheduler, LoopInbox inbox, Runnable finishClose) {
        this.finishClose = finishClose;
        this.host = host;
        this.driver = driver;
        this.scheduler = scheduler;
        this.inbox = inbox;
        this.iterationsPerBatch = host.iterationsPerBatch();
        if (iterationsPerBatch < 1) {
            throw new IllegalArgumentException("iterationsPerBatch: " + iterationsPerBatch + " (expected: >= 1)");
        }
        inbox.setWaker(requestBatch);
        scheduler.idleWake(requestBatch);
    }

    /** Any thread: makes sure one batch is queued on the host. */
    public void requestBatch() {
        if ((int) REQUESTED.getVolatile(this) == 0 && REQUESTED.compareAndSet(this, 0, 1)) {
            try {
                host.execute(batchTask);
            } catch (RejectedExecutionException hostDown) {
                refused = hostDown;
                REQUESTED.setVolatile(this, 0);
            }
        }
    }

    private void requestedBatch() {
        REQUESTED.setVolatile(this, 0);
        runBatch();
    }

    private void timerFired() {
        armedTimer = null;
        armedDeadline = Long.MAX_VALUE;
        runBatch();
    }

    /** Host thread: runs up to iterationsPerBatch iterations, then asks for more or arms a timer. */
    private void runBatch() {
        if (driver.isClosed() || driver.isRunning()) {
            return;                                     // closed, or nested in a running batch that sees the work
        }
        scheduler.idleWake(null);
        try {
            driver.drive(() -> true, false, iterationsPerBatch);
        } finally {
            scheduler.idleWake(driver.isClosed() ? null : requestBatch);
        }
        if (driver.isClosed()) {
            finishClose.run();
            return;
        }
        if (scheduler.ready.size() > 0 || !inbox.isEmpty() || inbox.isStopRequested()) {
            requestBatch();
        } else {
            armTimer();
        }
    }

    private void armTimer() {
        long deadline = scheduler.nextDeadline();
        if (deadline == Long.MAX_VALUE || (armedTimer != null && armedDeadline <= deadline)) {
            return;
        }
        long delay = scheduler.idleNanos(deadline);
        if (delay <= 0) {
            requestBatch();                             // a virtual clock moved: the timer is due now
            return;
        }
        if (armedTimer != null) {
            armedTimer.cancel(false);
        }
        armedDeadline = deadline;
        try {
            armedTimer = host.schedule(timerTask, delay);
        } catch (RejectedExecutionException hostDown) {
            refused = hostDown;
            armedTimer = null;
            armedDeadline = Long.MAX_VALUE;
        }
    }

    /** Host thread: the loop has closed; drops the armed timer and releases close() callers. */
    public void closed() {
        scheduler.idleWake(null);
        if (armedTimer != null) {
            armedTimer.cancel(false);
            armedTimer = null;
        }
        closed.countDown();
    }

    /**
     * Any thread but the host's: waits until the loop has closed on the host thread.
     *
     * @param loop the loop, for the message
     * @param timeoutNanos the longest wait
     * @throws IllegalStateException if the host refused the loop's work, the close has not run
     *     within the timeout, or this is the host thread and the loop has not bound to it yet
     */
    public void awaitClosed(EventLoop loop, long timeoutNanos) {
        if (closed.getCount() > 0 && host.inHostThread()) {
            throw new IllegalStateException("close() of " + loop + " on its host's thread before the loop bound to it;"
                    + " waiting here would block the close it waits for");
        }
        boolean interrupted = false;
        long start = System.nanoTime();
        try {
            while (closed.getCount() > 0) {
                RejectedExecutionException hostDown = refused;
                if (hostDown != null) {
                    throw new IllegalStateException("close() of " + loop + ": its host " + host
                            + " refused the loop's work, so the loop cannot close on it; close a hosted loop"
                            + " before its host shuts down", hostDown);
                }
                long remaining = timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    throw new IllegalStateException("close() of " + loop + " gave up after "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: its host " + host
                            + " has not run the close (a host task that blocks or never returns). Inbox: "
                            + inbox.describe());
                }
                try {
                    closed.await(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "HostedDriver[" + host + "]";
    }
}
