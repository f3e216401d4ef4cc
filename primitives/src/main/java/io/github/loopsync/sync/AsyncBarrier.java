package io.github.loopsync.sync;

import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;

/**
 * A meeting point for a fixed number of tasks on one event loop (asyncio's {@code Barrier}): each
 * task that calls {@link #await()} waits until {@link #parties()} tasks have arrived, then all
 * pass together, and the barrier can be used again.
 *
 * <p>Example: <pre>{@code
 * AsyncBarrier ready = new AsyncBarrier(3);
 * for (Worker worker : workers) {                       // three workers
 *     loop.createTask(() -> worker.warmUp()
 *         .thenCompose(ignored -> ready.await())        // nobody starts before all are warm
 *         .thenCompose(index -> worker.run()));
 * }
 * }</pre>
 *
 * <p><b>Cycles.</b> A barrier is <em>filling</em> while tasks arrive; the arrival that completes the
 * party makes it <em>draining</em> and releases everyone; it fills again once every released task
 * has resumed. A task that arrives while the barrier drains (or resets) waits for the next cycle.
 * {@code await()} returns the arrival index: 0 for the first task, {@code parties() - 1} for the
 * last, which passes without waiting. After a waiter is cancelled, indices can repeat.
 *
 * <p><b>Cancellation.</b> Cancelling a waiting task removes it from the count at once, without
 * breaking the barrier (asyncio's rule, unlike {@code java.util.concurrent.CyclicBarrier}; asyncio
 * removes it only when the task resumes, so an arrival in between can complete the party with a
 * member that has already left). A cancellation from another thread counts from the moment it is
 * made: an arrival that would complete the party first drops the waiters cancelled that way whose
 * withdrawal the loop has not run yet. Cancelling a task that was released but has not resumed fails it
 * with the cancellation; the others pass.
 *
 * <p><b>Errors.</b> {@link #abort()} breaks the barrier: current and future waiters fail with
 * {@link BrokenBarrierException} until {@link #reset()}. {@code reset()} fails the current waiters,
 * including released ones that have not resumed, and refills the barrier once they have left.
 * Fewer than one party throws {@link IllegalArgumentException}. Unlike asyncio, {@code reset()}
 * and {@code abort()} take effect at once and return nothing: they need no lock on one thread.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The barrier binds to
 * the loop of its first use of any kind (an operation that completes at once binds it too); from
 * then on, use from another loop or a plain thread throws {@link IllegalStateException} at once.
 * Once that loop has closed, the barrier moves to the next loop that uses it if it is idle (nobody
 * inside or waiting); otherwise that use throws {@link IllegalStateException} saying that the loop
 * it is bound to is closed. Only cancelling a returned future is safe from any thread.
 */
public final class AsyncBarrier {

    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final int parties;
    private final LoopBinding binding = new LoopBinding(this, this::probe, this::idle);
    /** Arrived in this cycle and parked. */
    private final WaitQueue<BarrierWaiter> filling = new WaitQueue<>();
    /** Arrived while draining or resetting; they enter the next cycle. */
    private final WaitQueue<BarrierWaiter> blocked = new WaitQueue<>();
    /** Released (or failed) in this cycle and not yet resumed; a reset or abort still fails them. */
    private final List<BarrierWaiter> leaving = new ArrayList<>();
    private State state = State.FILLING;
    /** Tasks inside: arrived in this cycle and not yet resumed. */
    private int count;
    /** A step that admits the blocked tasks into the new cycle is scheduled. */
    private boolean admissionScheduled;

    /*
     * Implementation notes. `count` follows asyncio: a task counts from its arrival until it
     * resumes (the waiter's delivery), whatever the outcome, so the cycle ends when the last
     * released or failed task has resumed. Grants (indices) handed out while draining are
     * tentative until delivery, so reset() and abort() can still fail them, as asyncio's re-check
     * after re-acquiring the condition lock does.
     */

    /**
     * Creates a barrier for {@code parties} tasks.
     *
     * @param parties the number of tasks that must arrive
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public AsyncBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties: " + parties + " (expected: >= 1)");
        }
        this.parties = parties;
    }

    /**
     * Arrives and waits for the rest of the party.
     *
     * @return a future completing with the arrival index once the party is complete, or failing
     *     with {@link BrokenBarrierException} if the barrier is broken, reset or aborted
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public LoopFuture<Integer> await() {
        EventLoop loop = binding.check("await");
        if (state == State.BROKEN) {
            return loop.failedFuture(new BrokenBarrierException("barrier aborted: " + this));
        }
        if (state == State.FILLING && count + 1 == parties) {
            dropCancelledOffLoop();
        }
        if (state == State.FILLING && count + 1 == parties) {
            int index = count;
            release();
            // The last arrival passes at once and leaves at once.
            if (count == 0) {
                cycleFinished();
            }
            return loop.completedFuture(index);
        }
        BarrierWaiter waiter = new BarrierWaiter(loop);
        if (state == State.FILLING) {
            arrive(waiter);
        } else {
            blocked.add(waiter);
        }
        return waiter;
    }

    private void arrive(BarrierWaiter waiter) {
        waiter.index = count++;
        waiter.inside = true;
        filling.add(waiter);
        if (count == parties) {
            dropCancelledOffLoop();
        }
        if (count == parties) {
            release();
        }
    }

    /**
     * Before the party completes: waiters cancelled from another thread whose withdrawal the loop
     * has not run yet leave the count now, so that they cannot complete the party (O(n), like the
     * release that follows).
     */
    private void dropCancelledOffLoop() {
        filling.removeIf(BarrierWaiter::isDone, this::left);
    }

