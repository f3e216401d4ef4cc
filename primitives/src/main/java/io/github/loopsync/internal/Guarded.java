package io.github.loopsync.internal;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The engine of {@code withLock} and {@code withPermit}: acquire, run the body, release on every
 * outcome. The returned future is a loop future of its own: cancelling it while the acquisition
 * is pending withdraws the acquisition (or hands a grant not yet delivered back), and cancelling
 * it later leaves the body to finish and release. The resource is never leaked.
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
     * @return the body's outcome
     */
    public static <T> LoopFuture<T> run(EventLoop loop, CompletableFuture<Void> acquisition, Runnable release,
            Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        GuardedResult<T> result = new GuardedResult<>(loop, acquisition);
        acquisition.whenComplete((ignored, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Tasks.unwrap(failure));
                return;
            }
            if (result.isDone()) {
                release.run();
                return;
            }
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(body.get(), "the guarded body returned null instead of a stage");
            } catch (Throwable thrown) {
                release.run();
                result.completeExceptionally(thrown);
                return;
            }
            stage.whenComplete((value, bodyFailure) -> onLoop(loop, () -> {
                release.run();
                if (bodyFailure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(Tasks.unwrap(bodyFailure));
                }
            }));
        });
        return result;
    }

    private static void onLoop(EventLoop loop, Runnable action) {
        if (loop.inLoopThread()) {
            action.run();
        } else {
            loop.execute(action);
        }
    }

    /** The guarded operation's future: cancelling it withdraws a pending acquisition. */
    private static final class GuardedResult<T> extends LoopFuture<T> {
        private final CompletableFuture<Void> acquisition;

        GuardedResult(EventLoop loop, CompletableFuture<Void> acquisition) {
            super(loop);
            this.acquisition = acquisition;
        }

        @Override
        protected void onWithdrawn() {
            if (isCompletedExceptionally() && !acquisition.isDone()) {
                acquisition.cancel(false);
            }
        }

        /** The body ran and the resource was released: its outcome is final. */
        @Override
        protected boolean decidedValueIsFinal() {
            return true;
        }

        @Override
        public String toString() {
            return "guarded " + super.toString();
        }
    }
}
