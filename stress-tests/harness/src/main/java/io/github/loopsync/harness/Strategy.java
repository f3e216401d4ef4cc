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
     * Depth-first search over schedules with at most {@code maxDelays} deviations from the
     * default, by iterative deepening: the first failure found has the fewest deviations.
     */
    DELAY_BOUNDED,
    /** Depth-first search over every schedule, up to {@code maxSchedules}; reports whether it was complete. */
    EXHAUSTIVE,
    /**
     * For CI under a budget: FIFO, then delay-bounded search up to {@code maxDelays} with half the
     * schedules, then PCT and random with a quarter each.
     */
    PORTFOLIO
}
