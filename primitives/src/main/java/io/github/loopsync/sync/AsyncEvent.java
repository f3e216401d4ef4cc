package io.github.loopsync.sync;

import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.List;

/**
 * A flag that tasks on one event loop can wait for (asyncio's {@code Event}): {@link #set()} wakes
 * every waiter, and while the flag stays set, {@link #await()} returns at once.
 *
 * <p>Example: <pre>{@code
 * AsyncEvent uploaded = new AsyncEvent();
 * uploaded.await().thenRun(() -> notifyUser());   // runs once the upload has finished
 * // ... in the upload task:
 * uploaded.set();
 * }</pre>
 *
 * <p><b>Fairness.</b> {@code set()} wakes all current waiters; they resume in the order they
 * started waiting, at the loop's next step. {@link #waiters()} counts parked waiters only; CPython
 * keeps counting a woken waiter until it runs.
 *
 * <p><b>Cancellation.</b> Cancelling (or timing out) a pending {@code await()} withdraws that
 * waiter at once, in O(1), from any thread, and affects no other waiter.
 *
 * <p><b>Pulses.</b> {@code set()} followed by {@link #clear()} still wakes the waiters that were
 * waiting at the {@code set()}: they were woken before the flag was cleared. A task that starts
 * waiting after the {@code clear()} waits for the next {@code set()}. An event records that
 * something happened, not how often: for a count of occurrences use a queue.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The event binds to the
 * loop of its first use of any kind (an operation that completes at once binds it too); from then
 * on, use from another loop or a plain thread throws {@link IllegalStateException} at once. Once
 * that loop has closed, the event moves to the next loop that uses it if it is idle (nobody
 * waiting; the flag carries over); otherwise that use throws {@link IllegalStateException} saying
 * that the loop it is bound to is closed. Only cancelling a returned future is safe from any
 * thread.
 */
public final class AsyncEvent {

    private final LoopBinding binding = new LoopBinding(this, this::probe, this::idle);
    /** Parked waiters, oldest first. Invariant: empty while the flag is set. */
    private final WaitQueue<EventWaiter> waiters = new WaitQueue<>();
    private boolean set;

    /** Creates an event whose flag is clear. */
    public AsyncEvent() {
    }

    /**
     * Waits until the flag is set: completes at once if it is set already.
     *
     * @return a future completing with {@code null}; cancel it to stop waiting
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public LoopFuture<Void> await() {
        EventLoop loop = binding.check("await");
        if (set) {
            return loop.done();
        }
        EventWaiter waiter = new EventWaiter(loop);
        waiters.add(waiter);
        return waiter;
    }

    /**
     * Sets the flag and wakes every waiter. Setting a set event does nothing.
     *
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public void set() {
        binding.check("set");
        if (set) {
            return;
        }
        set = true;
        waiters.grantAll(null);
    }

    /**
     * Clears the flag; later {@code await()} calls wait for the next {@code set()}.
     *
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public void clear() {
        binding.check("clear");
        set = false;
    }

    /**
     * Whether the flag is set.
     *
     * @return {@code true} if set
     */
    public boolean isSet() {
        return set;
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
     * State and waiters, like asyncio's repr.
     *
     * @return {@code AsyncEvent[set]}, {@code AsyncEvent[unset]} or {@code AsyncEvent[unset,
     *     waiters:2]}
     */
    @Override
    public String toString() {
        return Probes.describe("AsyncEvent", set ? "set" : "unset", waiters.size());
    }

    /** Nobody waiting (the flag is plain data): nothing ties the event to its loop. */
    private boolean idle() {
        return waiters.isEmpty();
    }

    private ProgressProbe probe() {
        return Probes.of(this, waiters::size, () -> set && !waiters.isEmpty(), List::of, waiters::tasks);
    }

    /** A task waiting for the flag; each waiter's wake-up is its own, nothing to hand on. */
    private final class EventWaiter extends Waiter<Void> {
        EventWaiter(EventLoop loop) {
            super(loop);
        }

        @Override
        protected void grantReturned(Void granted) {
        }

        @Override
        public String toString() {
            return "await of " + AsyncEvent.this + " " + super.toString();
        }
    }
}
