package io.github.loopsync.loop.spi;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;

/**
 * Observes the loop's steps: one step is one callback run. The harness uses it to record traces
 * and to check invariants after every step. All methods default to doing nothing.
 *
 * <p><b>Loop confinement.</b> Called on the loop's thread. An exception thrown by a listener is
 * reported to the loop's exception handler like a callback's.
 */
public interface LoopListener {

    /**
     * Called just before a callback runs.
     *
     * @param loop the loop
     * @param task the task the callback runs for, or {@code null}
     * @param step the callback; its {@code toString()} describes it (as {@link
     *     ReadyQueueView#describe} does), computed only if the listener asks
     */
    default void beforeStep(EventLoop loop, Task<?> task, Object step) {
    }

    /**
     * Called when a loop future is created on the loop thread (a task starts waiting, or is about
     * to): the harness uses it to record where tasks suspend. Called on every creation, so an
     * implementation must be cheap unless it is recording.
     *
     * @param loop the loop
     * @param future the new future
     */
    default void futureCreated(EventLoop loop, io.github.loopsync.loop.LoopFuture<?> future) {
    }

    /**
     * Called just after a callback returned or threw.
     *
     * @param loop the loop
     */
    default void afterStep(EventLoop loop) {
    }

    /**
     * Called when a task is created, before its first step is scheduled.
     *
     * @param loop the loop
     * @param task the new task
     */
    default void taskCreated(EventLoop loop, Task<?> task) {
    }

    /**
     * Called when a synchronization primitive binds to the loop (its first use there, of any kind),
     * with the primitive's progress probe.
     *
     * @param loop the loop
     * @param probe the primitive's probe
     */
    default void probeRegistered(EventLoop loop, ProgressProbe probe) {
    }
}
