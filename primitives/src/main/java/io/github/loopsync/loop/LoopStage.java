package io.github.loopsync.loop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dependent stages of loop futures ({@code thenApply}, {@code whenComplete}, ...): plain
 * {@code CompletableFuture}s that know their loop, so that their {@code *Async} variants run on it,
 * blocking on them from the loop thread fails fast instead of deadlocking, and their timeouts run
 * on the loop's clock (virtual time in tests) instead of {@code CompletableFuture}'s hidden
 * wall-clock thread.
 */
final class LoopStage<U> extends CompletableFuture<U> {
    private final EventLoop loop;

    LoopStage(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public <V> CompletableFuture<V> newIncompleteFuture() {
        return new LoopStage<>(loop);
    }

    @Override
    public Executor defaultExecutor() {
        return loop;
    }

    @Override
    public CompletableFuture<U> orTimeout(long timeout, TimeUnit unit) {
        loop.armTimeout(this, timeout, unit, () -> completeExceptionally(new TimeoutException()));
        return this;
    }

    @Override
    public CompletableFuture<U> completeOnTimeout(U value, long timeout, TimeUnit unit) {
        loop.armTimeout(this, timeout, unit, () -> complete(value));
        return this;
    }

    @Override
    public U join() {
        checkNotBlockingLoop("join");
        return super.join();
    }

    @Override
    public U get() throws InterruptedException, ExecutionException {
        checkNotBlockingLoop("get");
        return super.get();
    }

    private void checkNotBlockingLoop(String method) {
        if (!isDone() && loop.inLoopThread()) {
            throw new IllegalStateException(method + "() on the loop thread of " + loop
                    + " would block the loop that must complete this stage; chain a stage on it instead");
        }
    }
}
