package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Demo 19: replays CPython gh-83055 (bpo-38874, "asyncio.Queue: putting items out of order when it
 * is full"), still open. When a full queue frees a slot, {@code get()} wakes the oldest blocked
 * putter, but the slot stays free until that putter runs; a {@code put()} or {@code put_nowait()}
 * in between takes it, and the woken putter finds the queue full again and queues once more, behind
 * the newcomer. Items then leave the queue in a different order from the {@code put} calls.
 * Proposals to keep woken putters queued and to make {@code put_nowait()} fail while putters wait
 * (PRs #112496 and #112501) were closed. The racy variant runs the put/get logic of asyncio's
 * {@code Queue} since 3.5.1 (observed on 3.8, 3.11 and 3.13), re-expressed in Java on loopsync
 * futures; the fixed variant runs the same tasks on loopsync's {@link AsyncQueue}, which hands a
 * freed slot straight to the oldest putter.
 */
public final class ReplayGh83055 implements Demo {

    @Override
    public String id() {
        return "replay-gh-83055";
    }

    @Override
    public String title() {
        return "Replay gh-83055: a newcomer overtakes a queue's waiting putter";
    }

    @Override
    public String story() {
        return "A queue holding one item links a producer to a consumer. The producer puts a then b, and waits; "
                + "the consumer starts at 1 ms, when a newcomer puts c. The consumer should get a, b, c.";
    }

    @Override
    public String reference() {
        return "CPython gh-83055 (asyncio.Queue, open), replayed on a naive queue";
    }

    @Override
    public Kind kind() {
        return Kind.REPLAY;
    }

    // @start region=racy
    /** asyncio's Queue, re-expressed (put, get and their wake-ups; cancellation left out). */
    static final class NaiveQueue<E> {
        private final int maxSize;
        private final ArrayDeque<E> items = new ArrayDeque<>();
        private final ArrayDeque<LoopFuture<Void>> getters = new ArrayDeque<>();
        private final ArrayDeque<LoopFuture<Void>> putters = new ArrayDeque<>();

        NaiveQueue(int maxSize) {
            this.maxSize = maxSize;
        }

        CompletionStage<Void> put(E item) {
            if (items.size() >= maxSize) {         // full: wait for a free slot, then check again
                LoopFuture<Void> putter = EventLoop.current().createFuture();
                putters.add(putter);
                return putter.thenCompose(v -> put(item));   // BUG: the slot may be taken by now,
            }                                                // and this put queues again, last
            items.add(item);
            wakeUpNext(getters);
            return EventLoop.current().done();
        }

        CompletionStage<E> get() {
            if (items.isEmpty()) {                 // empty: wait for an item, then check again
                LoopFuture<Void> getter = EventLoop.current().createFuture();
                getters.add(getter);
                return getter.thenCompose(v -> get());
            }
            E item = items.poll();
            wakeUpNext(putters);                   // the freed slot stays free until it runs
            return EventLoop.current().completedFuture(item);
        }

        private static void wakeUpNext(ArrayDeque<LoopFuture<Void>> waiters) {
            LoopFuture<Void> waiter;
            while ((waiter = waiters.poll()) != null) {
                if (waiter.complete(null)) {       // false if cancelled
                    return;
                }
            }
        }
    }
    // @end region=racy

    /**
     * A queue of one slot. The producer puts a, then b (which waits); at 1 ms the consumer starts
     * taking three items and a newcomer puts c. The consumer must get the items in the order of
     * the put calls.
     */
    private static CompletionStage<?> scenario(RaceRun run, Function<String, CompletionStage<Void>> put,
            Supplier<CompletionStage<String>> get) {
        EventLoop loop = run.loop();
        List<String> taken = new ArrayList<>();
        Task<Void> producer = loop.createTask("producer", () -> put.apply("a").thenCompose(v -> put.apply("b")));
        Task<Void> consumer = loop.createTask("consumer", () -> Tasks.sleep(Duration.ofMillis(1))
                .thenCompose(v -> get.get()).thenAccept(taken::add)
                .thenCompose(v -> get.get()).thenAccept(taken::add)
                .thenCompose(v -> get.get()).thenAccept(taken::add));
        Task<Void> newcomer = loop.createTask("newcomer", () -> Tasks.sleep(Duration.ofMillis(1))
                .thenCompose(v -> put.apply("c")));
        run.atEnd(() -> check(taken.equals(List.of("a", "b", "c")), "the consumer got " + taken + ", not [a, b, c]"));
        return Tasks.gather(producer, consumer, newcomer);
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        NaiveQueue<String> queue = new NaiveQueue<>(1);
        return scenario(run, queue::put, queue::get);
    }

    // @start region=fixed
    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        // AsyncQueue.get() hands the freed slot to the oldest waiting putter: the queue stays
        // full for everybody else until that putter has put its item.
        AsyncQueue<String> queue = new AsyncQueue<>(1);
        return scenario(run, queue::put, queue::get);
    }
    // @end region=fixed
}
