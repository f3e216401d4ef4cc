package io.github.loopsync.internal;

/**
 * Marks a loop future that a waiting operation returns (a sleep, a condition's {@code awaitUntil},
 * a {@code BridgeQueue}'s loop-side get or put); every {@link Waiter} is one too. In debug mode,
 * the loop warns about such a future when nothing was chained on it by the end of the callback
 * that created it: the caller forgot to wait for it.
 */
public interface WaitingOperation {
}
