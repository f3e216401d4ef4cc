package io.github.loopsync.sync;

import io.github.loopsync.internal.Acquisitions;
import io.github.loopsync.internal.Guarded;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A semaphore whose acquisitions take several permits at once, for tasks on one event loop: a
 * fixed total of permits, of which {@link #acquire(int) acquire(n)} takes {@code n} and {@link
 * #release(int) release(n)} gives {@code n} back; a task that finds too few free waits without
 * blocking the loop.
 *
 * <p>Example: <pre>{@code
 * AsyncWeightedSemaphore memory = new AsyncWeightedSemaphore(64);      // 64 MiB of buffers
 * CompletionStage<Report> report = memory.withPermits(job.megabytes(), () -> job.run());
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly first come, first served, also across sizes: the oldest waiter
 * (the head) is served first, and while it waits, no later request is served, however small, even
 * when enough permits are free for it. So a large request is never starved by a stream of small
 * ones; the price is that permits may stay free while the head waits for more. {@link
 * #tryAcquire(int)} obeys the same rule: it fails while anybody waits. A release serves as many
 * waiters from the head as the free permits cover, in order, and stops at the first that does not
 * fit. This is the policy of Go's {@code semaphore.Weighted} and IBM async-util's {@code
 * FairAsyncSemaphore}; asyncio and kotlinx.coroutines have no weighted semaphore.
 *
 * <p><b>Cancellation.</b> Cancelling (or timing out) a pending {@code acquire(n)} withdraws the wait
 * at once, in O(1), from any thread (the bookkeeping runs on the loop). When the withdrawn waiter
 * was the head, the waiters behind it are served from the permits that are free, so permits held
 * back for a large head that gives up pass on at once. If the permits had already been handed to
 * the waiter but it had not resumed yet, the cancellation wins and all {@code n} permits pass to
 * the next waiters or back to the semaphore: no permit is ever lost. {@link #withPermits} releases
 * on success, failure and cancellation of its body.
 *
 * <p><b>Errors.</b> A total below 1 is refused by the constructor. An {@code n} below 1 or above
 * the total throws {@link IllegalArgumentException} at once, since such a request could never be
 * served. The semaphore is bounded: a {@code release(n)} that would leave more than the total free
 * throws {@link IllegalStateException} and changes nothing. As with {@link AsyncBoundedSemaphore},
 * only free permits are counted: the semaphore does not know who holds which permits.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The semaphore binds to
 * the loop of its first use of any kind (an operation that completes at once binds it too); from
 * then on, use from another loop or a plain thread throws {@link IllegalStateException} at once.
 * Once that loop has closed, the semaphore moves to the next loop that uses it if it is idle
 * (nobody waiting, every permit free); otherwise that use throws {@link IllegalStateException}
 * saying that the loop it is bound to is closed. Only cancelling a returned future is safe from
 * any thread.
 */
public final class AsyncWeightedSemaphore {

    private final LoopBinding binding = new LoopBinding(this, this::probe, this::idle);
    /**
     * Parked acquirers, oldest first. Invariant between steps: empty, or its head asks for more
     * than {@link #free} (otherwise the head would have been served).
     */
    private final WaitQueue<WeightedWaiter> waiters = new WaitQueue<>();
    /** The fixed number of permits. */
    private final int total;
    /** Free permits, handed to nobody. Invariant: {@code 0 <= free <= total}. */
    private int free;

    /*
     * Implementation notes. A permit is free (counted in `free`), held, or handed to a waiter that
     * has not resumed yet (counted as held). Every change that can make the head fit, a release, a
     * withdrawn head, a revoked grant, runs serveWaiters(), which grants waiters from the head for
     * as long as they fit. So "the head fits in the free permits and is still parked" is never
     * observable between steps: that is the progress predicate. A grant refused by a waiter
     * cancelled from another thread (whose withdrawal is still in the loop's inbox) is put back at
     * once and the loop moves on to the next waiter.
     */

    /**
     * Creates a semaphore with {@code permits} permits, all free; it is also the largest request.
     *
     * @param permits the total number of permits
     * @throws IllegalArgumentException if {@code permits} is below 1
     */
    public AsyncWeightedSemaphore(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits: " + permits + " (expected: >= 1)");
        }
        this.total = permits;
        this.free = permits;
    }

    /**
     * Takes {@code n} permits: at once if nobody waits and {@code n} are free, otherwise when all
     * {@code n} are handed over together, after every older waiter.
     *
     * @param n how many permits
     * @return a future completing with {@code null} once the caller holds the {@code n} permits;
     *     cancel it to stop waiting
     * @throws IllegalArgumentException if {@code n} is below 1 or above the total
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public LoopFuture<Void> acquire(int n) {
        EventLoop loop = binding.check("acquire");
        checkRequest("acquire", n);
        if (waiters.isEmpty() && n <= free) {
            free -= n;
            tookNow(loop, n);
            return loop.done();
        }
        WeightedWaiter waiter = new WeightedWaiter(loop, n);
        waiters.add(waiter);
        return waiter;
    }

    /**
     * Takes {@code n} permits if nobody waits and {@code n} are free, without waiting.
     *
     * @param n how many permits
     * @return {@code true} if the caller now holds the {@code n} permits
     * @throws IllegalArgumentException if {@code n} is below 1 or above the total
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public boolean tryAcquire(int n) {
        EventLoop loop = binding.check("tryAcquire");
        checkRequest("tryAcquire", n);
        if (waiters.isEmpty() && n <= free) {
            free -= n;
            tookNow(loop, n);
            return true;
        }
        return false;
    }

    /**
     * Gives {@code n} permits back and serves the waiters they let in, oldest first.
     *
     * @param n how many permits
     * @throws IllegalArgumentException if {@code n} is below 1
     * @throws IllegalStateException if more than the total would be free (more released than
     *     acquired), or if called off a loop thread or from another loop
     */
    public void release(int n) {
        EventLoop loop = binding.check("release");
        if (n < 1) {
            throw new IllegalArgumentException("release(" + n + ") of " + this + ": n: " + n + " (expected: >= 1)");
        }
        if (n > total - free) {
            throw new IllegalStateException("release(" + n + ") of " + this + ": released too many permits (expected: n <= "
                    + (total - free) + ", the permits not free)");
        }
        free += n;
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.released(loop.currentTask(), Acquisitions.Unit.PERMITS, n);
        }
        serveWaiters();
    }

    /** Debug mode records where permits taken at once were taken, and by which task. */
    private void tookNow(EventLoop loop, int n) {
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            Task<?> task = loop.currentTask();
            debug.acquiredNow(task, Acquisitions.Unit.PERMITS, n, task);
        }
    }

    /**
     * Runs {@code body} holding {@code n} permits, and releases them when the body's stage
     * completes, fails or is cancelled.
     *
     * @param n how many permits
     * @param body the guarded work
     * @param <T> the body's value type
     * @return the body's outcome; cancelling it while the permits are awaited withdraws the wait
     * @throws IllegalArgumentException if {@code n} is below 1 or above the total (nothing is taken)
     * @throws NullPointerException if {@code body} is null (nothing is taken)
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public <T> LoopFuture<T> withPermits(int n, Supplier<? extends CompletionStage<T>> body) {
        EventLoop loop = binding.check("withPermits");
        checkRequest("withPermits", n);
        Objects.requireNonNull(body, "body");            // before acquire(): a bad call must not take permits
        return Guarded.run(loop, acquire(n), () -> release(n), body);
    }

    /**
     * The number of free permits, handed to nobody.
     *
     * @return the count
     */
    public int availablePermits() {
        return free;
    }

    /**
     * The total number of permits, fixed at construction.
     *
     * @return the total
     */
    public int totalPermits() {
        return total;
    }

    /**
     * The number of tasks parked in {@code acquire}.
     *
     * @return the count
     */
    public int waiters() {
        return waiters.size();
    }

    /**
     * Free and total permits, waiters and what the oldest one asks for.
     *
     * @return for example {@code AsyncWeightedSemaphore[value:2/10]} or {@code
     *     AsyncWeightedSemaphore[value:2/10, head wants:5, waiters:3]}
     */
    @Override
    public String toString() {
        WeightedWaiter head = waiters.peek();
        return Probes.describe("AsyncWeightedSemaphore", "value:" + free + "/" + total
                + (head == null ? "" : ", head wants:" + head.permits), waiters.size());
    }

    private void checkRequest(String operation, int n) {
        if (n < 1 || n > total) {
            throw new IllegalArgumentException(operation + "(" + n + ") of " + this + ": n: " + n + " (expected: 1 <= n <= "
                    + total + ", the total)");
        }
    }

    /** Grants waiters from the head while they fit in the free permits. */
    private void serveWaiters() {
        WeightedWaiter head;
        while ((head = waiters.peek()) != null && head.permits <= free) {
            free -= head.permits;
            if (!head.offer(null)) {
                free += head.permits;     // cancelled from another thread: it refused and left the queue
            } else {
                Acquisitions debug = binding.acquisitions();
                if (debug != null) {
                    debug.granted(head, Acquisitions.Unit.PERMITS, head.permits, head.task());
                }
            }
        }
        assert free >= 0 && free <= total : this;
    }

    /** Nobody waiting and every permit free: nothing ties it to its loop. */
    private boolean idle() {
        return waiters.isEmpty() && free == total;
    }

    /** The head fits in the free permits but is still parked. */
    private boolean headServable() {
        WeightedWaiter head = waiters.peek();
        return head != null && head.permits <= free;
    }

    private ProgressProbe probe() {
        return Probes.of(this, waiters::size, this::headServable, List::of, waiters::tasks);
    }

    /** A task waiting for {@code permits} permits; a withdrawn head lets the next ones in. */
    private final class WeightedWaiter extends Waiter<Void> {
        final int permits;

        WeightedWaiter(EventLoop loop, int permits) {
            super(loop);
            this.permits = permits;
        }

        @Override
        protected void withdrawn() {
            serveWaiters();
        }

        @Override
        protected void grantReturned(Void granted) {
            Acquisitions debug = binding.acquisitions();
            if (debug != null) {
                debug.grantReturned(this);
            }
            free += permits;
            serveWaiters();
        }

        @Override
        public String toString() {
            return "acquire(" + permits + ") of " + AsyncWeightedSemaphore.this + " " + super.toString();
        }
    }
}
