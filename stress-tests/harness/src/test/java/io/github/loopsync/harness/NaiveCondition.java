package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * A seeded bug in the shape of CPython gh-112202: signal() wakes the first waiter, and a waiter
 * cancelled after it was signalled but before it ran re-acquires the lock and raises without
 * passing the signal on; another waiter whose predicate holds sleeps on.
 */
final class NaiveCondition {

    final AsyncLock lock = new AsyncLock();
    private final ArrayDeque<LoopFuture<Void>> waiters = new ArrayDeque<>();

    CompletionStage<Void> await() {
        EventLoop loop = EventLoop.current();
        LoopFuture<Void> waiter = loop.createFuture();
        waiters.add(waiter);
        lock.release();
        return waiter.handle((ignored, failure) -> failure).thenCompose(failure -> {
            waiters.remove(waiter);
            // Re-acquire whatever happened, then report the cancellation, if any. BUG: no pass-on.
            return lock.acquire().thenRun(() -> {
                if (failure != null) {
                    throw new CompletionException(Tasks.unwrap(failure));
                }
            });
        });
    }

    CompletionStage<Void> awaitUntil(BooleanSupplier predicate) {
        if (predicate.getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        return await().thenCompose(v -> awaitUntil(predicate));
    }

    void signal() {
        for (LoopFuture<Void> waiter : waiters) {
            if (!waiter.isDone()) {
                waiter.complete(null);
                return;
            }
        }
    }
}
