package io.github.loopsync.harness;

/** How the harness explores schedules. Every strategy runs the production (FIFO) schedule first. */
public enum Strategy {
    /** Only the production schedule: every choice takes its default. */
    FIFO,
    /** Seeded uniform random choices, {@code maxSchedules} runs. */
    RANDOM,
    /**
     * Probabilistic concurrency testing: random task priorities with a few priority change points
     * (Burckhardt et al., ASPLOS 2010).
     */
    PCT,
    /**
     * The default: depth-first search over every schedule within 1, then 2, ... up to {@code
     * maxDelays} deviations from the default, each bound finished before the next starts (so the
     * first failure found has the fewest deviations), with at most half of {@code maxSchedules};
     * then, unless that tried every schedule, PCT and uniform random samples until the budget is
     * spent.
     */
    DELAY_BOUNDED,
    /**
     * Depth-first search over every schedule, up to {@code maxSchedules}; the result says whether
     * it was complete.
     */
    EXHAUSTIVE,
    /**
     * Delay-bounded search as in {@link #DELAY_BOUNDED} with half the schedules, then PCT (depth
     * 3) to three quarters, then uniform random samples until the budget is spent.
     */
    PORTFOLIO
}
