package io.github.loopsync.sync;

import io.github.loopsync.internal.Acquisitions;
import io.github.loopsync.internal.Guarded;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A counting semaphore for tasks on one event loop (asyncio's {@code Semaphore}): a number of
 * permits, taken by {@link #acquire()} and given back by {@link #release()}; a task that finds
 * none waits without blocking the loop.
 *
 * <p>Example: <pre>{@code
 * AsyncSemaphore connections = new AsyncSemaphore(10);   // at most 10 requests in flight
 * CompletionStage<Response> response = connections.withPermit(() -> http.send(request));
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly first come, first served, with no barging: a release hands its
 * permit straight to the oldest waiter, so a task that releases and immediately acquires again
 * queues behind the waiters (CPython bpo-45997, gh-90155). {@link #isLocked()} is true exactly
 * when {@code acquire()} would wait. Deviation from CPython 3.13: permits released beyond the
 * parked waiters are free at once, so a later {@code acquire()} takes one without waiting, whereas
 * CPython queues it behind a woken waiter that has not run yet (its {@code
 * test_acquire_fifo_order_4}); nobody who is waiting is overtaken either way.
 *
 * <p><b>Cancellation.</b> Cancelling (or timing out) a pending {@code acquire()} withdraws the wait
 * at once, in O(1), from any thread. If a permit had already been handed to that waiter but the
 * waiter had not resumed yet, the cancellation wins and the permit passes to the next waiter or
 * back to the semaphore: no permit is ever lost and the semaphore never hangs (CPython gh-90155,
 * kotlinx.coroutines #2233). {@link #withPermit} releases on success, failure and cancellation.
 *
 * <p><b>Errors.</b> A negative number of permits throws {@link IllegalArgumentException}. An
 * {@code AsyncSemaphore} has no upper bound: a release without an acquire adds a permit; use
 * {@link AsyncBoundedSemaphore} to catch that.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The semaphore binds to
 * the loop of its first use of any kind (an operation that completes at once binds it too); from
 * then on, use from another loop or a plain thread throws {@link IllegalStateException} at once.
 * Once that loop has closed, the semaphore moves to the next loop that uses it if it is idle
 * (nobody waiting, no permit taken below the initial count); otherwise that use throws {@link
 * IllegalStateException} saying that the loop it is bound to is closed. Only cancelling a returned
 * future is safe from any thread.
 */
public sealed class AsyncSemaphore permits AsyncBoundedSemaphore {

    private final LoopBinding binding = new LoopBinding(this, this::probe, this::idle);
    /** Parked acquirers, oldest first. Invariant: non-empty only while no permit is free. */
    private final WaitQueue<PermitWaiter> waiters = new WaitQueue<>();
    /** Free permits, not handed to anyone. */
    private int permits;
    /** The bound of a bounded semaphore, or -1. */
    private final int bound;
    /** The permits given at construction; fewer free means some are taken. */
    private final int initialPermits;

    /*
     * Implementation notes. A permit is either free (counted in `permits`), held, or handed to a
     * waiter that has not resumed. release() hands it to the oldest live waiter before it would
     * ever be counted as free, so "a free permit and a live parked waiter" is never observable
     * between steps: that is the progress predicate. A revoked grant re-enters release's hand-off.
     */

    /**
     * Creates a semaphore with {@code permits} free permits.
     *
     * @param permits the initial number of permits
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncSemaphore(int permits) {
        this(permits, -1);
    }

    AsyncSemaphore(int permits, int bound) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits: " + permits + " (expected: >= 0)");
        }
        this.permits = permits;
        this.bound = bound;
        this.initialPermits = permits;
    }

    /**
     * Takes a permit: at once if one is free, otherwise when one is handed over.
     *
     * @return a future completing with {@code null} once the caller holds a permit; cancel it to
     *     stop waiting
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final LoopFuture<Void> acquire() {
        EventLoop loop = binding.check("acquire");
        if (permits > 0) {
            permits--;
            Acquisitions debug = binding.acquisitions();
            if (debug != null) {
                debug.acquiredNow(loop.currentTask());
            }
            return loop.done();
        }
        PermitWaiter waiter = new PermitWaiter(loop);
        waiters.add(waiter);
        return waiter;
    }

    /**
     * Takes a permit if one is free, without waiting.
     *
     * @return {@code true} if the caller now holds a permit
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final boolean tryAcquire() {
        EventLoop loop = binding.check("tryAcquire");
        if (permits > 0) {
            permits--;
            Acquisitions debug = binding.acquisitions();
            if (debug != null) {
                debug.acquiredNow(loop.currentTask());
            }
            return true;
        }
        return false;
    }

    /**
     * Gives a permit back, handing it to the oldest waiter if there is one.
     *
     * @throws IllegalStateException for a bounded semaphore released more often than acquired, or
     *     if called off a loop thread or from another loop
     */
    public final void release() {
        EventLoop loop = binding.check("release");
        if (bound >= 0 && permits >= bound) {
            throw new IllegalStateException("release() of " + this + ": released too many times (bound: " + bound + ")");
        }
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.released(loop.currentTask());
        }
        handOffOrFree();
    }

    private void handOffOrFree() {
        PermitWaiter next = waiters.grantFirst(null);
        if (next == null) {
            permits++;
            return;
        }
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.granted(next);
        }
    }

    /**
     * Runs {@code body} holding a permit, and releases it when the body's stage completes, fails or
     * is cancelled.
     *
     * @param body the guarded work
     * @param <T> the body's value type
     * @return the body's outcome; cancelling it while the permit is awaited withdraws the wait
     * @throws NullPointerException if {@code body} is null (the permit is not taken)
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public final <T> LoopFuture<T> withPermit(Supplier<? extends CompletionStage<T>> body) {
        EventLoop loop = binding.check("withPermit");
        Objects.requireNonNull(body, "body");            // before acquire(): a bad call must not take a permit
        return Guarded.run(loop, acquire(), this::release, body);
    }

    /**
     * True when {@code acquire()} would wait: no permit is free.
     *
     * @return whether the semaphore is exhausted
     */
    public final boolean isLocked() {
        return permits == 0;
    }

    /**
     * The number of free permits.
     *
     * @return the count
     */
    public final int availablePermits() {
        return permits;
    }

    /**
     * The number of tasks parked in {@code acquire()}.
     *
     * @return the count
     */
    public final int waiters() {
        return waiters.size();
    }

    /**
     * State, free permits and waiters, like asyncio's repr.
     *
     * @return for example {@code AsyncSemaphore[unlocked, value:1]} or {@code
     *     AsyncSemaphore[locked, waiters:2]}
     */
    @Override
    public String toString() {
        return Probes.describe(getClass().getSimpleName(), permits == 0 ? "locked" : "unlocked, value:" + permits,
                waiters.size());
    }

    /** Nobody waiting and no permit taken below the initial count: nothing ties it to its loop. */
    private boolean idle() {
        return waiters.isEmpty() && permits >= initialPermits;
    }

    private ProgressProbe probe() {
        return Probes.of(this, waiters::size, () -> permits > 0 && !waiters.isEmpty(), List::of, waiters::tasks);
    }

    /** A task waiting for a permit; a permit that comes back is handed on. */
    private final class PermitWaiter extends Waiter<Void> {
        PermitWaiter(EventLoop loop) {
            super(loop);
        }

        @Override
        protected void grantReturned(Void granted) {
            Acquisitions debug = binding.acquisitions();
            if (debug != null) {
                debug.grantReturned(this);
            }
            handOffOrFree();
        }

        @Override
        public String toString() {
            return "acquire of " + AsyncSemaphore.this + " " + super.toString();
        }
    }
}
