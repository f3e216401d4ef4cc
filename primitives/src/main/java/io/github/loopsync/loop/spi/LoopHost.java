package io.github.loopsync.loop.spi;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A thread that a loopsync {@link io.github.loopsync.loop.EventLoop} runs on without owning it: a
 * Netty event loop, a single-threaded executor, any run-to-completion task queue with one thread.
 * The loop gives the host batches of its work as tasks; the host runs them among its own.
 *
 * <p>Example: <pre>{@code
 * ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
 * EventLoop loop = EventLoop.builder().name("hosted").startOn(LoopHost.of(executor));
 * CompletableFuture<String> reply = loop.submit(() -> Tasks.sleep(Duration.ofMillis(5)).thenApply(v -> "done"));
 * }</pre>
 *
 * <p><b>What a host promises.</b>
 * <ul>
 *   <li><em>One thread.</em> Every task given to {@link #execute} or {@link #schedule} runs on the
 *       same thread, the one for which {@link #inHostThread()} is true, and never two at once.</li>
 *   <li><em>First in, first out.</em> Tasks given to {@link #execute} run in the order they were
 *       given, from any one thread; a task given while another runs runs after it.</li>
 *   <li><em>Run to completion.</em> A task is never interrupted by another task of the host.</li>
 *   <li><em>Timers.</em> A task given to {@link #schedule} runs on the host thread no earlier than
 *       its delay; cancelling the returned future before it ran keeps it from running (a late run
 *       of a cancelled timer is harmless).</li>
 *   <li><em>Shutdown.</em> If the host can tell, it runs the hook given to {@link #onShutdown} on
 *       its thread before it stops running tasks; the hook closes the loop there. Once the host
 *       refuses tasks ({@link java.util.concurrent.RejectedExecutionException}) the loop must have
 *       been closed.</li>
 * </ul>
 *
 * <p><b>Batches.</b> The loop asks for one task at a time: when work becomes ready while it is
 * idle (a callback scheduled by code running on the host thread, a post from another thread, a
 * cancellation), and when a timer falls due. Each task runs at most {@link #iterationsPerBatch()}
 * loop iterations, with asyncio's order inside and across them; if work is left, the loop asks
 * for another task, so the host's other work runs in between and is not starved. The loop keeps
 * its own timer heap and maps only its earliest deadline onto the host's scheduler.
 *
 * <p><b>Loop confinement.</b> The loop bound to a host is the current loop of the host thread:
 * {@link io.github.loopsync.loop.EventLoop#current()} there returns it, and code in the host's
 * own tasks (a Netty handler, a task of the executor) may use loopsync's primitives directly. One
 * host thread carries at most one loop.
 */
public interface LoopHost {

    /**
     * Whether the calling thread is the host's thread.
     *
     * @return {@code true} on the host thread
     */
    boolean inHostThread();

    /**
     * Runs {@code task} on the host thread after the tasks given before it. Safe from any thread.
     *
     * @param task the task
     * @throws java.util.concurrent.RejectedExecutionException if the host has shut down
     */
    void execute(Runnable task);

    /**
     * Runs {@code task} on the host thread once {@code delayNanos} have passed. Safe from any
     * thread.
     *
     * @param task the task
     * @param delayNanos the delay in nanoseconds, positive
     * @return a future whose {@code cancel(false)} stops the task from running
     * @throws java.util.concurrent.RejectedExecutionException if the host has shut down
     */
    Future<?> schedule(Runnable task, long delayNanos);

    /**
     * Asks the host to run {@code closeLoop} on its thread when it starts shutting down, before it
     * stops running tasks. A host that cannot tell does nothing; the loop must then be closed
     * before the host stops.
     *
     * @param closeLoop closes the loop
     */
    default void onShutdown(Runnable closeLoop) {
    }

    /**
     * The most loop iterations one task of the host runs before the loop gives the thread back.
     *
     * @return the bound, at least 1; 64 by default
     */
    default int iterationsPerBatch() {
        return 64;
    }

    /**
     * A host over a single-threaded scheduled executor, such as {@link
     * java.util.concurrent.Executors#newSingleThreadScheduledExecutor()}: its one thread runs
     * the loop's batches and timers. The executor must keep the promises above; a pool with more
     * than one thread does not. Shut the executor down only after closing the loop (the loop's
     * {@code close()} from another thread waits for the close to run on the executor).
     *
     * @param executor the executor, with exactly one thread
     * @return the host
     */
    static LoopHost of(ScheduledExecutorService executor) {
        return new ExecutorLoopHost(executor);
    }
}