    /** The party is complete: release every parked waiter of the cycle. */
    private void release() {
        state = State.DRAINING;
        BarrierWaiter next;
        while ((next = filling.peek()) != null) {
            leaving.add(next);
            next.offer(next.index);
        }
    }

    /** A counted task resumed; the last one ends the cycle. */
    private void left(BarrierWaiter waiter) {
        if (!waiter.inside) {
            return;
        }
        waiter.inside = false;
        count--;
        if (count == 0) {
            cycleFinished();
        }
    }

    private void cycleFinished() {
        leaving.clear();
        if (state == State.DRAINING || state == State.RESETTING) {
            state = State.FILLING;
        }
        if (!blocked.isEmpty() && !admissionScheduled) {
            // Tasks that arrived during the drain re-enter at the next step, as asyncio's woken
            // tasks re-check the state once they run: code of the last task to leave runs first.
            admissionScheduled = true;
            binding.boundLoop().callSoon(this::admitBlocked);
        }
    }

    private void admitBlocked() {
        admissionScheduled = false;
        while (state == State.FILLING && !blocked.isEmpty()) {
            arrive(blocked.poll());
        }
        // abort() fails the blocked tasks itself, and nobody is blocked while the barrier is broken
        assert state != State.BROKEN || blocked.isEmpty() : this;
    }

    /**
     * Fails every current waiter with {@link BrokenBarrierException} and refills the barrier once
     * they have left; a broken barrier with nobody inside becomes usable again.
     *
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public void reset() {
        binding.check("reset");
        if (count > 0) {
            state = State.RESETTING;
            failInside("abort or reset of barrier");
        } else {
            state = State.FILLING;
        }
    }

    /**
     * Breaks the barrier: every current waiter, and every later {@link #await()} until {@link
     * #reset()}, fails with {@link BrokenBarrierException}.
     *
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public void abort() {
        binding.check("abort");
        state = State.BROKEN;
        failInside("abort or reset of barrier");
        failAll(blocked, "barrier aborted");
    }

    private void failInside(String message) {
        failAll(filling, message);
        for (BarrierWaiter waiter : leaving) {
            if (waiter.inside && !waiter.isDone()) {
                waiter.failedByBarrier = true;
                waiter.completeExceptionally(new BrokenBarrierException(message));
            }
        }
    }

    private static void failAll(WaitQueue<BarrierWaiter> queue, String message) {
        BarrierWaiter next;
        while ((next = queue.poll()) != null) {
            next.failedByBarrier = true;
            next.completeExceptionally(new BrokenBarrierException(message));
        }
    }

    /**
     * The number of tasks the barrier waits for.
     *
     * @return the parties
     */
    public int parties() {
        return parties;
    }

    /**
     * The number of tasks waiting in the filling barrier (0 while it drains, resets or is broken).
     *
     * @return the count
     */
    public int waiting() {
        return state == State.FILLING ? count : 0;
    }

    /**
     * The number of tasks inside the barrier's current cycle: arrived and not yet resumed, whether
     * they still wait for the party or were released (or failed by {@link #reset()}) and have not
     * resumed yet. Unlike {@link #waiting()} (asyncio's {@code n_waiting}), it does not read 0
     * while the barrier drains, so it tells when the last released task has left: the barrier
     * fills again when it reaches 0. Tasks that arrived during the drain and wait for the next
     * cycle are not inside yet.
     *
     * @return the count
     */
    public int inside() {
        return count;
    }

    /**
     * Whether the barrier is broken.
     *
     * @return {@code true} after {@link #abort()} until {@link #reset()}
     */
    public boolean isBroken() {
        return state == State.BROKEN;
    }

    /**
     * State and waiters, like asyncio's repr.
     *
     * @return for example {@code AsyncBarrier[filling, waiters:2/5]} or {@code AsyncBarrier[broken]}
     */
    @Override
    public String toString() {
        if (state == State.BROKEN) {
            return "AsyncBarrier[broken]";
        }
        return "AsyncBarrier[" + state.name().toLowerCase(java.util.Locale.ROOT) + ", waiters:" + waiting() + "/" + parties + "]";
    }

    /** Nobody inside or blocked and no admission pending: nothing ties it to its loop. */
    private boolean idle() {
        return count == 0 && blocked.isEmpty() && !admissionScheduled;
    }

    private ProgressProbe probe() {
        return Probes.of(this, () -> filling.size() + blocked.size(),
                () -> state == State.FILLING && ((!blocked.isEmpty() && !admissionScheduled) || filling.size() >= parties),
                List::of, () -> Probes.tasks(filling, blocked));
    }

    /** A task at the barrier: counted from arrival to resumption. */
    private final class BarrierWaiter extends Waiter<Integer> {
        int index;
        boolean inside;
        /** Failed by reset or abort: it leaves when it resumes, keeping the barrier resetting till then. */
        boolean failedByBarrier;

        BarrierWaiter(EventLoop loop) {
            super(loop);
        }

        @Override
        protected void withdrawn() {
            if (!failedByBarrier) {
                // Cancelled while waiting: it leaves the party now, so that a later arrival
                // cannot complete the party with a member that is already gone.
                left(this);
            }
        }

        @Override
        protected void grantReturned(Integer granted) {
            // Its index is not handed on: indices of a cycle are never reused by others.
        }

        @Override
        protected void onDelivery() {
            left(this);
        }

        @Override
        public String toString() {
            return "await of " + AsyncBarrier.this + " " + super.toString();
        }
    }
}
