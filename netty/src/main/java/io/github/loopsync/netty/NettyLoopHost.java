package io.github.loopsync.netty;

import io.github.loopsync.loop.spi.LoopHost;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A Netty event executor as a {@link LoopHost}: the loop's batches are the executor's tasks, its
 * timers the executor's scheduled tasks, and the executor's shutdown closes it. Safe from any
 * thread.
 */
final class NettyLoopHost implements LoopHost {

    private final EventExecutor executor;

    NettyLoopHost(EventExecutor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public boolean inHostThread() {
        return executor.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Future<?> schedule(Runnable task, long delayNanos) {
        return executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A single-threaded Netty executor (every {@code EventLoop} of a {@code MultiThreadIoEventLoopGroup}
     * or {@code NioEventLoopGroup}) runs shutdown hooks on its thread once it is shutting down, after
     * its last regular tasks and before it stops: the loop closes there. Other executors (an
     * {@code EmbeddedChannel}'s) have no such hook; close their loops yourself.
     */
    @Override
    public void onShutdown(Runnable closeLoop) {
        if (executor instanceof SingleThreadEventExecutor) {
            ((SingleThreadEventExecutor) executor).addShutdownHook(closeLoop);
        }
    }

    @Override
    public String toString() {
        return "NettyLoops.host(" + executor + ")";
    }
}
