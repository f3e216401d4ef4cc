package io.github.loopsync.sync;

import io.github.loopsync.internal.Acquisitions;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.List;

/**
 * A one-shot latch for tasks on one event loop: a count set at construction, counted down by
 * {@link #countDown()}; every task waiting in {@link #await()} is released together when the count
 * reaches zero, and from then on {@code await()} completes at once. asyncio has no latch (an
 * {@code Event} set by hand after a counter is the usual stand-in).
 *
 * <p>Example: <pre>{@code
 * AsyncCountDownLatch warmedUp = new AsyncCountDownLatch(3);   // three caches to load
 * for (Cache cache : caches) {
 *     loop.createTask(() -> cache.load().thenRun(warmedUp::countDown));
 * }
 * CompletionStage<Void> serving = warmedUp.await().thenCompose(ready -> server.start());
 * }</pre>
 *
 * <p><b>Fairness.</b> There is nothing to share: the count reaching zero releases every parked
 * waiter in the same step, in the order they started waiting, and they resume at the loop's next
 * step. The latch never resets; make a new one for the next round.
 *
 * <p><b>Cancellation.</b> Cancelling (or timing out) a pending {@code await()} withdraws that wait at
 * once, in O(1), from any thread, and changes neither the count nor the other waiters. A waiter
 * cancelled after the count reached zero but before it resumed ends cancelled; its release was its
 * own, so there is nothing to hand on.
 *
 * <p><b>Errors.</b> A negative initial count throws {@link IllegalArgumentException}. {@link
 * #countDown()} once the count is zero throws {@link IllegalStateException} and changes nothing:
 * counting more events than the latch was made for is a bug in the caller's arithmetic, which
 * {@code java.util.concurrent.CountDownLatch} would hide.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The latch binds to the
 * loop of its first use of any kind; from then on, use from another loop or a plain thread throws
 * {@link IllegalStateException} at once. Once that loop has closed, the latch moves to the next
 * loop that uses it if nobody waits on it; otherwise that use throws {@link
 * IllegalStateException}. Only cancelling a returned future is safe from any thread.
 */
public final class AsyncCountDownLatch {

    private final LoopBinding binding = new LoopBinding(this, this::probe, this::idle);
    /** Parked waiters, oldest first. Invariant: empty once the count is zero. */
    private final WaitQueue<LatchWaiter> waiters = new WaitQueue<>();
    /** The count still to go; never negative, never rises. */
    private int count;

    /*
     * Implementation notes. The step that brings the count to zero grants every parked waiter
     * before it returns, so "count zero and a waiter parked" is never observable between steps:
     * that is the progress predicate the harness checks.
     */

    /**
     * Creates a latch that opens after {@code count} calls of {@link #countDown()}.
     *
     * @param count the number of count-downs to wait for; zero makes an open latch
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public AsyncCountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        this.count = count;
    }

    /**
     * Waits until the count is zero: completes at once if it is zero already.
     *
     * @return a future completing with {@code null}; cancel it to stop waiting
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public LoopFuture<Void> await() {
        EventLoop loop = binding.check("await");
        if (count == 0) {
            return loop.done();
        }
        LatchWaiter waiter = new LatchWaiter(loop);
        waiters.add(waiter);
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.parked(waiter);                       // reported if still parked at close
        }
        return waiter;
    }

    /**
     * Counts one down; the count-down that reaches zero releases every waiter together.
     *
     * @throws IllegalStateException if the count is already zero, or if called off a loop thread
     *     or from another loop
     */
    public void countDown() {
        binding.check("countDown");
        if (count == 0) {
            throw new IllegalStateException("countDown() of " + this + ": the count is already zero;"
                    + " the latch was counted down more often than it was made for");
        }
        if (--count == 0) {
            waiters.grantAll(null);
            Acquisitions debug = binding.acquisitions();
            if (debug != null) {
                debug.allUnparked();
            }
        }
    }

    /**
     * The count still to go.
     *
     * @return the count, zero once the latch is open
     */
    public int count() {
        return count;
    }

    /**
     * The number of tasks parked in {@code await()}.
     *
     * @return the count
     */
    public int waiters() {
        return waiters.size();
    }

    /**
     * State and waiters, in the style of asyncio's repr.
     *
     * @return for example {@code AsyncCountDownLatch[count:2, waiters:1]} or {@code
     *     AsyncCountDownLatch[open]}
     */
    @Override
    public String toString() {
        return Probes.describe("AsyncCountDownLatch", count == 0 ? "open" : "count:" + count, waiters.size());
    }

    /** Nobody waiting (the count is plain data): nothing ties the latch to its loop. */
    private boolean idle() {
        return waiters.isEmpty();
    }

    private ProgressProbe probe() {
        return Probes.of(this, waiters::size, () -> count == 0 && !waiters.isEmpty(), List::of, waiters::tasks);
    }

    /** A task waiting for the count to reach zero; its release is its own, nothing to hand on. */
    private final class LatchWaiter extends Waiter<Void> {
        LatchWaiter(EventLoop loop) {
            super(loop);
        }

        @Override
        protected void withdrawn() {
            Acquisitions debug = binding.acquisitions();
            if (debug != null) {
                debug.unparked(this);
            }
        }

        @Override
        protected void grantReturned(Void granted) {
        }

        @Override
        public String toString() {
            return "await of " + AsyncCountDownLatch.this + " " + super.toString();
        }
    }
}
