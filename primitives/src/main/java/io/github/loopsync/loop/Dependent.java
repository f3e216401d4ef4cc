package io.github.loopsync.loop;

/**
 * Something that waits for a loop future's outcome: a dependent stage, a combinator's input, a
 * task waiting for its body. Fired once, on the loop thread, with the value or the failure (never
 * wrapped in a {@link java.util.concurrent.CompletionException}).
 */
interface Dependent {

    /**
     * Receives the outcome.
     *
     * @param value the value, if {@code failure} is null
     * @param failure the failure, or null
     */
    void fire(Object value, Throwable failure);
}
