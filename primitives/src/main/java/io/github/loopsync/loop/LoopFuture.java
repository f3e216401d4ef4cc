package io.github.loopsync.loop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * and gh-112202). On a leaf, a cancellation is visible at once: {@link #isCancelled()} and {@link
 * #isDone()} return {@code true} as soon as {@link #cancel(boolean)} returned; a composite (a
 * stage, a task, a scope) passes the cancellation on and completes when its work has ended.
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
 * recently chained a stage on it (or returned it from its body); creating a future does not make a
 * task wait for it. Cancelling the task cancels the
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
 * Once the loop has closed, an outcome decided later is delivered on the thread that decides it.
 *
 * @param <T> the result type
 */
public class LoopFuture<T> extends FutureStages<T> implements CompletionStage<T>, Future<T> {

    /**
     * Creates a pending leaf future on {@code loop}; the task that chains on it waits for it. Subclasses use
     * this to build waiting operations.
     *
     * @param loop the loop to deliver through
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
        if (ownedByCurrentTask && loop.observed && loop.inLoopThread()) {
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
        return owner();
    }

    // ---------------------------------------------------------------- completing and cancelling

    /**
     * Grants this waiter its value: for use by primitives, from any thread. Unlike {@link
     * #complete}, a grant that is later overridden by a cancellation before delivery is handed
     * back through {@link #onGrantRevoked}. On the loop thread, a primitive that can keep the value
     * until delivery grants more cheaply with {@link #grantHeld}.
     *
     * @param value the granted value
     * @return {@code true} if the grant was made, {@code false} if the future was already decided
     *     (typically cancelled from another thread); the primitive then moves on to the next waiter
     */
    protected final boolean grant(T value) {
        return decide(Decision.of(value, true));
    }

    /**
     * Grants {@code null} like {@link #grant}, and has the delivery ask {@link
     * #refusalAtDelivery()} before it commits the grant.
     *
     * @return {@code true} if the grant was made, {@code false} if the future was already decided
     */
    protected final boolean grantChecked() {
        return decide(Decision.NULL_GRANT_CHECKED);
    }

    /**
     * Decides this future's value; it is delivered to dependents at the loop's next step. A
     * cancellation that arrives before the delivery still wins.
     *
     * @param value the value
     * @return {@code true} if this call decided the outcome
     * @throws UnsupportedOperationException if this future only completes through its producer (a
     *     primitive's waiter, a task, a condition wait; see {@link #manualCompletionRefusal()})
     */
    public boolean complete(T value) {
        refuseManualCompletion("complete()");
        if (decideValue(value)) {
            runHook(this::onWithdrawn);
            return true;
        }
        return false;
    }

    /**
     * Why this future refuses {@link #complete} and {@link #completeOnTimeout}, or {@code null} if
     * it accepts them (the default). A future whose value stands for something only its producer
     * can give refuses them: a primitive's waiter (a value the primitive did not grant would let
     * the waiting code believe it holds a lock or a permit it never got), a task, a condition wait.
     * Cancelling and {@link #completeExceptionally} stay allowed: they withdraw the wait.
     *
     * @return the reason, used as the message of the {@link UnsupportedOperationException}, or
     *     {@code null}
     */
    protected String manualCompletionRefusal() {
        return null;
    }

