package io.github.loopsync.loop;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link CompletionStage} methods of {@link LoopFuture}: each makes a dependent stage (see
 * {@link Stages} and {@link BiStages}) and registers it on this future. Split from the public class
 * so that each file reads as one responsibility; the rules are in {@link LoopFuture}'s description.
 *
 * @param <T> the value type
 */
abstract class FutureStages<T> extends FutureCore<T> implements CompletionStage<T> {

    FutureStages(EventLoop loop) {
        super(loop);
    }

    private Executor loopExecutor() {
        return loop.scheduler.asyncExecutor;
    }

    @Override
    public <U> LoopFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return Stages.attach(this, new Stages.Apply<T, U>(loop, Objects.requireNonNull(fn, "fn")), null);
    }

    @Override
    public <U> LoopFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        return thenApplyAsync(fn, loopExecutor());
    }

    @Override
    public <U> LoopFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        return Stages.attach(this, new Stages.Apply<T, U>(loop, Objects.requireNonNull(fn, "fn")), executor);
    }

    @Override
    public LoopFuture<Void> thenAccept(Consumer<? super T> action) {
        return Stages.attach(this, new Stages.Accept<T>(loop, Objects.requireNonNull(action, "action")), null);
    }

    @Override
    public LoopFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
        return thenAcceptAsync(action, loopExecutor());
    }

    @Override
    public LoopFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        return Stages.attach(this, new Stages.Accept<T>(loop, Objects.requireNonNull(action, "action")), executor);
    }

    @Override
    public LoopFuture<Void> thenRun(Runnable action) {
        return Stages.attach(this, new Stages.Run(loop, Objects.requireNonNull(action, "action")), null);
    }

    @Override
    public LoopFuture<Void> thenRunAsync(Runnable action) {
        return thenRunAsync(action, loopExecutor());
    }

    @Override
    public LoopFuture<Void> thenRunAsync(Runnable action, Executor executor) {
        return Stages.attach(this, new Stages.Run(loop, Objects.requireNonNull(action, "action")), executor);
    }

    @Override
    public <U, V> LoopFuture<V> thenCombine(CompletionStage<? extends U> other,
            BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombineAsync(other, fn, null);
    }

    @Override
    public <U, V> LoopFuture<V> thenCombineAsync(CompletionStage<? extends U> other,
            BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombineAsync(other, fn, loopExecutor());
    }

    @Override
    public <U, V> LoopFuture<V> thenCombineAsync(CompletionStage<? extends U> other,
            BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
        return pair(other, BiStages.combine(Objects.requireNonNull(fn, "fn")), false, executor);
    }

    @Override
    public <U> LoopFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return thenAcceptBothAsync(other, action, null);
    }

    @Override
    public <U> LoopFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other,
            BiConsumer<? super T, ? super U> action) {
        return thenAcceptBothAsync(other, action, loopExecutor());
    }

    @Override
    public <U> LoopFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other,
            BiConsumer<? super T, ? super U> action, Executor executor) {
        return pair(other, BiStages.acceptBoth(Objects.requireNonNull(action, "action")), false, executor);
    }

    @Override
    public LoopFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return runAfterBothAsync(other, action, null);
    }

    @Override
    public LoopFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        return runAfterBothAsync(other, action, loopExecutor());
    }

    @Override
    public LoopFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return pair(other, BiStages.run(Objects.requireNonNull(action, "action")), false, executor);
    }

    @Override
    public <U> LoopFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return applyToEitherAsync(other, fn, null);
    }

    @Override
    public <U> LoopFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return applyToEitherAsync(other, fn, loopExecutor());
    }

    @Override
    public <U> LoopFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn,
            Executor executor) {
        return pair(other, BiStages.applyOne(Objects.requireNonNull(fn, "fn")), true, executor);
    }

    @Override
    public LoopFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return acceptEitherAsync(other, action, null);
    }

    @Override
    public LoopFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return acceptEitherAsync(other, action, loopExecutor());
    }

    @Override
    public LoopFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action,
            Executor executor) {
        return pair(other, BiStages.acceptOne(Objects.requireNonNull(action, "action")), true, executor);
    }

    @Override
    public LoopFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return runAfterEitherAsync(other, action, null);
    }

    @Override
    public LoopFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        return runAfterEitherAsync(other, action, loopExecutor());
    }

    @Override
    public LoopFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return pair(other, BiStages.run(Objects.requireNonNull(action, "action")), true, executor);
    }

    private <V> LoopFuture<V> pair(CompletionStage<?> other, BiStages.Action action, boolean either, Executor executor) {
        return new BiStages.Pair<V>(loop, action, either, executor).attach(this, Objects.requireNonNull(other, "other"));
    }

    @Override
    public <U> LoopFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return Stages.attach(this, new Stages.Compose<T, U>(loop, Objects.requireNonNull(fn, "fn")), null);
    }

    @Override
    public <U> LoopFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        return thenComposeAsync(fn, loopExecutor());
    }

    @Override
    public <U> LoopFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        return Stages.attach(this, new Stages.Compose<T, U>(loop, Objects.requireNonNull(fn, "fn")), executor);
    }

    @Override
    public <U> LoopFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return Stages.attach(this, new Stages.Handle<T, U>(loop, Objects.requireNonNull(fn, "fn")), null);
    }

    @Override
    public <U> LoopFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        return handleAsync(fn, loopExecutor());
    }

    @Override
    public <U> LoopFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        return Stages.attach(this, new Stages.Handle<T, U>(loop, Objects.requireNonNull(fn, "fn")), executor);
    }

    @Override
    public LoopFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return Stages.attach(this, new Stages.WhenComplete<T>(loop, Objects.requireNonNull(action, "action")), null);
    }

    @Override
    public LoopFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        return whenCompleteAsync(action, loopExecutor());
    }

    @Override
    public LoopFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        return Stages.attach(this, new Stages.WhenComplete<T>(loop, Objects.requireNonNull(action, "action")), executor);
    }

    @Override
    public LoopFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return Stages.attach(this, new Stages.Exceptionally<T>(loop, Objects.requireNonNull(fn, "fn")), null);
    }

    @Override
    public LoopFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        return exceptionallyAsync(fn, loopExecutor());
    }

    @Override
    public LoopFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        return Stages.attach(this, new Stages.Exceptionally<T>(loop, Objects.requireNonNull(fn, "fn")), executor);
    }

    @Override
    public LoopFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return Stages.attach(this, new Stages.ExceptionallyCompose<T>(loop, Objects.requireNonNull(fn, "fn")), null);
    }

    @Override
    public LoopFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return exceptionallyComposeAsync(fn, loopExecutor());
    }

    @Override
    public LoopFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
        return Stages.attach(this, new Stages.ExceptionallyCompose<T>(loop, Objects.requireNonNull(fn, "fn")), executor);
    }

    /**
     * A {@link CompletableFuture} that takes this future's outcome on the loop thread (failures
     * unwrapped); a new one each call. Completing or cancelling it does not affect this future.
     *
     * @return the view
     */
    @Override
    public CompletableFuture<T> toCompletableFuture() {
        return toCompletableFutureView();
    }

    /** A CompletableFuture completed with this future's outcome, on the loop thread. */
    @SuppressWarnings("unchecked")
    final CompletableFuture<T> toCompletableFutureView() {
        CompletableFuture<T> view = new CompletableFuture<>();
        listen((value, failure) -> {
            if (failure == null) {
                view.complete((T) value);
            } else {
                view.completeExceptionally(failure);
            }
        });
        return view;
    }
}
