package io.github.loopsync.sync;

import io.github.loopsync.internal.WaitingOperation;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A condition variable for tasks on one event loop (asyncio's {@code Condition}): tasks holding
 * its lock wait until another task signals that the state they care about may have changed.
 *
 * <p>Example: <pre>{@code
 * AsyncCondition changed = new AsyncCondition();
 * // consumer: wait, under the lock, until an item is there
 * changed.withLock(() -> changed.awaitUntil(() -> !items.isEmpty())
 *                               .thenApply(ignored -> items.remove()));
 * // producer: change the state under the lock, then signal
 * changed.withLock(() -> { items.add(item); changed.signal(); return loop.done(); });
 * }</pre>
 *
 * <p><b>Fairness.</b> Signalled waiters leave in the order they started waiting and queue for the
 * lock in the order they were signalled, behind tasks already waiting in {@link #acquire()}: a
 * signal moves the waiter straight onto the lock's queue (no second wake-up, no thundering herd).
 *
 * <p><b>Cancellation.</b> {@link #await()} always completes with the lock held, even when
 * cancelled or timed out: the cancellation is held back until the lock is re-acquired, and then
 * the very {@code CancellationException} (with its message) fails the future (CPython bpo-22970,
 * bpo-32841, gh-111693). A waiter that was signalled and is cancelled before it resumes passes the
 * signal to the next waiter, so no signal is lost (CPython gh-112202). Unlike CPython 3.13, a
 * waiter cancelled before any signal wakes nobody: there are no spurious wake-ups.
 *
 * <p><b>Errors.</b> {@link #await()}, {@link #awaitUntil} with a false predicate, {@link
 * #awaitValue} whose first check finds nothing, and the {@code signal} methods throw {@link
 * IllegalStateException} when the lock is not held; the condition is unchanged.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The condition binds to
 * the loop of its first use of any kind (an operation that completes at once binds it too); from
 * then on, use from another loop or a plain thread throws {@link IllegalStateException} at once.
 * Once that loop has closed, the condition moves to the next loop that uses it if it is idle
 * (nobody waiting for a signal); otherwise that use throws {@link IllegalStateException} saying
 * that the loop it is bound to is closed. Its lock follows the same rule on its own, and the
 * methods that use the lock check both. Only cancelling a returned future is safe from any thread.
 */
public final class AsyncCondition {

    private final AsyncLock lock;
    private final LoopBinding binding = new LoopBinding(this, this::probe, this::idle);
    /** Waiters not yet signalled, oldest first. Signalled ones live in the lock's queue. */
    private final WaitQueue<ConditionWaiter> waiters = new WaitQueue<>();

    /** Creates a condition with a new lock of its own. */
    public AsyncCondition() {
        this(new AsyncLock());
    }

    /**
     * Creates a condition over an existing lock; locking either object is visible through both.
     *
     * @param lock the lock
     */
    public AsyncCondition(AsyncLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * The underlying lock.
     *
     * @return the lock
     */
    public AsyncLock lock() {
        return lock;
    }

    /**
     * Acquires the underlying lock; see {@link AsyncLock#acquire()}.
     *
     * @return a future completing once the lock is held
     */
    public LoopFuture<Void> acquire() {
        binding.check("acquire");
        return lock.acquire();
    }

    /**
     * Takes the underlying lock if free; see {@link AsyncLock#tryAcquire()}.
     *
     * @return whether the caller now holds the lock
     */
    public boolean tryAcquire() {
        binding.check("tryAcquire");
        return lock.tryAcquire();
    }

    /**
     * Releases the underlying lock; see {@link AsyncLock#release()}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void release() {
        binding.check("release");
        lock.release();
    }

    /**
     * Whether the underlying lock is held.
     *
     * @return {@code true} if held
     */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * Runs {@code body} holding the underlying lock; see {@link AsyncLock#withLock}.
     *
     * @param body the critical section
     * @param <T> the body's value type
     * @return the body's outcome
     */
    public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
        binding.check("withLock");
        return lock.withLock(body);
    }

    /**
     * Releases the lock, waits for a signal, and re-acquires the lock. The future completes (or
     * fails, if cancelled) only once the caller holds the lock again.
     *
     * @return a future completing with the lock held
     * @throws IllegalStateException if the lock is not held, or off the loop thread
     */
    public LoopFuture<Void> await() {
        EventLoop loop = binding.check("await");
        if (!lock.isLocked()) {
            throw new IllegalStateException("await() on " + this + ": cannot wait on an un-acquired lock");
        }
        lock.binding().check("await");   // the lock's own probe watches the re-acquisitions
        ConditionWaiter waiter = new ConditionWaiter(loop, this);
        waiters.add(waiter);
        lock.release();
        return waiter;
    }

    /**
     * Waits until {@code predicate} holds: checks it first (without needing the lock, as asyncio
     * does), then {@link #await()}s and re-checks after every wake-up. Cancelling the returned
     * future cancels the current wait, which still ends with the lock held.
     *
     * @param predicate the condition to wait for; called on the loop with the lock held
     * @return a future completing, with the lock held, once the predicate is true
     * @throws IllegalStateException if the predicate is false and the lock is not held
     * @see #awaitValue(Supplier)
     */
    public LoopFuture<Void> awaitUntil(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        EventLoop loop = binding.check("awaitUntil");
        if (predicate.getAsBoolean()) {
            return loop.done();
        }
        PredicateWait<Void> wait = new PredicateWait<>(loop) {
            @Override
            boolean check() {
                return predicate.getAsBoolean();
            }
        };
        wait.waitOnce();
        return wait;
    }

    /**
     * Waits until {@code probe} returns a value, and completes with it: asyncio's {@code
     * wait_for(predicate)}, which returns the predicate's final value. An empty {@link Optional}
     * means "not yet". The probe is checked first (without needing the lock, as asyncio does),
     * then after every wake-up, with the lock held; what it returns is the caller's, so it may take
     * what it found (an item out of a list) in the same step. Cancelling the returned future
     * cancels the current wait, which still ends with the lock held; a probe that already returned
     * a value is never undone by a late cancellation.
     *
     * <p>Example: {@code condition.withLock(() -> condition.awaitValue(() ->
     * Optional.ofNullable(jobs.poll())))} waits for a job and takes it.
     *
     * @param probe returns the value waited for, or empty while there is none; called on the loop
     * @param <T> the value's type
     * @return a future completing, with the lock held, with the first value the probe returned
     * @throws IllegalStateException if the first check finds nothing and the lock is not held
     * @throws NullPointerException if the probe returns {@code null} instead of an {@code Optional}
     */
    public <T> LoopFuture<T> awaitValue(Supplier<Optional<T>> probe) {
        Objects.requireNonNull(probe, "probe");
        EventLoop loop = binding.check("awaitValue");
        Optional<T> first = probed(probe);
        if (first.isPresent()) {
            return loop.completedFuture(first.get());
        }
        PredicateWait<T> wait = new PredicateWait<>(loop) {
            @Override
            boolean check() {
                Optional<T> found = probed(probe);
                found.ifPresent(present -> value = present);
                return found.isPresent();
            }
        };
        wait.waitOnce();
        return wait;
    }

    private static <T> Optional<T> probed(Supplier<Optional<T>> probe) {
        return Objects.requireNonNull(probe.get(), "the probe returned null instead of an Optional");
    }

    /**
     * Wakes the oldest waiter, if any.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code count} waiters, oldest first. Each re-acquires the lock in turn after the
     * caller releases it.
     *
     * @param count the most waiters to wake
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws IllegalStateException if the lock is not held
     */
    public void signal(int count) {
        binding.check("signal");
        lock.binding().check("signal");
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        if (!lock.isLocked()) {
            throw new IllegalStateException("signal() on " + this + ": cannot signal on an un-acquired lock");
        }
        wake(count);
    }

    /**
     * Wakes every waiter.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /** Moves up to {@code count} waiters onto the lock's queue. */
    void wake(int count) {
        for (int i = 0; i < count; i++) {
            ConditionWaiter waiter = waiters.poll();
            if (waiter == null) {
                return;
            }
            waiter.signalled();
        }
    }

    /**
     * The number of tasks waiting for a signal (not counting signalled ones re-acquiring the lock).
     *
     * @return the count
     */
    public int waiters() {
        return waiters.size();
    }

    /**
     * Lock state and waiters, like asyncio's repr.
     *
     * @return for example {@code AsyncCondition[locked, waiters:2]}
     */
    @Override
    public String toString() {
        return Probes.describe("AsyncCondition", lock.isLocked() ? "locked" : "unlocked", waiters.size());
    }

    /** Nobody waiting for a signal: nothing ties the condition to its loop (its lock has its own rule). */
    private boolean idle() {
        return waiters.isEmpty();
    }

    private ProgressProbe probe() {
        // Waiting for a signal is legitimate; a lost re-acquisition shows on the lock's probe.
        return Probes.of(this, waiters::size, () -> false, List::of, waiters::tasks);
    }


    /**
     * awaitUntil's and awaitValue's future: waits repeatedly until {@link #check()} is satisfied;
     * a cancellation goes to the current wait.
     */
    private abstract class PredicateWait<T> extends LoopFuture<T> implements WaitingOperation {
        /** What the future completes with; set by a satisfied {@link #check()}. */
        T value;
        private ConditionWaiter current;

        PredicateWait(EventLoop loop) {
            super(loop);
        }

        /** Checks the awaited state once, on the loop with the lock held; true sets {@link #value}. */
        abstract boolean check();

        void waitOnce() {
            ConditionWaiter waiter = (ConditionWaiter) await();
            current = waiter;
            waiter.whenComplete((ignored, failure) -> {
                current = null;
                if (failure != null) {
                    finish(Tasks.unwrap(failure));
                    return;
                }
                boolean satisfied;
                try {
                    satisfied = check();
                } catch (Throwable thrown) {
                    finish(thrown);
                    return;
                }
                if (satisfied) {
                    finish(null);
                } else if (!isDone()) {
                    waitOnce();
                }
                // else the predicate itself cancelled or failed this wait: it ends, holding the lock
            });
        }

        private void finish(Throwable failure) {
            if (failure == null) {
                super.complete(value);
            } else {
                super.completeExceptionally(failure);
            }
        }

        /** A cancellation or timeout is passed to the current wait, which fails once the lock is held. */
        @Override
        public boolean completeExceptionally(Throwable failure) {
            Objects.requireNonNull(failure, "failure");
            if (!loop().inLoopThread()) {
                if (isDone()) {
                    return false;
                }
                loop().execute(() -> completeExceptionally(failure));
                return true;
            }
            ConditionWaiter waiting = current;
            if (waiting != null && !isDone()) {
                return waiting.completeExceptionally(failure);
            }
            return super.completeExceptionally(failure);
        }

        @Override
        public boolean complete(T result) {
            throw new UnsupportedOperationException("awaitUntil and awaitValue complete when their check is satisfied;"
                    + " cancel() it to withdraw");
        }

        @Override
        public LoopFuture<T> completeOnTimeout(T result, long timeout, java.util.concurrent.TimeUnit unit) {
            throw new UnsupportedOperationException("awaitUntil and awaitValue complete when their check is satisfied;"
                    + " cancel() it to withdraw, or use orTimeout or Tasks.waitFor for a deadline");
        }

        /** The predicate held with the lock held: the caller must see it, not a late cancellation. */
        @Override
        protected boolean decidedValueIsFinal() {
            return true;
        }
    }
}
