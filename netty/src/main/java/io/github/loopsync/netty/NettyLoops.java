package io.github.loopsync.netty;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.spi.LoopHost;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * loopsync event loops hosted by Netty event loops: one per Netty thread, created on first use,
 * so that code in a {@code ChannelHandler} can use loopsync's tasks, locks, semaphores, events and
 * queues, and every continuation of their stages runs on the channel's event loop.
 *
 * <p>Example, a handler that lets at most four requests at a time reach a slow backend: <pre>{@code
 * final class LimitedHandler extends SimpleChannelInboundHandler<String> {
 *     private final AsyncSemaphore backendSlots;   // shared by the channels of one Netty event loop
 *
 *     protected void channelRead0(ChannelHandlerContext ctx, String request) {
 *         NettyLoops.loopOf(ctx);                   // binds the loop to this thread on first use
 *         backendSlots.withPermit(() -> backend.call(request))
 *                     .thenAccept(reply -> ctx.writeAndFlush(reply));   // runs on ctx's event loop
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> The loop of a Netty event loop is the current loop ({@link
 * EventLoop#current()}) of that Netty thread; its callbacks, task steps and stage continuations
 * run there, in batches among Netty's own tasks and I/O, in the same order as on a loop with its
 * own thread (docs/guide/event-loop.md). A primitive binds to the loop of the thread that first
 * uses it: share one only among channels of the same Netty event loop. Other threads reach a loop
 * through {@link EventLoop#execute}, {@link EventLoop#submit} and cancellation, as usual.
 *
 * <p><b>Timers</b> ({@code Tasks.sleep}, timeouts) are kept by the loop, which maps its earliest
 * deadline onto the Netty event loop's {@code schedule}.
 *
 * <p><b>Closing.</b> When a Netty event loop shuts down ({@code shutdownGracefully()}), its loop
 * closes on the Netty thread before the thread ends: unfinished tasks are cancelled and run to
 * their end there. Closing the loop earlier ({@link EventLoop#close()}) leaves the Netty event
 * loop running; the next {@link #loopOf} makes a new loop. An {@code EmbeddedChannel}'s event loop
 * never shuts down: close its loop when the test ends.
 *
 * <p><b>Loop confinement.</b> {@link #loopOf} and {@link #host} are safe from any thread.
 */
public final class NettyLoops {

    private static final Map<EventExecutor, EventLoop> LOOPS = new ConcurrentHashMap<>();

    private NettyLoops() {
    }

    /**
     * The loop hosted by {@code executor}, made on first use (or after the previous one closed).
     * Called on the executor's thread, it returns a loop already bound there; called elsewhere, the
     * loop binds as the executor's next task, and posts made to it meanwhile run after that.
     *
     * @param executor a single-threaded Netty executor, such as a channel's {@code eventLoop()}
     * @return its loop
     * @throws IllegalStateException if called on the executor's thread and that thread already
     *     runs a loopsync loop that was not made here
     */
    public static EventLoop loopOf(EventExecutor executor) {
        Objects.requireNonNull(executor, "executor");
        EventLoop loop = LOOPS.get(executor);
        if (loop != null && !loop.isClosed()) {
            return loop;
        }
        return LOOPS.compute(executor, (key, existing) -> existing != null && !existing.isClosed()
                ? existing
                : EventLoop.builder().name("netty:" + executor).startOn(host(executor)));
    }

    /**
     * The loop of the Netty event loop that runs {@code ctx}'s handler.
     *
     * @param ctx a handler's context
     * @return the loop of {@code ctx.executor()}
     * @throws IllegalStateException as {@link #loopOf(EventExecutor)}
     */
    public static EventLoop loopOf(ChannelHandlerContext ctx) {
        return loopOf(ctx.executor());
    }

    /**
     * {@code executor} as a {@link LoopHost}, for a loop configured by hand: {@code
     * EventLoop.builder().exceptionHandler(...).startOn(NettyLoops.host(executor))}. Such a loop is
     * not the one {@link #loopOf} returns; use one or the other for a given executor.
     *
     * @param executor a single-threaded Netty executor
     * @return the host
     */
    public static LoopHost host(EventExecutor executor) {
        return new NettyLoopHost(executor);
    }
}
