package io.github.loopsync.harness;

/**
 * Which orders of the ready callbacks the harness may choose: the contract the code under test
 * is allowed to rely on.
 */
public enum Ordering {
    /** Exactly the loop's FIFO order; only injected cancellations vary. */
    STRICT_FIFO,
    /**
     * Only the orders the loop does not promise (the default): a callback may run before older
     * ones of the current iteration unless one of them has the same origin (what scheduled it: a
     * task, a timer's scheduler, the posting thread) or runs for the same task. Callbacks made
     * ready during an iteration wait for the next, as in production. See the loop guide's "The
     * order things run in".
     */
    PER_ORIGIN_FIFO,
    /**
     * Any ready callback may run next, even against the loop's promises: for proving that code
     * relies on no order at all. A failure found only under this model may be a false alarm.
     */
    ANY
}
