package io.github.loopsync.sync;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A mutual-exclusion lock that knows which task holds it (Trio's rule): only that task may
 * release it, and a task that already holds it may not acquire it again. For code that wants such
 * misuse caught at the faulty call rather than as a corrupted critical section later. {@link
 * AsyncLock} stays ownerless, and keeps its speed; this class wraps one and adds the checks.
 *
 * <p>Example: <pre>{@code
 * AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
 * loop.createTask("writer", () -> lock.acquire().thenCompose(held ->
 *     journal.append(entry).whenComplete((ok, failure) -> lock.release())));   // the owner releases
 * loop.createTask("intruder", () -> {
 *     lock.release();                        // throws IllegalStateException: held by task writer
 *     return loop.done();
 * });
 * }</pre>
 *
 * <p><b>Ownership.</b> The owner is the task that called {@link #acquire()}, {@link #tryAcquire()}
 * or {@link #withLock}, from the moment the lock is handed to it (for a waiter: when the previous
 * owner releases, even before the waiter resumes). Every operation except the queries must run
 * inside a task: outside one there is nobody to own the lock. {@link #withLock} releases on the
 * owner's behalf, whichever callback its body's stage completes in.
 *
 * <p><b>Continuations of foreign futures.</b> Code chained in a task's body runs as that task
 * while the future it waits for is a loopsync future the task waits on. A stage chained after a
 * <em>foreign</em> future, one loopsync did not create (a {@code CompletableFuture}, the result of
 * {@code toCompletableFuture()}, another library's stage), runs in whatever callback completed
 * that future, where no task runs: the owner's own {@link #release()} there is refused as "outside
 * any task", although the chain is the owner's. Adopt the foreign future inside the task with
 * {@link EventLoop#wrap loop.wrap(stage)}, which delivers its outcome to the task that chains on
 * it, or hold the lock with {@link #withLock}, which releases on the owner's behalf: <pre>{@code
 * loop.createTask("writer", () -> lock.acquire()
 *     .thenCompose(held -> loop.wrap(client.send(entry)))      // a CompletableFuture, adopted
 *     .whenComplete((sent, failure) -> lock.release()));        // runs as task writer
 * }</pre>
 *
 * <p><b>Fairness.</b> As {@link AsyncLock}: first come, first served, direct hand-off, no barging.
 *
 * <p><b>Cancellation.</b> As {@link AsyncLock}: a cancelled or timed-out {@code acquire()} withdraws
 * at once; a grant cancelled before its waiter resumed passes to the next waiter, which becomes the
 * owner, or frees the lock.
 *
 * <p><b>Errors.</b> {@link IllegalStateException}, thrown at once and changing nothing, for: a
 * release by a task that is not the owner, or from outside any task (the message says why a
 * continuation may run outside its task); a release of a free lock; an
 * acquire, try-acquire or {@code withLock} outside a task, or by the task that already owns the
 * lock (it would wait for itself forever).
 *
 * <p><b>Loop confinement.</b> As {@link AsyncLock}: bound to the loop of its first use; use from
 * another loop or a plain thread throws {@link IllegalStateException} at once. Only cancelling a
 * returned future is safe from any thread.
 */
public final class AsyncOwnerCheckedLock {

    /** Why a call in a task's own chain may run outside the task, and what to do about it. */
    private static final String FOREIGN_FUTURE_HINT = "A stage chained after a foreign future (a CompletableFuture,"
            + " toCompletableFuture(), another library's stage) runs in the callback that completed it, outside the task:"
            + " adopt such a future in the task with loop.wrap(stage), or use withLock, which releases on the owner's"
            + " behalf";

    /** The lock itself; it records the task it is held by or handed to. */
    private final AsyncLock lock = new AsyncLock(this);

    /** Creates a free lock, not yet bound to any loop. */
    public AsyncOwnerCheckedLock() {
    }

    /**
     * Acquires the lock for the calling task: at once if it is free, otherwise when it is handed
     * over.
     *
     * @return a future completing with {@code null} once the task owns the lock; cancel it to stop
     *     waiting
     * @throws IllegalStateException outside a task, if the calling task already owns the lock, or
     *     if called off a loop thread or from another loop
     */
    public LoopFuture<Void> acquire() {
        checkCaller("acquire");
        return lock.acquire();
    }

    /**
     * Takes the lock for the calling task if it is free, without waiting.
     *
     * @return {@code true} if the calling task now owns the lock
     * @throws IllegalStateException outside a task, if the calling task already owns the lock, or
     *     if called off a loop thread or from another loop
     */
    public boolean tryAcquire() {
        checkCaller("tryAcquire");
        return lock.tryAcquire();
    }

    /**
     * Releases the lock, handing it (and its ownership) to the oldest waiter if there is one.
     *
     * @throws IllegalStateException if the lock is free, if the calling task is not its owner or
     *     no task is running, or if called off a loop thread or from another loop
     */
    public void release() {
        EventLoop loop = lock.binding().check("release");
        Task<?> caller = loop.currentTask();
        if (!lock.isLocked()) {
            throw new IllegalStateException("release() of " + this + ": the lock is not acquired");
        }
        if (caller == null) {
            throw new IllegalStateException("release() of " + this + " outside any task: only the task that holds it may"
                    + " release it, and this code runs in no task. " + FOREIGN_FUTURE_HINT);
        }
        if (caller != lock.holder()) {
            throw new IllegalStateException("release() of " + this + " by task " + caller.name()
                    + ": only the task that holds it may release it");
        }
        lock.release();
    }

    /**
     * Runs {@code body} while the calling task owns the lock, and releases it when the body's stage
     * completes, fails or is cancelled.
     *
     * @param body the critical section
     * @param <T> the body's value type
     * @return the body's outcome; cancelling it while the lock is awaited withdraws the wait
     * @throws NullPointerException if {@code body} is null (the lock is not taken)
     * @throws IllegalStateException outside a task, if the calling task already owns the lock, or
     *     if called off a loop thread or from another loop
     */
    public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
        checkCaller("withLock");
        Objects.requireNonNull(body, "body");
        return lock.withLock(body);
    }

    /** Checks that a task is running and that it does not own the lock already. */
    private void checkCaller(String operation) {
        EventLoop loop = lock.binding().check(operation);
        Task<?> caller = loop.currentTask();
        if (caller == null) {
            throw new IllegalStateException(operation + "() of " + this + " outside any task: an owner-checked lock"
                    + " is owned by a task; call it from loop.createTask(...). " + FOREIGN_FUTURE_HINT);
        }
        if (lock.isLocked() && lock.holder() == caller) {
            throw new IllegalStateException(operation + "() of " + this + " by task " + caller.name()
                    + ", which already holds it; the lock is not re-entrant, so the task would wait for itself");
        }
    }

    /**
     * True while the lock is held, including while it is handed to a waiter that has not resumed.
     *
     * @return whether the lock is held
     */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * The task that owns the lock, or {@code null} when it is free.
     *
     * @return the owner
     */
    public Task<?> owner() {
        return lock.isLocked() ? lock.holder() : null;
    }

    /**
     * The number of tasks parked in {@code acquire()}.
     *
     * @return the count
     */
    public int waiters() {
        return lock.waiters();
    }

    /**
     * State, owner and waiters.
     *
     * @return for example {@code AsyncOwnerCheckedLock[unlocked]} or {@code
     *     AsyncOwnerCheckedLock[locked by writer, waiters:1]}
     */
    @Override
    public String toString() {
        Task<?> owner = owner();
        String state = owner != null ? "locked by " + owner.name() : lock.isLocked() ? "locked" : "unlocked";
        return "AsyncOwnerCheckedLock[" + state + (lock.waiters() > 0 ? ", waiters:" + lock.waiters() : "") + "]";
    }
}
