package io.github.loopsync.demos;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;

/**
 * Demo 17: replays CPython gh-90155 ("asyncio.Semaphore waiters deque doesn't work", fixed by PR
 * #93222 in 3.10.8 and 3.11.0). The fix of bpo-45997, backported to 3.9 and 3.10 in March 2022,
 * stopped a releasing task from barging ahead of a woken waiter with a {@code wakeupScheduled} flag
 * that only the woken waiter cleared, when it ran. A woken waiter cancelled before it ran never
 * cleared it, and from then on every {@code acquire()} waited, even with a permit free: the
 * semaphore was broken for good (3.9 kept the bug). CPython's fix: a permit is taken from the count
 * when a waiter is woken and given back if that waiter is cancelled, and no flag is needed. The
 * racy variant runs that semaphore logic, re-expressed in Java on loopsync futures; the fixed
 * variant runs the same tasks on loopsync's {@link AsyncSemaphore}, which hands a released permit
 * straight to the oldest waiter and takes it back if that waiter is cancelled before it resumes.
 */
public final class ReplayGh90155 implements ReplayDemo {

    @Override
    public String id() {
        return "replay-gh-90155";
    }

    @Override
    public String title() {
        return "Replay gh-90155: a semaphore stuck after a cancelled wake-up";
    }

    @Override
    public String story() {
        return "A semaphore of one permit: A holds it for 1 ms while B waits; B is cancelled just after A's release "
                + "woke it. C arrives at 2 ms, when the permit is free.";
    }

    @Override
    public String reference() {
        return "CPython gh-90155 (asyncio.Semaphore, fixed in 3.10.8/3.11.0, never in 3.9), "
                + "replayed on a naive semaphore";
    }

    @Override
    public Kind kind() {
        return Kind.REPLAY;
    }

    // @start region=racy
    /** asyncio's Semaphore after bpo-45997 (3.9 and 3.10, spring 2022), re-expressed. */
    static class NaiveSemaphore {
        private final ArrayDeque<LoopFuture<Void>> waiters = new ArrayDeque<>();
        private int value;
        /** A woken waiter has not run yet: newcomers must queue behind it. */
        private boolean wakeupScheduled;

        NaiveSemaphore(int value) {
            this.value = value;
        }

        CompletionStage<Void> acquire() {
            EventLoop loop = EventLoop.current();
            if (!wakeupScheduled && value > 0) {
                value--;
                return loop.done();
            }
            LoopFuture<Void> waiter = loop.createFuture();
            waiters.add(waiter);
            return waiter.handle((woken, failure) -> {
                if (failure != null) {
                    wakeUpNext();                  // BUG: if this waiter was the one woken,
                    throw Chains.rethrow(failure);        // wakeupScheduled stays true
                }
                wakeupScheduled = false;           // only a woken waiter that runs clears it
                return null;
            }).thenCompose(v -> acquire());        // check again, as asyncio's while loop does
        }

        void release() {
            value++;
            wakeUpNext();
        }

        private void wakeUpNext() {
            LoopFuture<Void> waiter;
            while ((waiter = waiters.poll()) != null) {
                if (waiter.complete(null)) {       // false if already cancelled
                    wakeupScheduled = true;
                    return;
                }
            }
        }
    }
    // @end region=racy

    /** The racy {@link NaiveSemaphore}, showing its state in the harness's trace. */
    static final class TracedNaiveSemaphore extends NaiveSemaphore {
        TracedNaiveSemaphore(int value) {
            super(value);
        }

        @Override
        public String toString() {
            return "NaiveSemaphore[value:" + super.value + ", waiters:" + super.waiters.size()
                    + (super.wakeupScheduled ? ", wakeupScheduled" : "") + "]";
        }
    }

    /** A holds the single permit for 1 ms while B waits for it; C arrives at 2 ms. Any may be cancelled. */
    private static CompletionStage<?> scenario(Contenders tasks) {
        tasks.start("A", Duration.ZERO);
        tasks.start("B", Duration.ZERO);
        tasks.start("C", Duration.ofMillis(2));
        return tasks.watchdog();
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        NaiveSemaphore semaphore = new TracedNaiveSemaphore(1);
        return scenario(new Contenders(run, "semaphore", semaphore, semaphore::acquire, semaphore::release, 1));
    }

    // @start region=fixed
    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        // AsyncSemaphore.release() hands the permit straight to the oldest waiter (no flag, no
        // barging); if that waiter is cancelled before it resumes, the permit goes to the next
        // waiter or back to the semaphore.
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        return scenario(new Contenders(run, "semaphore", semaphore, semaphore::acquire, semaphore::release, 1));
    }
    // @end region=fixed
}
