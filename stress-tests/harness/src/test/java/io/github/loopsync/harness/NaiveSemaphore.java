package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import java.util.ArrayDeque;

/**
 * A seeded bug in the shape of CPython gh-90155: release() assigns the permit to the woken waiter
 * at wake time, but a waiter cancelled before it runs never gives the permit back, so the
 * semaphore loses it for good.
 */
final class NaiveSemaphore {

    private final ArrayDeque<LoopFuture<Void>> waiters = new ArrayDeque<>();
    private int value;

    NaiveSemaphore(int value) {
        this.value = value;
    }

    LoopFuture<Void> acquire() {
        EventLoop loop = EventLoop.current();
        if (value > 0 && waiters.isEmpty()) {
            value--;
            return loop.done();
        }
        LoopFuture<Void> waiter = loop.createFuture();
        waiters.add(waiter);
        return waiter.whenComplete((ignored, failure) -> waiters.remove(waiter));
        // BUG: a cancelled waiter that had been handed the permit does not do value++ here.
    }

    void release() {
        for (LoopFuture<Void> waiter : waiters) {
            if (!waiter.isDone()) {
                waiter.complete(null);   // the permit goes to this waiter
                return;
            }
        }
        value++;
    }
}
