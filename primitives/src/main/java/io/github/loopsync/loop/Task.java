package io.github.loopsync.loop;

import io.github.loopsync.loop.engine.UnobservedFailures;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A unit of concurrent work on an event loop: a body that returns a {@link CompletionStage}, run
 * as asyncio runs a coroutine in a {@code Task}. The task completes with the body's stage.
 *
 * <p>Example: <pre>{@code
 * Task<String> fetch = loop.createTask(() ->
 *     Tasks.sleep(Duration.ofSeconds(1)).thenApply(ignored -> "done"));
 * fetch.cancel();   // the sleep fails with CancellationException; so does the task
 * }</pre>
 *
 * <p><b>Scheduling.</b> {@link EventLoop#createTask} schedules the task's first step like any
 * callback, so tasks start in creation order, at the loop's next step, never inside {@code
 * createTask}. The body runs in that step; its continuations run when the loop delivers the
 * futures they wait on. The task's own completion is delivered the same way: code chained on a
 * task runs at the step after the task finished.
 *
 * <p><b>Cancellation.</b> {@link #cancel()} cancels what the task is waiting for: the pending leaf
 * futures (a primitive's waiter, a sleep, ...) it chained a stage on or returned from its body,
 * and the tasks and scopes ({@code gather}, {@code waitFor}, {@code timeout}, {@code TaskGroup})
 * it waits for, which pass the cancellation on to their work. Creating a future does not make the
 * task wait for it; chaining does. Composites ({@code withLock}, dependent stages) are passed
 * through: the cancellation reaches the leaf the chain is parked on, and the composite completes
 * after its inner work, so a lock is released before the task ends. The {@link
 * CancellationException} then travels through the body's chain like any failure; if the chain lets
 * it escape, the task ends cancelled, and if the chain recovers, the task completes normally,
 * exactly as a coroutine that catches {@code CancelledError}. A future whose value was decided but
 * not yet delivered counts as waited on: the cancellation wins and a primitive's grant is handed
 * on. A task cancelled before its first step never runs its body. A task that is running or waits
 * on nothing cancellable keeps the request and receives it at the next loop future it waits on; if
 * its body completes first, the task ends cancelled (asyncio's rule). Fast paths that do not wait
 * (a free lock) are not interrupted. {@code cancel} is safe from any thread; from another thread it
 * hops onto the loop.
 *
 * <p><b>Errors.</b> An {@link Error} thrown by the body fails the task and is also reported to the
 * loop's exception handler at once.
 *
 * <p><b>Failures.</b> A task whose body fails, and whose failure nobody observes (no stage chained
 * on it, no {@code join}/{@code get}), is reported to the loop's exception handler when the loop
 * closes, or earlier if the task is garbage-collected.
 *
 * <p><b>Loop confinement.</b> A task belongs to one loop. Only {@link #cancel()} and the read-only
 * queries may be called from other threads.
 *
 * @param <T> the result type
 */
public final class Task<T> extends TaskWaits<T> {

    private final String name;
    private Supplier<? extends CompletionStage<T>> body;
    private boolean started;
    /** A cancellation requested while nothing cancellable was pending (asyncio's _must_cancel). */
    private boolean mustCancel;
    private String cancelMessage;
    /** Neighbours in the loop's list of unfinished tasks. */
    Task<?> previousLive;
    Task<?> nextLive;
    private UnobservedFailures.Entry unobserved;
    private boolean observed;

    Task(EventLoop loop, String name, Supplier<? extends CompletionStage<T>> body) {
        super(loop);
        this.name = name;
        this.body = body;
    }

    /**
     * The task's name, unique within its loop unless given explicitly ({@code Task-1}, ...).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The task running on the current thread's loop right now, if any.
     *
     * @return the running task, or {@code null} when a plain callback runs or no loop runs here
     */
    public static Task<?> current() {
        EventLoop loop = EventLoop.currentOrNull();
        return loop == null ? null : loop.currentTask();
    }

    /**
     * Requests cancellation; see the class description.
     *
     * @return {@code false} if the task had already finished, else {@code true}
     */
    public boolean cancel() {
        return cancel((String) null);
    }

    /**
     * Requests cancellation; see the class description.
     *
     * @param mayInterruptIfRunning ignored
     * @return {@code false} if the task had already finished, else {@code true}
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel((String) null);
    }

    /**
     * Requests cancellation with a message, carried by the resulting {@link
     * CancellationException}; see the class description.
     *
     * @param message the message, or {@code null}
     * @return {@code false} if the task had already finished, else {@code true}
     */
    @Override
    public boolean cancel(String message) {
        if (!loop.inLoopThread()) {
            if (isDecided()) {
                return false;
            }
            return loop.tryExecute(() -> cancel(message));
        }
        if (isDecided()) {
            return false;
        }
        if (!started) {
            mustCancel = true;
            cancelMessage = message;
            return true;
        }
        CancellationException cancellation = new LoopCancellationException(message);
        if (!cancelWaits(cancellation)) {
            mustCancel = true;
            cancelMessage = message;
        }
        return true;
    }

    @Override
    protected boolean decidedValueIsFinal() {
        return true;
    }

    @Override
    boolean cancelForOwner(CancellationException cancellation) {
        return cancel(cancellation.getMessage());
    }

    /**
     * Whether a cancellation has been requested and not yet delivered to a future the task waits
     * on.
     *
     * @return {@code true} while a cancellation is pending
     */
    public boolean isCancelPending() {
        return mustCancel;
    }

    /**
     * Not supported: a task completes with its body's stage.
     *
     * @param value ignored
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean complete(T value) {
        throw new UnsupportedOperationException("a Task completes with its body's stage; use cancel() to stop it");
    }

    /**
     * Not supported: a task completes with its body's stage.
     *
     * @param failure ignored
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean completeExceptionally(Throwable failure) {
        throw new UnsupportedOperationException("a Task completes with its body's stage; use cancel() to stop it");
    }

    /**
     * Not supported: a task completes with its body's stage, so a timer cannot complete it. Use
     * {@link Tasks#waitFor(CompletionStage, java.time.Duration)}, which cancels the task and fails
     * with {@link java.util.concurrent.TimeoutException} once it has finished.
     *
     * @param timeout ignored
     * @param unit ignored
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public LoopFuture<T> orTimeout(long timeout, java.util.concurrent.TimeUnit unit) {
        throw new UnsupportedOperationException("a Task completes with its body's stage; use Tasks.waitFor(task, timeout)");
    }

    /**
     * Not supported, as {@link #orTimeout}.
     *
     * @param value ignored
     * @param timeout ignored
     * @param unit ignored
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public LoopFuture<T> completeOnTimeout(T value, long timeout, java.util.concurrent.TimeUnit unit) {
        throw new UnsupportedOperationException("a Task completes with its body's stage; use Tasks.waitFor(task, timeout)");
    }

    // ---------------------------------------------------------------- lifecycle (loop thread)

    /** The task's first step. */
    void start() {
        Supplier<? extends CompletionStage<T>> work = body;
        body = null;
        if (mustCancel) {
            mustCancel = false;
            finish(null, new LoopCancellationException(cancelMessage));
            return;
        }
        started = true;
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(work.get(), "the task body returned null instead of a stage");
        } catch (Throwable failure) {
            if (failure instanceof Error) {
                loop.reportError("the body of " + name + " raised an Error; the task fails with it", failure, this);
            }
            finish(null, failure);
            return;
        }
        Stages.listen(loop, stage, true, this::bodyCompleted);   // the task waits for its body's stage
    }

    @SuppressWarnings("unchecked")
    private void bodyCompleted(Object value, Throwable failure) {
        finish((T) value, failure);
    }

    private void finish(T value, Throwable failure) {
        Throwable cause = Exceptions.unwrap(failure);
        if (cause == null && mustCancel) {
            cause = new LoopCancellationException(cancelMessage);
        }
        mustCancel = false;
        boolean decided = cause == null ? decideValue(value) : decideFailure(cause);
        assert decided : "a task decides its outcome once: " + this;
        disownAll();
        loop.taskFinished(this);
    }

    @Override
    void afterDelivery(T value, Throwable failure) {
        if (failure != null && !(failure instanceof CancellationException) && !observed
                && !hasDependents()) {
            unobserved = loop.unobservedFailures().track(this, failure);
        }
    }

    // ---------------------------------------------------------------- waits (loop thread)

    /** Delivers a pending cancellation to a future the task has just started waiting on. */
    @Override
    void adopted(LoopFuture<?> future) {
        if (mustCancel && started && !future.isDecided() && !future.isGrantPending()) {
            // A decided or granted future is delivered before the posted cancellation could reach
            // it: the request stays pending (and ends the task cancelled if its body finishes first).
            mustCancel = false;
            CancellationException cancellation = new LoopCancellationException(cancelMessage);
            loop.callSoon(() -> future.cancelForOwner(cancellation), this);
        }
    }

    // ---------------------------------------------------------------- observation

    @Override
    public T join() {
        markObserved();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        markObserved();
        return super.get();
    }

    @Override
    public T getNow(T valueIfAbsent) {
        markObserved();
        return super.getNow(valueIfAbsent);
    }

    /** Someone looked at the outcome (chained on it or read it): a failure is not "unobserved". */
    void markObserved() {
        observed = true;
        UnobservedFailures.Entry entry = unobserved;
        if (entry != null) {
            entry.observed();
        }
    }

    /**
     * Name, state and what the task waits on, like asyncio's repr.
     *
     * @return for example {@code Task[Task-3, pending, waiting on LoopFuture@1b6d3586[pending]]}
     */
    @Override
    public String toString() {
        String state;
        if (!isDecided()) {
            state = started ? "pending" : "not started";
        } else if (isCancelled()) {
            state = "cancelled";
        } else if (isCompletedExceptionally()) {
            state = "failed";
        } else {
            state = "finished";
        }
        StringBuilder text = new StringBuilder("Task[").append(name).append(", ").append(state);
        if (mustCancel) {
            text.append(", cancel pending");
        }
        if (!isDecided()) {
            text.append(describeWaits());
        }
        return text.append(']').toString();
    }
}
