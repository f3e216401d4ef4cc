package io.github.loopsync.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CompletableFuture} that belongs to an event loop and delivers its outcome through that
 * loop: its dependent stages never run inside the call that completed it, but in a loop callback
 * at the next step. This is asyncio's {@code Future}, and every waiting operation of loopsync
 * (acquire, get, sleep, ...) returns one.
 *
 * <p>Example: <pre>{@code
 * LoopFuture<String> reply = loop.createFuture();
 * reply.thenAccept(text -> System.out.println("got " + text));
 * reply.complete("pong");   // nothing printed yet: delivery is the loop's next step
 * loop.runOnce();           // prints "got pong"
 * }</pre>
 *
 * <p><b>Decided, then delivered.</b> Completing a loop future <em>decides</em> its outcome and
 * schedules its <em>delivery</em>; dependents run at delivery. Until delivery a decided value is
 * still tentative: a cancellation (or any exceptional completion, such as a timeout) that arrives
 * before delivery wins over it. This is what makes waiting operations safe: when a primitive has
 * granted a waiter a lock, a permit or an item, and the waiter is cancelled before it resumes, the
 * cancellation wins and the grant is handed back to the primitive (asyncio's waiter state "resolved
 * and then cancelled", the root of CPython bpo-27585, gh-90155 and gh-112202). This holds for
 * <em>leaf</em> waits only; a composite future whose value stands for work already done (a task's
 * result, {@code withLock}, {@code awaitUntil}, {@code gather}, {@code waitFor}) keeps its decided
 * value, and the task's cancellation reaches the task's next wait instead (see {@link
 * #decidedValueIsFinal()}). A cancellation is visible at once: {@link #isCancelled()} and {@link #isDone()} return {@code true} as soon as
 * {@link #cancel(boolean)} returned, while a decided value becomes visible when it is delivered.
 *
 * <p><b>Order.</b> Futures delivered one after the other run their dependents in that order. The
 * dependents of <em>one</em> future run as {@code CompletableFuture} runs them, most recently
 * registered first, where asyncio runs one future's callbacks in registration order; loopsync's
 * primitives give every waiter a future of its own, so their wake-up order is FIFO regardless.
 *
 * <p><b>Cancellation.</b> {@link #cancel(boolean)} and {@link #cancel(String)} may be called from
 * any thread; the bookkeeping (withdrawing a wait, handing a grant on) runs on the loop thread,
 * immediately if the caller is the loop thread, else as a posted callback. The outcome is a
 * {@link CancellationException}; dependents see it wrapped in a {@link CompletionException}, as
 * usual for {@code CompletableFuture}.
 *
 * <p><b>Tasks.</b> A pending loop future belongs to the task waiting for it: the task that most
 * recently chained a stage on it ({@code thenApply}, {@code whenComplete}, ...), or else the task
 * that created it. Cancelling a task cancels the loop futures it is waiting on, and the dependents
 * of a future delivered by the loop run as part of its task. A stage combined without chaining
 * ({@code CompletableFuture.allOf}, the second argument of {@code thenCombine}) stays with its
 * creator; prefer {@link Tasks#gather} to combine futures a task waits on.
 *
 * <p><b>Loop confinement.</b> Create loop futures and chain on them on the loop thread. Completing
 * and cancelling are safe from any thread. Blocking on a future that is not done ({@code join},
 * {@code get}) from the loop thread would deadlock the loop and throws {@link
 * IllegalStateException} instead.
 *
 * @param <T> the result type
 */
public class LoopFuture<T> extends CompletableFuture<T> {

    /** The loop this future delivers through. */
    final EventLoop loop;
    /** Loop-confined: the task this future belongs to, or null. */
    Task<?> owner;
    /** Loop-confined: neighbours in the owner's list of owned futures. */
    LoopFuture<?> previousOwned;
    LoopFuture<?> nextOwned;
    /**
     * null: pending. A {@link Decision}: a value is decided and its delivery is scheduled. A
     * Throwable: failed or cancelled (delivery scheduled or done). {@link #DELIVERED}: the decided
     * value was handed to CompletableFuture. Transitions: null -> Decision | Throwable;
     * Decision -> Throwable | DELIVERED. Written only by CAS.
     */
    private volatile Object state;

    /*
     * Implementation notes. The CompletableFuture part (super's result) is written only by
     * deliver(), on the loop thread, so dependents always run there. Everything before delivery
     * lives in `state`, which any thread may CAS: that is the single cross-thread decision point
     * between a loop grant and a foreign cancellation, and exactly one side wins. Hooks that a
     * subclass (a primitive's waiter) implements run on the loop thread after the CAS.
     */

    private static final VarHandle STATE;
    private static final Object DELIVERED = new Object() {
        @Override
        public String toString() {
            return "DELIVERED";
        }
    };

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(LoopFuture.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A decided value; {@code granted} marks a grant made by a primitive through {@link #grant}. */
    private static final class Decision {
        static final Decision NULL_GRANT = new Decision(null, true);
        static final Decision NULL_VALUE = new Decision(null, false);

        final Object value;
        final boolean granted;

        Decision(Object value, boolean granted) {
            this.value = value;
            this.granted = granted;
        }

        static Decision of(Object value, boolean granted) {
            if (value == null) {
                return granted ? NULL_GRANT : NULL_VALUE;
            }
            return new Decision(value, granted);
        }
    }

    /**
     * Creates a pending future on the current thread's loop, owned by the running task if any.
     * Subclasses use this to build waiting operations.
     *
     * @param loop the loop to deliver through; when called on that loop's thread while a task runs,
     *     the task owns the new future
     */
    @SuppressWarnings("this-escape")
    protected LoopFuture(EventLoop loop) {
        this(loop, true);
    }

    /** An already-delivered future (the fast paths' results). */
    static <T> LoopFuture<T> delivered(EventLoop loop, T value) {
        LoopFuture<T> done = new LoopFuture<>(loop, false);
        done.state = DELIVERED;
        done.superComplete(value);
        return done;
    }

    private void superComplete(T value) {
        super.complete(value);
    }

    // The running task only records the reference; nothing calls back into the future before the
    // constructor returns (a pending cancellation reaches it from a later step).
    @SuppressWarnings("this-escape")
    LoopFuture(EventLoop loop, boolean adoptIntoCurrentTask) {
        this.loop = loop;
        if (adoptIntoCurrentTask && loop.inLoopThread()) {
            Task<?> current = loop.scheduler.currentTask;
            if (current != null) {
                current.adopt(this);
            }
            loop.scheduler.futureCreated(this);
        }
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

    // ---------------------------------------------------------------- decisions

    /**
     * Grants this waiter its value: for use by primitives, from any thread (the loop's, or another
     * under the primitive's own lock for the concurrent bridge). Unlike {@link #complete}, a grant
     * that is later overridden by a cancellation before delivery is handed back through {@link
     * #onGrantRevoked}.
     *
     * @param value the granted value
     * @return {@code true} if the grant was made, {@code false} if the future was already decided
     *     (typically cancelled from another thread); the primitive then moves on to the next waiter
     */
    protected final boolean grant(T value) {
        return decide(Decision.of(value, true));
    }

    /** Decides a pending future's outcome (a Decision or a Throwable) and schedules its delivery. */
    private boolean decide(Object outcome) {
        if (STATE.compareAndSet(this, null, outcome)) {
            loop.scheduleDelivery(this);
            return true;
        }
        return false;
    }

    /**
     * Decides this future's value; it is delivered to dependents at the loop's next step. On a
     * primitive's waiter this withdraws the wait. A cancellation that arrives before the delivery
     * still wins.
     *
     * @param value the value
     * @return {@code true} if this call decided the outcome
     */
    @Override
    public boolean complete(T value) {
        if (decideValue(value)) {
            runHook(this::onWithdrawn);
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
     * @throws NullPointerException if {@code failure} is null
     */
    @Override
    public boolean completeExceptionally(Throwable failure) {
        if (failure == null) {
            throw new NullPointerException("failure");
        }
        for (;;) {
            Object current = state;
            if (current != null && !(current instanceof Decision)) {
                return false;
            }
            if (current != null && decidedValueIsFinal()) {
                return false;
            }
            if (STATE.compareAndSet(this, current, failure)) {
                if (current == null) {
                    loop.scheduleDelivery(this);
                    runHook(this::onWithdrawn);
                } else {
                    Decision decision = (Decision) current;
                    if (decision.granted) {
                        @SuppressWarnings("unchecked")
                        T granted = (T) decision.value;
                        runHook(() -> onGrantRevoked(granted));
                    }
                }
                return true;
            }
        }
    }

    /**
     * Cancels this future unless its outcome was already delivered or it already failed. See the
     * class description: a value decided but not yet delivered is overridden.
     *
     * @param mayInterruptIfRunning ignored, as for {@code CompletableFuture}
     * @return {@code true} if the future is now cancelled
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel((String) null);
    }

    /**
     * Cancels this future with a message carried by its {@link CancellationException}.
     *
     * @param message the message, or {@code null}
     * @return {@code true} if the future is now cancelled
     */
    public boolean cancel(String message) {
        return completeExceptionally(new LoopCancellationException(message)) || isCancelled();
    }

    /**
     * Cancellation on behalf of the owning task; a task overrides this to cancel itself.
     *
     * @return true if this call cancelled a future the task was waiting on
     */
    boolean cancelForOwner(CancellationException cancellation) {
        return completeExceptionally(cancellation);
    }

    /** Package-private decision used by Task, which forbids the public completers. */
    final boolean decideValue(T value) {
        return decide(Decision.of(value, false));
    }

    /** Package-private decision used by Task. */
    final boolean decideFailure(Throwable failure) {
        return decide(failure);
    }

    /**
     * Called on the loop thread when a pending waiter was completed or failed from outside
     * (cancelled, timed out) before the primitive granted it anything: the primitive unlinks it.
     * Runs after the decision; the default does nothing.
     */
    protected void onWithdrawn() {
    }

    /**
     * Called on the loop thread when a grant made with {@link #grant} was overridden by a
     * cancellation or failure before delivery: the primitive hands {@code granted} on to the next
     * waiter or takes it back. The default does nothing.
     *
     * @param granted the value that had been granted
     */
    protected void onGrantRevoked(T granted) {
    }

    private void runHook(Runnable hook) {
        if (loop.inLoopThread()) {
            hook.run();
        } else {
            loop.tryExecute(hook);
        }
    }

    /** Loop thread: hands the decided outcome to CompletableFuture, running the dependents. */
    final void deliver() {
        Task<?> owned = owner;
        if (owned != null) {
            owned.disown(this);
        }
        onDelivery();
        for (;;) {
            Object current = state;
            if (current instanceof Decision) {
                if (STATE.compareAndSet(this, current, DELIVERED)) {
                    @SuppressWarnings("unchecked")
                    T value = (T) ((Decision) current).value;
                    super.complete(value);
                    afterDelivery(value, null);
                    return;
                }
            } else if (current instanceof Throwable) {
                super.completeExceptionally((Throwable) current);
                afterDelivery(null, (Throwable) current);
                return;
            } else {
                throw new IllegalStateException("delivery of an undecided future: " + this);
            }
        }
    }

    /**
     * Called on the loop thread at delivery, just before the dependents run: the moment the waiting
     * task resumes (asyncio's {@code finally} after {@code await}). The outcome may still be
     * overridden from here by {@link #completeExceptionally}. The default does nothing.
     */
    protected void onDelivery() {
    }

    /** Hook for Task: runs after the outcome reached CompletableFuture. */
    void afterDelivery(T value, Throwable failure) {
    }

    // ---------------------------------------------------------------- queries

    /** True once an outcome is decided, delivered or not. */
    final boolean isDecided() {
        return state != null;
    }

    /** True when a grant or value is decided but not yet delivered (the window in which a cancellation hands it back). */
    final boolean isGrantPending() {
        return state instanceof Decision;
    }

    /**
     * True once the future failed, was cancelled, or its value was delivered.
     *
     * @return whether the outcome is final
     */
    @Override
    public boolean isDone() {
        Object current = state;
        return current instanceof Throwable || current == DELIVERED
                || (current instanceof Decision && decidedValueIsFinal());
    }

    /**
     * Whether a decided value is final before delivery. A <em>leaf</em> wait (a primitive's
     * waiter, a sleep, a user's future) says no: a cancellation may still override its value, and
     * a primitive's grant is handed back. A <em>composite</em> future, whose value stands for work
     * that already happened (a task's result, the body of {@code withLock}, the predicate loop of
     * {@code awaitUntil}, a gather), says yes: overriding it would lose that work, and in asyncio
     * the same code runs inline in the coroutine with no window to cancel in. A cancellation that
     * finds a final value stays pending on its task and reaches the task's next wait.
     *
     * @return {@code true} if a decided value cannot be overridden; {@code false} by default
     */
    protected boolean decidedValueIsFinal() {
        return false;
    }

    /** The decided value if it is final, else {@code absent}. */
    @SuppressWarnings("unchecked")
    private T finalValueOr(T absent) {
        Object current = state;
        if (current instanceof Decision && decidedValueIsFinal()) {
            return (T) ((Decision) current).value;
        }
        return absent;
    }

    private static final Object ABSENT = new Object();

    /**
     * True as soon as a cancellation was decided, even before it is delivered.
     *
     * @return whether this future is cancelled
     */
    @Override
    public boolean isCancelled() {
        return state instanceof CancellationException;
    }

    /**
     * True as soon as a failure or cancellation was decided.
     *
     * @return whether this future failed
     */
    @Override
    public boolean isCompletedExceptionally() {
        return state instanceof Throwable;
    }

    /**
     * Waits for the outcome; see the class description for the loop-thread rule.
     *
     * @return the value
     * @throws IllegalStateException if called on the loop thread before the future is done
     */
    @Override
    @SuppressWarnings("unchecked")
    public T join() {
        T early = finalValueOr((T) ABSENT);
        if (early != ABSENT) {
            return early;
        }
        checkNotBlockingLoop("join");
        throwDecidedFailureForJoin();
        try {
            return super.join();
        } catch (CancellationException | CompletionException failure) {
            throwDecidedFailureForJoin();
            throw failure;
        }
    }

    /**
     * Waits for the outcome; see the class description for the loop-thread rule.
     *
     * @return the value
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException if the future failed
     * @throws IllegalStateException if called on the loop thread before the future is done
     */
    @Override
    @SuppressWarnings("unchecked")
    public T get() throws InterruptedException, ExecutionException {
        T early = finalValueOr((T) ABSENT);
        if (early != ABSENT) {
            return early;
        }
        checkNotBlockingLoop("get");
        throwDecidedFailureForGet();
        try {
            return super.get();
        } catch (CancellationException | ExecutionException failure) {
            throwDecidedFailureForGet();
            throw failure;
        }
    }

    /**
     * Waits at most the given time for the outcome; see the class description for the
     * loop-thread rule.
     *
     * @param timeout the maximum time to wait
     * @param unit the unit of {@code timeout}
     * @return the value
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException if the future failed
     * @throws TimeoutException if the wait timed out
     * @throws IllegalStateException if called on the loop thread before the future is done
     */
    @Override
    @SuppressWarnings("unchecked")
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        T early = finalValueOr((T) ABSENT);
        if (early != ABSENT) {
            return early;                               // as get() and join(): a final value needs no wait
        }
        checkNotBlockingLoop("get");
        throwDecidedFailureForGet();
        try {
            return super.get(timeout, unit);
        } catch (CancellationException | ExecutionException failure) {
            throwDecidedFailureForGet();
            throw failure;
        }
    }

    /**
     * The value if delivered, the failure if decided, else {@code valueIfAbsent}.
     *
     * @param valueIfAbsent the value to return while the outcome is not final
     * @return the value or {@code valueIfAbsent}
     */
    @Override
    @SuppressWarnings("unchecked")
    public T getNow(T valueIfAbsent) {
        T early = finalValueOr((T) ABSENT);
        if (early != ABSENT) {
            return early;
        }
        Object current = state;
        if (current instanceof Throwable) {
            Throwable failure = (Throwable) current;
            throw failure instanceof CancellationException ? (CancellationException) failure
                    : new CompletionException(failure);
        }
        return super.getNow(valueIfAbsent);
    }

    /*
     * Failures are reported from our own state, so that a cancellation surfaces as the very
     * CancellationException that was decided, on every JDK (newer ones wrap it in join and get).
     */

    private void throwDecidedFailureForJoin() {
        Object current = state;
        if (current instanceof CancellationException) {
            throw (CancellationException) current;
        }
        if (current instanceof Throwable) {
            throw new CompletionException((Throwable) current);
        }
    }

    private void throwDecidedFailureForGet() throws ExecutionException {
        Object current = state;
        if (current instanceof CancellationException) {
            throw (CancellationException) current;
        }
        if (current instanceof Throwable) {
            throw new ExecutionException((Throwable) current);
        }
    }

    private void checkNotBlockingLoop(String method) {
        if (state == null || state instanceof Decision) {
            if (!super.isDone() && loop.inLoopThread()) {
                throw new IllegalStateException(method + "() on the loop thread of " + loop
                        + " would block the loop that must complete " + this + "; chain a stage on it instead");
            }
        }
    }

    // ---------------------------------------------------------------- stages

    /**
     * Dependent stages are loop-aware: their {@code *Async} variants run on this loop by default.
     * Chaining while a task runs makes an unowned future belong to that task.
     *
     * @param <U> the dependent's type
     * @return a new incomplete dependent
     */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        if (state == null && loop.inLoopThread()) {
            Task<?> current = loop.currentTask();
            if (current != null && current != owner && current != this) {
                // The task chaining on a pending future is the one waiting for it.
                if (owner != null) {
                    owner.disown(this);
                }
                current.adopt(this);
            }
        }
        return new LoopStage<>(loop);
    }

    /**
     * The loop, so that {@code thenApplyAsync(fn)} and friends run {@code fn} on the loop.
     *
     * @return an executor posting to this future's loop
     */
    @Override
    public Executor defaultExecutor() {
        return loop;
    }

    /**
     * Fails this future with a {@link TimeoutException} after {@code timeout} of <em>loop</em>
     * time (virtual time in tests), like a cancellation: a wait is withdrawn and a grant not yet
     * delivered is handed on.
     *
     * @param timeout how long to wait, in {@code unit}
     * @param unit the unit
     * @return this future
     */
    @Override
    public LoopFuture<T> orTimeout(long timeout, TimeUnit unit) {
        loop.armTimeout(this, timeout, unit, () -> completeExceptionally(new TimeoutException()));
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
    @Override
    public LoopFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        loop.armTimeout(this, timeout, unit, () -> complete(value));
        return this;
    }

    /**
     * Not supported: a loop future's outcome is final once delivered.
     *
     * @param value ignored
     * @throws UnsupportedOperationException always
     */
    @Override
    public void obtrudeValue(T value) {
        throw new UnsupportedOperationException("a loop future's outcome is final once delivered");
    }

    /**
     * Not supported: a loop future's outcome is final once delivered.
     *
     * @param failure ignored
     * @throws UnsupportedOperationException always
     */
    @Override
    public void obtrudeException(Throwable failure) {
        throw new UnsupportedOperationException("a loop future's outcome is final once delivered");
    }

    /**
     * State and, if any, the task that owns it, for traces.
     *
     * @return a description such as {@code LoopFuture@1b6d3586[pending, task=Task-1]}
     */
    @Override
    public String toString() {
        Object current = state;
        String text;
        if (current == null) {
            text = "pending";
        } else if (current instanceof Decision) {
            text = ((Decision) current).granted ? "granted, delivery pending" : "completed, delivery pending";
        } else if (current == DELIVERED) {
            text = "completed";
        } else if (current instanceof CancellationException) {
            text = "cancelled";
        } else {
            text = "failed: " + current;
        }
        Task<?> task = owner;
        return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this))
                + "[" + text + (task != null ? ", task=" + task.name() : "") + "]";
    }
}
