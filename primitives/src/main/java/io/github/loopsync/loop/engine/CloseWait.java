package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How {@link EventLoop#close()}, called from another thread, waits for a started loop's thread:
 * for a bounded time, after which it fails with a report of where the loop thread is and what its
 * inbox holds, instead of hanging the caller. Runs on the closing thread.
 */
public final class CloseWait {

    /** The default bound, see {@link io.github.loopsync.loop.EventLoopBuilder#closeTimeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private CloseWait() {
    }

    /*
     * Implementation notes. The bound is a real-time wait for another thread to end, like
     * Thread.join(millis), not loop time: a loop that is stuck does not advance its clock, and a
     * virtual clock never would. An interrupt does not shorten the wait (close() must not return
     * while the loop still runs); it is restored when the wait ends.
     */

    /**
     * Waits until {@code loopThread} has ended or {@code timeoutNanos} have passed.
     *
     * @throws IllegalStateException if the thread is still alive after the timeout, with the
     *     thread's stack as the cause
     */
    public static void awaitLoopThread(EventLoop loop, Thread loopThread, LoopInbox inbox, long timeoutNanos) {
        boolean interrupted = false;
        long start = System.nanoTime();
        try {
            while (loopThread.isAlive()) {
                long remaining = timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    throw stuck(loop, loopThread, inbox, timeoutNanos);
                }
                try {
                    TimeUnit.NANOSECONDS.timedJoin(loopThread, remaining);
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

    private static IllegalStateException stuck(EventLoop loop, Thread loopThread, LoopInbox inbox, long timeoutNanos) {
        Thread.State state = loopThread.getState();
        Object blocker = LockSupport.getBlocker(loopThread);
        StackTraceElement[] stack = loopThread.getStackTrace();
        String inboxState = inbox.describe();
        String diagnosis;
        if (blocker == inbox && !inbox.isParkedFlagSet()) {
            diagnosis = "the loop thread sleeps in the inbox's park although its parked flag is clear, so no post and "
                    + "no stop request will unpark it: a lost wake-up";
        } else if (blocker == inbox) {
            diagnosis = "the loop thread is parked in its inbox with the parked flag set, yet the stop request did not "
                    + "wake it";
        } else if (state == Thread.State.RUNNABLE) {
            diagnosis = "the loop thread is still running: a callback that does not return, or cancelled tasks that "
                    + "keep working";
        } else {
            diagnosis = "the loop thread is blocked inside a callback (" + state
                    + (blocker != null ? " on " + blocker : "") + "), and a blocked loop cannot close";
        }
        Throwable where = new Throwable("stack of loop thread " + loopThread.getName() + " (" + state + ")");
        where.setStackTrace(stack);
        return new IllegalStateException("close() of " + loop + " gave up after "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: its thread has not finished; " + diagnosis
                + ". Inbox: " + inboxState + ". The loop thread's stack is the cause; the thread is left running.",
                where);
    }
}
