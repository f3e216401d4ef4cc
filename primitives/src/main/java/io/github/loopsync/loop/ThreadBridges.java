package io.github.loopsync.loop;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/** The implementations of {@link EventLoop#submit}, {@link EventLoop#runInExecutor} and {@link EventLoop#wrap}. */
final class ThreadBridges {

    private ThreadBridges() {
    }

    static <T> CompletableFuture<T> submit(EventLoop loop, Supplier<? extends CompletionStage<T>> body) {
        SubmittedTask<T> result = new SubmittedTask<>();
        loop.execute(() -> {
            if (result.isDone()) {
                return;                                 // cancelled before it started: the body never runs
            }
            Task<T> task = loop.createTask(body);
            result.task = task;
            task.whenComplete((value, failure) -> {
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(Exceptions.unwrap(failure));
                }
            });
            if (result.isCancelled()) {
                task.cancel();                          // a cancel that came while the task was being created
            }
        });
        return result;
    }

    /**
     * The thread-side view of a submitted task. Cancelling it decides the future at once, as {@link
     * java.util.concurrent.Future#cancel} promises (a {@code true} result means {@code isCancelled()}
     * from then on), and carries the cancellation to the task on the loop; the task may still finish
     * a step it is in the middle of, but its value no longer reaches this future.
     */
    private static final class SubmittedTask<T> extends CompletableFuture<T> {
        volatile Task<T> task;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!super.cancel(mayInterruptIfRunning)) {
                return false;
            }
            Task<T> running = task;                     // written by the loop before it re-checks isCancelled()
            if (running != null) {
                running.cancel();
            }
            return true;
        }
    }

    static <T> LoopFuture<T> runInExecutor(EventLoop loop, Executor executor, Callable<T> work) {
        ExecutorResult<T> result = new ExecutorResult<>(loop);
        FutureTask<T> job = new FutureTask<>(work) {
            @Override
            protected void done() {
                if (isCancelled()) {
                    result.cancel("work cancelled before it ran");
                    return;
                }
                try {
                    result.complete(get());
                } catch (ExecutionException failure) {
                    result.completeExceptionally(Exceptions.unwrap(failure.getCause()));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    result.completeExceptionally(interrupted);
                }
            }
        };
        result.job = job;
        executor.execute(job);
        return result;
    }

    /** The loop-side result of executor work; cancelling it cancels the work if not started. */
    private static final class ExecutorResult<T> extends LoopFuture<T> {
        volatile FutureTask<T> job;

        ExecutorResult(EventLoop loop) {
            super(loop, true);
        }

        @Override
        protected void onWithdrawn() {
            FutureTask<T> running = job;
            if (running != null && isCancelled()) {
                running.cancel(false);
            }
        }
    }

    static <T> LoopFuture<T> wrap(EventLoop loop, CompletionStage<T> stage) {
        WrappedStage<T> wrapped = new WrappedStage<>(loop, stage);
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                wrapped.complete(value);
            } else {
                wrapped.completeExceptionally(Exceptions.unwrap(failure));
            }
        });
        return wrapped;
    }

    /** A foreign stage's outcome, delivered on the loop; cancelling it cancels the stage. */
    private static final class WrappedStage<T> extends LoopFuture<T> {
        private final CompletionStage<T> stage;

        WrappedStage(EventLoop loop, CompletionStage<T> stage) {
            super(loop, true);
            this.stage = stage;
        }

        @Override
        protected void onWithdrawn() {
            if (isCancelled()) {
                stage.toCompletableFuture().cancel(false);
            }
        }
    }
}
