package io.github.loopsync.loop.spi;

import io.github.loopsync.loop.Task;
import java.util.List;

/**
 * A synchronization primitive's self-check, handed to the loop's {@link LoopListener} when the
 * primitive binds to the loop (its first use there, of any kind). The race-condition harness
 * evaluates every probe after every step: a primitive that could satisfy a parked waiter while no
 * hand-off is pending has lost a wake-up, and the harness reports it at the step it happened.
 *
 * <p><b>Loop confinement.</b> Call the methods on the loop's thread only.
 */
public interface ProgressProbe {

    /**
     * The primitive's state, as its {@code toString()} gives it.
     *
     * @return a description such as {@code AsyncLock[locked, waiters:2]}
     */
    String describe();

    /**
     * The number of waiters parked on the primitive (not counting ones granted and not yet
     * resumed).
     *
     * @return the count
     */
    int parkedWaiters();

    /**
     * True when the primitive could satisfy one of its parked waiters but has not handed anything
     * to it: a lost wake-up. Never true for a correct primitive between steps.
     *
     * @return whether progress is lost
     */
    boolean lostWakeup();

    /**
     * The tasks holding the primitive, if it tracks them (a lock does): the targets of the
     * wait-for edges in a deadlock report.
     *
     * @return the holders, possibly empty
     */
    default List<Task<?>> holders() {
        return List.of();
    }

    /**
     * The tasks parked on the primitive, oldest first: the sources of the wait-for edges.
     *
     * @return the waiting tasks, possibly empty
     */
    default List<Task<?>> waitingTasks() {
        return List.of();
    }
}
