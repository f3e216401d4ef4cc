package io.github.loopsync.loop.spi;

import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@link LoopHost#of(ScheduledExecutorService)}: a host over a single-threaded scheduled executor.
 * Safe from any thread.
 */
final class ExecutorLoopHost implements LoopHost {

    private final ScheduledExecutorService executor;
    /** The executor's thread, learnt from the first task it runs; null until then. */
    private volatile Thread thread;

    ExecutorLoopHost(ScheduledExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        executor.execute(() -> thread = Thread.currentThread());
    }

    @Override
    public boolean inHostThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Future<?> schedule(Runnable task, long delayNanos) {
        return executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "LoopHost.of(" + executor + ")";
    }
}
