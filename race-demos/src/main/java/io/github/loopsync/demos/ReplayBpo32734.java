package io.github.loopsync.demos;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Demo 16: replays CPython bpo-32734 ("Asyncio Lock safety issue (unlimited acquire)", fixed by PR
 * #5466 in 3.6.5 and 3.7.0). The fix of bpo-27585 made a cancelled waiter that finds the lock free
 * wake "the first waiter that is not done". When a waiter was cancelled and the lock released in
 * the same step, {@code release()} woke the next waiter and the cancelled one, running later, still
 * found the lock free and woke another: both woken waiters took the lock. CPython's fix: the waiter
 * removes its future before its cancel handler runs, and a wake-up goes only to the head of the
 * queue, and only if the head is not done yet, so at most one wake-up is in flight. The racy
 * variant runs the lock logic of asyncio 3.6.2 to 3.6.4 (and 3.5.4 onward, never fixed there),
 * re-expressed in Java on loopsync futures; the fixed variant runs the same scenario on loopsync's
 * {@link AsyncLock}, where a hand-off is a grant that exists at most once.
 */
public final class ReplayBpo32734 implements ReplayDemo {

    @Override
    public String id() {
        return "replay-bpo-32734";
    }

    @Override
    public String title() {
        return "Replay bpo-32734: two tasks hold the lock at once";
    }

    @Override
    public String story() {
        return "The main task holds a lock for 1 ms while three workers queue for it; one worker is cancelled "
                + "at the very moment the main task releases.";
    }

    @Override
    public String reference() {
        return "CPython bpo-32734 (asyncio.Lock, fixed in 3.6.5/3.7.0), replayed on a naive lock";
    }

    @Override
    public Kind kind() {
        return Kind.REPLAY;
    }

    // @start region=racy
    /** asyncio's Lock of 3.6.2 to 3.6.4, re-expressed: with the bpo-27585 fix, and its flaw. */
    static final class NaiveLock {
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
            return waiter.handle((woken, failure) -> {
                try {
                    if (failure != null) {
                        if (!locked) {
                            wakeUpFirst();         // the bpo-27585 fix: pass a wake-up on
                        }
                        throw Chains.rethrow(failure);
                    }
                    locked = true;
                    return null;
                } finally {
                    waiters.remove(waiter);
                }
            });
        }

        void release() {
            if (!locked) {
                throw new IllegalStateException("release() of an unlocked NaiveLock");
            }
            locked = false;
            wakeUpFirst();
        }

        private void wakeUpFirst() {
            // BUG: a waiter woken but not yet run is skipped like a cancelled one, and the next
            // waiter is woken too: two wake-ups in flight for one lock.
            for (LoopFuture<Void> waiter : waiters) {
                if (waiter.complete(null)) {       // false if already woken or cancelled
                    return;
                }
            }
        }
    }
    // @end region=racy

    /**
     * The main task holds the lock while three workers queue for it, then releases it; each worker
     * then holds it for 1 ms, and any of them may be cancelled.
     */
    private static CompletionStage<?> scenario(Contenders tasks) {
        return tasks.holding(() -> {
            for (String name : List.of("T1", "T2", "T3")) {
                tasks.start(name, Duration.ZERO);
            }
            return Tasks.sleep(Duration.ofMillis(1));
        }).thenCompose(v -> tasks.watchdog());
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        NaiveLock lock = new NaiveLock();
        return scenario(new Contenders(run, "lock", lock, lock::acquire, lock::release, 1));
    }

    // @start region=fixed
    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        // AsyncLock.release() grants the lock to exactly one waiter and stays locked for it. A
        // cancelled waiter that was never granted just leaves the queue; one that was granted
        // hands the grant on. There is never more than one grant outstanding.
        AsyncLock lock = new AsyncLock();
        return scenario(new Contenders(run, "lock", lock, lock::acquire, lock::release, 1));
    }
    // @end region=fixed
}
