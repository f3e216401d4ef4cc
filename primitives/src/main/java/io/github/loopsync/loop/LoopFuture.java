package io.github.loopsync.loop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A future that belongs to an event loop and delivers its outcome through that loop: asyncio's
 * {@code Future}, as a {@link CompletionStage} and a {@link Future}. Every waiting operation of
 * loopsync (acquire, get, sleep, ...) returns one, and so does every stage chained on one.
 *
 * <p>Example: <pre>{@code
 * LoopFuture<String> reply = loop.createFuture();
 * reply.thenAccept(text -> System.out.println("got " + text));
 * reply.complete("pong");   // nothing printed yet: delivery is the loop's next step
 * loop.runOnce();           // prints "got pong"
 * }</pre>
 *
 * <p><b>Decided, then delivered.</b> Completing a loop future <em>decides</em> its outcome and
 * schedules its <em>delivery</em> at the loop's next step; dependents run at delivery, never inside
 * the call that completed it. Until delivery a decided value is tentative: a cancellation (or any
 * failure, such as a timeout) that arrives first wins, and a primitive's grant is handed back
 * (asyncio's waiter state "resolved and then cancelled", the root of CPython bpo-27585, gh-90155
 * and gh-112202). A cancellation is visible at once: {@link #isCancelled()} and {@link #isDone()}
 * return {@code true} as soon as {@link #cancel(boolean)} returned.
 *
 * <p><b>Dependent stages.</b> {@code thenApply}, {@code whenComplete} and the other stage methods
 * return loop futures too. Their functions run on the loop thread ({@code *Async} variants without
 * an executor run at the loop's next step); chaining on a future that is already delivered runs the
 * function at once, with no step in between (asyncio's rule that awaiting a done future does not
 * yield). Dependents of one future run in the order they were registered. Failures reach
 * dependents as the exception that was thrown, never wrapped in a {@link
 * java.util.concurrent.CompletionException}. An {@link Error} thrown by a stage's function fails the
 * stage and is also reported to the loop's exception handler at once, so no catch-all can hide it.
 *
 * <p><b>Bounded stack.</b> Dependents run inline only up to a small depth of nesting; past it the
 * next one runs as a ready callback at the loop's next step. So a chain of any length, including
 * an asynchronous loop written as recursion ({@code void next() { queue.get().thenRun(this::next);
 * }}) over items that are all ready, runs in constant stack.
 *
 * <p><b>Tasks and cancellation.</b> A pending <em>leaf</em> future (a primitive's waiter, a sleep,
 * one made by {@link EventLoop#createFuture}) belongs to the task waiting for it: the task that most
 * recently chained a stage on it, or else the task that created it. Cancelling the task cancels the
 * leaves it waits on, and the cancellation then travels down the chain like any failure. Dependent
 * stages and {@code withLock}/{@code withPermit} results are <em>composites</em>: they belong to no
 * task, and cancelling one cancels what it waits on (its source, or the stage its function
 * returned); it then completes with the outcome that comes out, so a body that catches the
 * cancellation and recovers completes normally, and a lock is released before the composite
 * completes.
 *
 * <p><b>Interoperation.</b> {@link #toCompletableFuture()} returns a {@link CompletableFuture} that
 * takes this future's outcome on the loop thread; completing it does not complete this future.
 * Blocking reads ({@code join}, {@code get}) are for other threads: on the loop thread, before the
 * outcome is final, they throw {@link IllegalStateException} instead of deadlocking the loop.
 *
 * <p><b>Loop confinement.</b> Create loop futures and chain on them on the loop thread (chaining
 * from another thread hops onto the loop). Completing and cancelling are safe from any thread.
 *
 * @param <T> the result type
 */
public class LoopFuture<T> extends FutureCore<T> implements CompletionStage<T>, Future<T> {

    /**
     * Creates a pending future on {@code loop}, owned by the running task if any. Subclasses use
     * this to build waiting operations.
     *
     * @param loop the loop to deliver through; when called on that loop's thread while a task runs,
     *     the task owns the new future
     */
    @SuppressWarnings("this-escape")
    protected LoopFuture(EventLoop loop) {
        this(loop, true);
    }

    /**
     * Creates a pending future; {@code ownedByCurrentTask} false makes a composite that no task
     * owns (a task's cancellation passes through it to the leaves it waits on).
     *
     * @param loop the loop to deliver through
     * @param ownedByCurrentTask whether the running task, if any, owns the new future
     */
    @SuppressWarnings("this-escape")
    protected LoopFuture(EventLoop loop, boolean ownedByCurrentTask) {
        super(Objects.requireNonNull(loop, "loop"));
        if (ownedByCurrentTask && loop.inLoopThread()) {
            loop.scheduler.futureCreated(this);
        }
    }

    /** An already-delivered future (the fast paths' results). */
    static <T> LoopFuture<T> delivered(EventLoop loop, T value) {
        LoopFuture<T> done = new LoopFuture<>(loop, false);
        done.initDelivered(value);
        return done;
    }

    /**
     * The loop this future delivers through.
     *
     * @return the loop
     */
    public final EventLoop loop() {
        return loop;
    }

    /**
     * The task waiting for this future (see the class description), or {@code null}. For
     * diagnostics such as a deadlock's wait-for graph.
     *
     * @return the owning task
     */
    public final Task<?> task() {
        return owner;
    }

    // ---------------------------------------------------------------- completing and cancelling

    /**
     * Grants this waiter its value: for use by primitives, from any thread. Unlike {@link
     * #complete}, a grant that is later overridden by a cancellation before delivery is handed
     * back through {@link #onGrantRevoked}.
     *
     * @param value the granted value
     * @return {@code true} if the grant was made, {@code false} if the future was already decided
     *     (typically cancelled from another thread); the primitive then moves on to the next waiter
     */
    protected final boolean grant(T value) {
        return decide(Decision.of(value, true));
    }

    /**
     * Decides this future's value; it is delivered to dependents at the loop's next step. On a
     * primitive's waiter this withdraws the wait. A cancellation that arrives before the delivery
     * still wins.
     *
     * @param value the value
     * @return {@code true} if this call decided the outcome
     */
    public boolean complete(T value) {
        if (decideValue(value)) {
            if (loop.inLoopThread()) {
                onWithdrawn();
            } else {
                loop.tryExecute(this::onWithdrawn);
            }
            return true;
        }
        return false;
    }

    /**
     * Fails this future. This wins over a value that is decided but not delivered yet; on a
     * primitive's waiter it withdraws the wait or hands back a grant not yet delivered.
     *
     * @param failure the exception; a {@link CancellationException} makes the future cancelled
     * @return {@code true} if this call decided the outcome
     */
    public boolean completeExceptionally(Throwable failure) {
        return failOrOverride(Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Cancels this future unless its outcome is already final; see the class description.
     *
     * @param mayInterruptIfRunning ignored
     * @return {@code true} if the future is now cancelled (or, for a composite, the cancellation
     *     was passed on to what it waits for)
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel((String) null);
    }

    /**
     * Cancels with a message carried by the {@link CancellationException}.
     *
     * @param message the message, or {@code null}
     * @return {@code true} if the future is now cancelled (or, for a composite, the cancellation
     *     was passed on to what it waits for)
     */
    public boolean cancel(String message) {
        return completeExceptionally(new LoopCancellationException(message)) || isCancelled();
    }

    /** Cancellation on behalf of the owning task; tasks and scopes pass it on to their work. */
    boolean cancelForOwner(CancellationException cancellation) {
        return completeExceptionally(cancellation);
    }

    /** Chaining on a pending leaf while a task runs makes that task the one waiting for it. */
    @Override
    void chainedWhilePending() {
        Task<?> current = loop.scheduler.currentTask;
        if (current != null && current != owner && current != this) {
            if (owner != null) {
                owner.disown(this);
            }
            current.adopt(this);
        }
    }

    // ---------------------------------------------------------------- timeouts

    /**
     * Fails this future with a {@link TimeoutException} after {@code timeout} of <em>loop</em>
     * time (virtual time in tests), like a cancellation: a wait is withdrawn and a grant not yet
     * delivered is handed on.
     *
     * @param timeout how long to wait, in {@code unit}
     * @param unit the unit
     * @return this future
     */
    public LoopFuture<T> orTimeout(long timeout, TimeUnit unit) {
        loop.armTimeout(this, Duration.ofNanos(unit.toNanos(timeout)), () -> completeExceptionally(new TimeoutException()));
        return this;
    }

    /**
     * Completes this future with {@code value} after {@code timeout} of loop time unless it is
     * decided before.
     *
     * @param value the value to use on timeout
     * @param timeout how long to wait, in {@code unit}
     * @param unit the unit
     * @return this future
     */
    public LoopFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        loop.armTimeout(this, Duration.ofNanos(unit.toNanos(timeout)), () -> complete(value));
        return this;
    }

    // ---------------------------------------------------------------- stages

    private Executor loopExecutor() {
        return loop.asyncExecutor();
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

    @Override
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

    /**
     * State and, if any, the task that owns it, for traces.
     *
     * @return a description such as {@code LoopFuture@1b6d3586[pending, task=Task-1]}
     */
    @Override
    public String toString() {
        Object current = rawState();
        String text;
        if (current == null) {
            text = "pending";
        } else if (current instanceof Decision) {
            text = ((Decision) current).granted ? "granted, delivery pending" : "completed, delivery pending";
        } else if (current instanceof Failure) {
            Throwable cause = ((Failure) current).cause;
            text = cause instanceof CancellationException ? "cancelled" : "failed: " + cause;
        } else {
            text = "completed";
        }
        Task<?> task = owner;
        return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this))
                + "[" + text + (task != null ? ", task=" + task.name() : "") + "]";
    }
}