    private void refuseManualCompletion(String operation) {
        String refusal = manualCompletionRefusal();
        if (refusal != null) {
            throw new UnsupportedOperationException(operation + " on " + this + ": " + refusal);
        }
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
        Task<?> owner = owner();
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
        loop.scheduler.armTimeout(this, Duration.ofNanos(unit.toNanos(timeout)), () -> completeExceptionally(new TimeoutException()));
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
     * @throws UnsupportedOperationException at once, if this future refuses {@link #complete}
     */
    public LoopFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        refuseManualCompletion("completeOnTimeout()");
        loop.scheduler.armTimeout(this, Duration.ofNanos(unit.toNanos(timeout)), () -> complete(value));
        return this;
    }

    // ---------------------------------------------------------------- blocking reads

    private static final Object ABSENT = new Object();

    /**
     * Waits for the outcome, like {@code CompletableFuture.join}: for other threads, or on the loop
     * thread once the outcome is final.
     *
     * @return the value
     * @throws CancellationException the decided cancellation itself, if the future was cancelled
     * @throws java.util.concurrent.CompletionException wrapping the failure, if it failed
     * @throws IllegalStateException if called on the loop thread before the outcome is final
     */
    @SuppressWarnings("unchecked")
    public T join() {
        Object early = finalValueOr(ABSENT);
        if (early != ABSENT) {
            return (T) early;
        }
        BlockingReads.throwIfFailed(this);
        BlockingReads.checkNotBlockingLoop(this, "join");
        BlockingReads.awaitQuietly(toCompletableFutureView());
        BlockingReads.throwIfFailed(this);
        return (T) finalValueOr(null);
    }

    /**
     * Waits for the outcome: for other threads, or on the loop thread once the outcome is final.
     *
     * @return the value
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException wrapping the failure, if the future failed
     * @throws CancellationException the decided cancellation itself, if the future was cancelled
     * @throws IllegalStateException if called on the loop thread before the outcome is final
     */
    @Override
    @SuppressWarnings("unchecked")
    public T get() throws InterruptedException, ExecutionException {
        Object early = finalValueOr(ABSENT);
        if (early != ABSENT) {
            return (T) early;
        }
        BlockingReads.throwIfFailedChecked(this);
        BlockingReads.checkNotBlockingLoop(this, "get");
        try {
            toCompletableFutureView().get();
        } catch (ExecutionException | CancellationException ignored) {
            // reported from our own state below, as the very exception that was decided
        }
        BlockingReads.throwIfFailedChecked(this);
        return (T) finalValueOr(null);
    }

    /**
     * Waits at most the given time for the outcome; see {@link #get()}.
     *
     * @param timeout the longest wait, in {@code unit} (wall-clock time: this blocks a thread)
     * @param unit the unit of {@code timeout}
     * @return the value
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException wrapping the failure, if the future failed
     * @throws TimeoutException if the wait timed out
     * @throws IllegalStateException if called on the loop thread before the outcome is final
     */
    @Override
    @SuppressWarnings("unchecked")
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Object early = finalValueOr(ABSENT);
        if (early != ABSENT) {
            return (T) early;
        }
        BlockingReads.throwIfFailedChecked(this);
        BlockingReads.checkNotBlockingLoop(this, "get");
        try {
            toCompletableFutureView().get(timeout, unit);
        } catch (ExecutionException | CancellationException ignored) {
            // reported from our own state below
        }
        BlockingReads.throwIfFailedChecked(this);
        return (T) finalValueOr(null);
    }

    /**
     * Reads the outcome without waiting.
     *
     * @param valueIfAbsent the value to return while the outcome is not final
     * @return the value if final, else {@code valueIfAbsent}
     * @throws CancellationException if the future was cancelled
     * @throws java.util.concurrent.CompletionException wrapping the failure, if it failed
     */
    @SuppressWarnings("unchecked")
    public T getNow(T valueIfAbsent) {
        BlockingReads.throwIfFailed(this);
        return (T) finalValueOr(valueIfAbsent);
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
            text = loop.inLoopThread() && heldGrant() != NO_HELD_GRANT ? "granted, delivery pending" : "pending";
        } else if (current instanceof Decision) {
            text = ((Decision) current).granted ? "granted, delivery pending" : "completed, delivery pending";
        } else if (current instanceof Failure) {
            Throwable cause = ((Failure) current).cause;
            text = cause instanceof CancellationException ? "cancelled" : "failed: " + cause;
        } else {
            text = "completed";
        }
        Task<?> task = owner();
        return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this))
                + "[" + text + (task != null ? ", task=" + task.name() : "") + "]";
    }
}
