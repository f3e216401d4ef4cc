package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.Task;
import java.util.List;

/**
 * What the engine tells a loop in debug mode: each callback's start and end (to time it and to
 * check the waiting futures it created), and the two moments of a close (before the unfinished
 * tasks are cancelled, and once everything has unwound). A loop not in debug mode has none, and the
 * engine then tests one field per callback. Loop-confined.
 */
public interface DebugHooks {

    /**
     * Just before a callback runs.
     *
     * @return the loop time it starts at
     */
    long stepStarting();

    /**
     * Just after a callback returned or threw.
     *
     * @param entry the ready entry that ran: a Runnable, or a LoopFuture that was delivered
     * @param task the task it ran for, or null
     * @param startedAt what {@link #stepStarting()} returned
     */
    void stepFinished(Object entry, Task<?> task, long startedAt);

    /**
     * The loop begins to close; the unfinished tasks are about to be cancelled.
     *
     * @param unfinished the loop's unfinished tasks, oldest first
     */
    void closing(List<Task<?>> unfinished);

    /** The loop has closed: its tasks have unwound and its last callbacks have run. */
    void closed();
}
