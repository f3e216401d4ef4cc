package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayDeque;

/**
 * A seeded bug: asyncio's Lock before bpo-27585. release() wakes the first waiter, which sets the
 * lock when it runs; a waiter woken and then cancelled before it runs never passes the wake-up
 * on, so the lock stays free while the others wait for ever. It registers a progress probe like
 * the real primitives, so the harness sees the lost wake-up at the step it happens.
 */
final class NaiveLock {

    private final ArrayDeque<LoopFuture<Void>> waiters = new ArrayDeque<>();
    private boolean locked;
    private boolean probed;
    /** The waiter released most recently, until it runs. */
    private LoopFuture<Void> woken;

    LoopFuture<Void> acquire() {
        EventLoop loop = EventLoop.current();
        if (!locked && waiters.isEmpty()) {
            locked = true;
            return loop.done();
        }
        if (!probed) {
            probed = true;
            loop.registerProbe(probe());
        }
        LoopFuture<Void> waiter = loop.createFuture();
        waiters.add(waiter);
        return waiter.handle((ignored, failure) -> {
            waiters.remove(waiter);
            if (woken == waiter) {
                woken = null;
            }
            if (failure != null) {
                // BUG (bpo-27585): if this waiter had been woken, the wake-up is lost here.
                throw io.github.loopsync.loop.Chains.rethrow(failure);
            }
            locked = true;
            return null;
        });
    }

    void release() {
        locked = false;
        for (LoopFuture<Void> waiter : waiters) {
            if (!waiter.isDone()) {
                waiter.complete(null);
                woken = waiter;
                return;
            }
        }
    }

    private ProgressProbe probe() {
        return new ProgressProbe() {
            @Override
            public String describe() {
                return "NaiveLock[" + (locked ? "locked" : "unlocked") + ", waiters:" + waiters.size() + "]";
            }

            @Override
            public int parkedWaiters() {
                return waiters.size();
            }

            @Override
            public boolean lostWakeup() {
                boolean parked = waiters.stream().anyMatch(waiter -> !waiter.isDone());
                return !locked && parked && woken == null;
            }
        };
    }
}
