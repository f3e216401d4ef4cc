/**
 * Hand-off between plain threads and an event loop: {@link io.github.loopsync.bridge.BridgeQueue},
 * the one thread-safe type of loopsync besides the loop's own inbox.
 */
package io.github.loopsync.bridge;
