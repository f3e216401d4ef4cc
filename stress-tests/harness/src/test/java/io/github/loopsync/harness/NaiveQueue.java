package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import java.util.ArrayDeque;

/**
 * A seeded bug: asyncio's Queue before bpo-23812. put() writes the item straight into a waiting
 * getter's future; if that getter is cancelled before it runs, the item is lost.
 */
final class NaiveQueue<E> {

    private final ArrayDeque<E> items = new ArrayDeque<>();
    private final ArrayDeque<LoopFuture<E>> getters = new ArrayDeque<>();

    LoopFuture<E> get() {
        EventLoop loop = EventLoop.current();
        if (!items.isEmpty()) {
            return loop.completedFuture(items.poll());
        }
        LoopFuture<E> getter = loop.createFuture();
        getters.add(getter);
        return getter;
    }

    void put(E item) {
        LoopFuture<E> getter;
        while ((getter = getters.poll()) != null) {
            if (!getter.isDone()) {
                // BUG (bpo-23812): a cancellation before delivery drops the item.
                getter.complete(item);
                return;
            }
        }
        items.add(item);
    }

    int size() {
        return items.size();
    }
}
