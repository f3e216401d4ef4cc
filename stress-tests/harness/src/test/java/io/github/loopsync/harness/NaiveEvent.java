package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A seeded bug: an event whose woken waiters re-check the flag when they run and wait again if it
 * is clear, so set() followed at once by clear() wakes nobody: the pulse is lost.
 */
final class NaiveEvent {

    private final List<LoopFuture<Void>> waiters = new ArrayList<>();
    private boolean set;

    CompletionStage<Void> await() {
        EventLoop loop = EventLoop.current();
        if (set) {
            return loop.done();
        }
        LoopFuture<Void> waiter = loop.createFuture();
        waiters.add(waiter);
        // BUG: when it runs, the waiter checks the flag again instead of trusting its wake-up.
        return waiter.thenCompose(woken -> await());
    }

    void set() {
        set = true;
        for (LoopFuture<Void> waiter : waiters) {
            waiter.complete(null);
        }
        waiters.clear();
    }

    void clear() {
        set = false;
    }
}
