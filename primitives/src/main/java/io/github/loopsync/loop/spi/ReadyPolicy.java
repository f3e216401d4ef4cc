package io.github.loopsync.loop.spi;

/**
 * Chooses which ready callback the loop runs next.
 *
 * <p>Production loops use {@link #FIFO}: always the oldest, which together with the loop's
 * iteration rule gives asyncio's order exactly. The race-condition harness supplies policies that
 * pick other entries to explore the schedules a different timing could have produced.
 *
 * <p><b>Loop confinement.</b> Called on the loop's thread, with at least one entry ready.
 */
@FunctionalInterface
public interface ReadyPolicy {

    /** Always the oldest ready callback: the production order. */
    ReadyPolicy FIFO = ready -> 0;

    /**
     * Picks the next callback to run.
     *
     * @param ready the ready callbacks, oldest first; never empty
     * @return the index of the chosen callback, {@code 0 <= index < ready.size()}
     */
    int next(ReadyQueueView ready);
}
