package io.github.loopsync.internal;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The engine of {@code withLock} and {@code withPermit}: acquire, run the body, release on every
 * outcome, then complete with the body's outcome. The result is a composite stage: it belongs to
 * no task, and cancelling it (or the task running it) reaches what it waits for at that moment,
 * the acquisition or the body's own wait. So the resource is released exactly once, after the
 * body has finished, including any cleanup the body runs after catching the cancellation, and a
 * body that recovers completes the result normally (asyncio's {@code async with}).
 */
public final class Guarded {

    private Guarded() {
    }

    /**
     * Runs {@code body} while holding a resource.
     *
     * @param loop the loop
     * @param acquisition the pending or completed acquisition
     * @param release gives the resource back; called once, on the loop thread
     * @param body the guarded work
     * @param <T> the body's value type
     * @return the body's outcome, after the release
     */
    public static <T> LoopFuture<T> run(EventLoop loop, LoopFuture<Void> acquisition, Runnable release,
            Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        return acquisition.thenCompose(granted -> {
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(body.get(), "the guarded body returned null instead of a stage");
            } catch (Throwable thrown) {
                release.run();
                throw thrown;
            }
            LoopFuture<T> inner = stage instanceof LoopFuture && ((LoopFuture<T>) stage).loop() == loop
                    ? (LoopFuture<T>) stage : loop.wrap(stage);
            return inner.whenComplete((value, failure) -> release.run());
        });
    }
}
