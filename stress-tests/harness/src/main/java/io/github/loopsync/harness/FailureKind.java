package io.github.loopsync.harness;

/** What went wrong in a failing run. */
public enum FailureKind {
    /** A check or assertion failed (in the body, a task, or the end-of-run check). */
    ASSERTION,
    /** An exception escaped a task or callback, or the main stage failed. */
    EXCEPTION,
    /** An invariant registered with {@link RaceRun#invariant} became false after a step. */
    INVARIANT,
    /** A primitive was free while a waiter stayed parked: a lost wake-up, reported at its step. */
    LOST_WAKEUP,
    /** Nothing could run, no timer was pending, and the main task had not finished. */
    DEADLOCK,
    /** The step bound was reached: a livelock or a scenario too long for the bound. */
    STEP_LIMIT,
    /** The main task finished but left tasks waiting or waiters parked. */
    LEAK
}
