package io.github.loopsync.harness;

/**
 * Which orders of the ready callbacks the harness may choose: the contract the code under test
 * is allowed to rely on.
 */
public enum Ordering {
    /** Exactly the loop's FIFO order; only injected cancellations vary. */
    STRICT_FIFO,
    /**
     * Callbacks of the same task keep their FIFO order; callbacks of different tasks, timers and
     * posts may run in any order (the effect of arbitrary latencies). The default.
     */
    PER_ORIGIN_FIFO,
    /** Any ready callback may run next. */
    ANY
}
