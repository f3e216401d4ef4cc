package io.github.loopsync.demos;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Demo 15: replays CPython bpo-27585 (python/asyncio#393 and #467; fixed by PR #1031 in 3.5.4,
 * 3.6.2 and 3.7.0). {@code release()} woke the first waiter and left the lock free for it; if that waiter
 * was cancelled before it ran, its {@code acquire()} re-raised the cancellation without waking
 * anyone, so the lock stayed free while the other waiters slept for ever. CPython's fix: a
 * cancelled waiter that finds the lock free wakes the next waiter. The racy variant runs the lock
 * logic of asyncio up to 3.5.3 and 3.6.1, re-expressed in Java on loopsync futures; the fixed
 * variant runs the same workers on loopsync's {@link AsyncLock}, which hands the lock over at
 * release time and passes a grant revoked by a cancellation on to the next waiter.
 */
public final class ReplayBpo27585 implements ReplayDemo {

    @Override
    public String id() {
        return "replay-bpo-27585";
    }

    @Override
    public String title() {
        return "Replay bpo-27585: a lock hand-off lost to a cancelled waiter";
    }

    @Override
    public String story() {
        return "Three workers take turns with a lock, each holding it for 1 ms. One of them is cancelled "
                + "(a timeout, a shutdown) just after the lock was released to it, before it could run.";
    }

    @Override
    public String reference() {
        return "CPython bpo-27585 (asyncio.Lock, fixed in 3.5.4/3.6.2/3.7.0), replayed on a naive lock";
    }

    @Override
    public Kind kind() {
        return Kind.REPLAY;
    }

    // @start region=racy
    /** asyncio's Lock up to 3.6.1, re-expressed: release() frees the lock and wakes one waiter. */
    static class NaiveLock {
        private final ArrayDeque<LoopFuture<Void>> waiters = new ArrayDeque<>();
        private boolean locked;

        CompletionStage<Void> acquire() {
            EventLoop loop = EventLoop.current();
            if (!locked && waiters.stream().allMatch(LoopFuture::isCancelled)) {
                locked = true;
                return loop.done();
            }
            LoopFuture<Void> waiter = loop.createFuture();
            waiters.add(waiter);
            // BUG: a waiter cancelled after release() woke it just fails below; the wake-up it
            // received is not passed on, and the lock stays free while others wait.
            return waiter
                    .whenComplete((woken, failure) -> waiters.remove(waiter))  // on every outcome
                    .thenRun(() -> locked = true);                             // only if woken
        }

        void release() {
            if (!locked) {
                throw new IllegalStateException("release() of an unlocked NaiveLock");
            }
            locked = false;
            for (LoopFuture<Void> waiter : waiters) {
                if (waiter.complete(null)) {       // false if already woken or cancelled
                    return;                        // the lock stays free until it runs
                }
            }
        }
    }
    // @end region=racy

    /** The racy {@link NaiveLock}, showing its state in the harness's trace. */
    static final class TracedNaiveLock extends NaiveLock {
        @Override
        public String toString() {
            return "NaiveLock[" + (super.locked ? "locked" : "unlocked") + ", waiters:" + super.waiters.size() + "]";
        }
    }

    /** Three workers each take the lock, hold it for 1 ms and release it; any of them may be cancelled. */
    private static CompletionStage<?> workers(Contenders tasks) {
        for (String name : List.of("A", "B", "C")) {
            tasks.start(name, Duration.ZERO);
        }
        return tasks.watchdog();
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        NaiveLock lock = new TracedNaiveLock();
        return workers(new Contenders(run, "lock", lock, lock::acquire, lock::release, 1));
    }

    // @start region=fixed
    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        // AsyncLock.release() hands the lock to the oldest waiter and stays locked for it; if that
        // waiter is cancelled before it resumes, the lock passes on to the next waiter.
        AsyncLock lock = new AsyncLock();
        return workers(new Contenders(run, "lock", lock, lock::acquire, lock::release, 1));
    }
    // @end region=fixed
}
