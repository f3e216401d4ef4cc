/**
 * The event loop and its tasks.
 *
 * <ul>
 *   <li>{@link io.github.loopsync.loop.EventLoop}: runs callbacks, timers and tasks on one thread,
 *       in asyncio's order; the only thread-safe entry points are {@code execute}, {@code submit},
 *       {@code runInExecutor} and {@code close}.</li>
 *   <li>{@link io.github.loopsync.loop.LoopFuture}: a {@code CompletableFuture} whose completion
 *       is delivered by the loop at its next step, and whose cancellation hands back a grant not
 *       yet delivered.</li>
 *   <li>{@link io.github.loopsync.loop.Task}: a body returning a {@code CompletionStage}, run and
 *       cancelled like an asyncio task.</li>
 *   <li>{@link io.github.loopsync.loop.Tasks}, {@link io.github.loopsync.loop.TaskGroup}, {@link
 *       io.github.loopsync.loop.Timeout}: sleep, timeouts, gather, wait, structured groups.</li>
 * </ul>
 */
package io.github.loopsync.loop;
