package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.TimerHandle;
import java.util.function.BooleanSupplier;

/**
 * Drives a loop's iterations and carries it through its lifecycle: open, closing (tasks cancelled
 * and unwinding, accepted posts still running) and closed. Loop-confined.
 */
public final class LoopDriver {

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final EventLoop loop;
    private final Scheduler scheduler;
    private final LoopInbox inbox;
    private final TaskRegistry tasks;
    private final UnobservedFailures unobservedFailures;
    private int lifecycle = OPEN;
    /** True while a driving method runs callbacks: close() then only requests the stop. */
    private boolean running;
    /** Hooks from other threads that the closed inbox refused; run in the final drain or after it. */
    private final LateHooks lateHooks;

    /**
     * The driver of {@code loop}, over its engine's parts.
     *
     * @param loop the loop, for names and messages
     * @param scheduler its scheduler
     * @param inbox its inbox
     * @param tasks its unfinished tasks
     * @param unobservedFailures its failures nobody has looked at
     */
    public LoopDriver(EventLoop loop, Scheduler scheduler, LoopInbox inbox, TaskRegistry tasks,
            UnobservedFailures unobservedFailures) {
        this.loop = loop;
        this.scheduler = scheduler;
        this.inbox = inbox;
        this.tasks = tasks;
        this.unobservedFailures = unobservedFailures;
        this.lateHooks = new LateHooks((message, error) -> scheduler.reportError(message, error, null));
    }

    /**
     * The hooks that other threads bring once the inbox has closed; this class is concurrent.
     *
     * @return the loop's late hooks
     */
    public LateHooks lateHooks() {
        return lateHooks;
    }

    /**
     * Whether the loop is open: neither closing nor closed.
     *
     * @return {@code true} while open
     */
    public boolean isOpen() {
        return lifecycle == OPEN;
    }

    /**
     * Whether the loop is closing: its tasks cancelled and unwinding, accepted posts still running.
     *
     * @return {@code true} while closing
     */
    public boolean isClosing() {
        return lifecycle == CLOSING;
    }

    /**
     * Whether the loop has closed.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return lifecycle == CLOSED;
    }

    /**
     * Whether a driving method runs callbacks right now.
     *
     * @return {@code true} while driving
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Refuses to drive the loop re-entrantly or once it is closing or closed.
     *
     * @param operation the public operation, for the message
     * @throws IllegalStateException if the loop cannot be driven now
     */
    public void checkDrivable(String operation) {
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
     * @param keepGoing checked before every iteration
     * @param mayBlock whether an idle loop parks
     * @param maxIterations the most iterations to run
     * @return the number of callbacks run
     */
    public int drive(BooleanSupplier keepGoing, boolean mayBlock, int maxIterations) {
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
    public void shutdown() {
        if (lifecycle != OPEN) {
            return;
        }
        lifecycle = CLOSING;
        DebugHooks debug = scheduler.debugHooks();
        if (debug != null) {
            debug.closing(tasks.snapshot());
        }
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
                        scheduler.reportError("task did not finish after the loop cancelled it at close",
                                new IllegalStateException(stuck + " is still waiting"), stuck);
                    }
                    break;
                }
                scheduler.runIteration(scheduler.timers.size() > 0, false);
            }
            inbox.closeGate();
            drainClosing();
            lateHooks.close(this::drainClosing);
            cancelTimers(reason);
        } finally {
            running = false;
        }
        unobservedFailures.reportAll();
        if (debug != null) {
            debug.closed();
        }
        scheduler.ready.clear();
        lifecycle = CLOSED;
    }

    /** After the gate closed: the accepted posts, the ready steps and the late hooks, until none is left. */
    private void drainClosing() {
        do {
            while (scheduler.ready.size() > 0 || !inbox.isEmpty()) {
                scheduler.runIteration(false, false);
            }
        } while (lateHooks.drain());
    }

    private void cancelTimers(String reason) {
        for (TimerHandle timer : scheduler.timers.drain()) {
            Runnable callback = scheduler.timers.callback(timer);
            if (callback instanceof LoopClosingAware) {
                try {
                    ((LoopClosingAware) callback).loopClosing(reason);
                } catch (Throwable error) {
                    scheduler.reportError("timer cleanup raised", error, null);
                }
            }
        }
    }

    /** A timer callback that owns a future; told to fail it when the loop closes first. */
    public interface LoopClosingAware {
        /**
         * The loop closes before the timer fired.
         *
         * @param reason the message of the {@link io.github.loopsync.loop.LoopCancellationException} to fail
         *     the future with
         */
        void loopClosing(String reason);
    }
}
