package io.github.loopsync.loop;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Drives a loop's iterations and carries it through its lifecycle: open, closing (tasks cancelled
 * and unwinding, accepted posts still running) and closed. Loop-confined.
 */
final class LoopDriver {

    static final int OPEN = 0;
    static final int CLOSING = 1;
    static final int CLOSED = 2;

    private final EventLoop loop;
    private final LoopScheduler scheduler;
    private final LoopInbox inbox;
    private final TaskRegistry tasks;
    private final UnobservedFailures unobservedFailures;
    int lifecycle = OPEN;
    /** True while a driving method runs callbacks: close() then only requests the stop. */
    boolean running;

    LoopDriver(EventLoop loop, LoopScheduler scheduler, LoopInbox inbox, TaskRegistry tasks,
            UnobservedFailures unobservedFailures) {
        this.loop = loop;
        this.scheduler = scheduler;
        this.inbox = inbox;
        this.tasks = tasks;
        this.unobservedFailures = unobservedFailures;
    }

    void checkDrivable(String operation) {
        if (running) {
            throw new IllegalStateException(operation + "() called from a callback of " + loop
                    + "; a loop cannot be driven re-entrantly");
        }
        if (lifecycle != OPEN) {
            throw new IllegalStateException(operation + "() on closed " + loop);
        }
    }

    /**
     * Runs up to {@code maxIterations} iterations while {@code keepGoing} holds and nobody asked to
     * stop; without {@code mayBlock} it also stops at the first idle iteration. A stop request is
     * honoured by shutting down afterwards.
     *
     * @return the number of callbacks run
     */
    int drive(BooleanSupplier keepGoing, boolean mayBlock, int maxIterations) {
        int total = 0;
        running = true;
        try {
            for (int i = 0; i < maxIterations && keepGoing.getAsBoolean() && !inbox.isStopRequested(); i++) {
                int ran = scheduler.runIteration(mayBlock, true);
                total += ran;
                if (ran == 0 && !mayBlock) {
                    break;
                }
            }
        } finally {
            running = false;
        }
        if (inbox.isStopRequested()) {
            shutdown();
        }
        return total;
    }

    /**
     * Closes the loop on its thread: cancels every task and lets them unwind (they may still
     * sleep or wait), fails timers that own a future, closes the inbox's gate, runs every post
     * that was accepted, and reports unobserved failures.
     */
    void shutdown() {
        if (lifecycle != OPEN) {
            return;
        }
        lifecycle = CLOSING;
        String reason = "event loop " + loop.name() + " is closing";
        for (Task<?> task : tasks.snapshot()) {
            task.cancel(reason);
        }
        cancelTimers(reason);
        running = true;
        try {
            while (tasks.size() > 0) {
                if (!scheduler.hasWork()) {
                    for (Task<?> stuck : tasks.snapshot()) {
                        loop.reportError("task did not finish after the loop cancelled it at close",
                                new IllegalStateException(stuck + " is still waiting"), stuck);
                    }
                    break;
                }
                scheduler.runIteration(scheduler.timers.size() > 0, false);
            }
            inbox.closeGate();
            while (scheduler.ready.size() > 0 || !inbox.isEmpty()) {
                scheduler.runIteration(false, false);
            }
            cancelTimers(reason);
        } finally {
            running = false;
        }
        unobservedFailures.reportAll();
        scheduler.ready.clear();
        lifecycle = CLOSED;
    }

    private void cancelTimers(String reason) {
        for (TimerHandle timer : scheduler.timers.drain()) {
            if (timer.callback instanceof LoopClosingAware) {
                try {
                    ((LoopClosingAware) timer.callback).loopClosing(new LoopCancellationException(reason));
                } catch (Throwable error) {
                    loop.reportError("timer cleanup raised", error, null);
                }
            }
        }
    }

    /** A timer callback that owns a future; told to fail it when the loop closes first. */
    interface LoopClosingAware {
        void loopClosing(CancellationException reason);
    }
}
