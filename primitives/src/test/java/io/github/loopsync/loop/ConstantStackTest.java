package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.testing.LoopFixture;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous loops written as recursion, the obvious way, run in bounded stack whatever mix of
 * ready and parked waits they meet (issue #12, part 2): dependents run inline only up to a small
 * depth, then through the loop. {@code -Dloopsync.budget=nightly} runs ten million iterations per
 * case; the default build runs a million over ready items and 200,000 where the worker parks (each
 * parked item costs the producer's step too).
 */
class ConstantStackTest extends LoopFixture {

    private static final boolean NIGHTLY =
            "nightly".equals(System.getProperty("loopsync.budget", "").toLowerCase(Locale.ROOT));
    /** Far below a default thread stack's capacity, far above the scheduler's inline bound. */
    private static final int STACK_BOUND = 2_000;

    /** How the worker chains its next turn, in the shapes users write. */
    enum Shape {
        THEN_COMPOSE, WHEN_COMPLETE, THEN_RUN
    }

    /** How the items arrive: all ready, one at a time from a producer (the worker parks), or in bursts. */
    enum Feed {
        READY, PARKED, MIXED
    }

    /** A worker draining a queue by recursion, recording the deepest stack it ran on. */
    private static final class Worker {
        final AsyncQueue<Integer> queue;
        final Shape shape;
        final int total;
        final LoopFuture<Integer> done;
        int handled;
        int deepestStack;

        Worker(EventLoop loop, AsyncQueue<Integer> queue, Shape shape, int total) {
            this.queue = queue;
            this.shape = shape;
            this.total = total;
            this.done = loop.createFuture();
        }

        CompletionStage<Void> handle(int item) {
            if (++handled % 100_000 == 0) {
                deepestStack = Math.max(deepestStack, Thread.currentThread().getStackTrace().length);
            }
            return EventLoop.current().done();
        }

        void next() {
            if (handled == total) {
                done.complete(handled);
                return;
            }
            LoopFuture<Integer> item = queue.get();
            switch (shape) {
                case THEN_COMPOSE:
                    item.thenCompose(this::handle).thenRun(this::next);
                    break;
                case WHEN_COMPLETE:
                    item.whenComplete((value, failure) -> {
                        handle(value);
                        next();
                    });
                    break;
                default:
                    item.thenAccept(this::handle).thenRun(this::next);
                    break;
            }
        }
    }

    private void drain(Shape shape, Feed feed) {
        int iterations = NIGHTLY ? 10_000_000 : feed == Feed.READY ? 1_000_000 : 200_000;
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        Worker worker = new Worker(loop, queue, shape, iterations);
        Task<Integer> consumer = loop.createTask(() -> {
            worker.next();
            return worker.done;
        });
        loop.createTask(() -> produce(queue, feed, iterations));
        settle();
        assertEquals(iterations, consumer.join(), shape + " over " + feed + " items");
        assertTrue(worker.deepestStack > 0 && worker.deepestStack < STACK_BOUND,
                "the deepest stack was " + worker.deepestStack + " frames");
    }

    /** READY: everything is queued before the worker starts; PARKED: one item per step; MIXED: bursts of 1..64. */
    private static CompletionStage<Void> produce(AsyncQueue<Integer> queue, Feed feed, int iterations) {
        if (feed == Feed.READY) {
            for (int i = 0; i < iterations; i++) {
                queue.putNowait(i);
            }
            return EventLoop.current().done();
        }
        return new Object() {
            int sent;

            CompletionStage<Void> burst() {
                int size = feed == Feed.PARKED ? 1 : 1 + (sent * 31 % 64);
                for (int i = 0; i < size && sent < iterations; i++) {
                    queue.putNowait(sent++);
                }
                return sent == iterations ? EventLoop.current().done() : Tasks.yieldNow().thenCompose(v -> burst());
            }
        }.burst();
    }

    /** thenCompose(handle).thenRun(next) over items that are all ready runs in bounded stack. */
    @Test
    void composeOverReadyItems() {
        drain(Shape.THEN_COMPOSE, Feed.READY);
    }

    /** whenComplete calling next() over items that are all ready runs in bounded stack. */
    @Test
    void whenCompleteOverReadyItems() {
        drain(Shape.WHEN_COMPLETE, Feed.READY);
    }

    /** thenAccept(handle).thenRun(next) over items that are all ready runs in bounded stack. */
    @Test
    void thenRunOverReadyItems() {
        drain(Shape.THEN_RUN, Feed.READY);
    }

    /** Each shape over items that arrive one at a time, so that the worker parks on every get. */
    @Test
    void everyShapeOverParkedItems() {
        for (Shape shape : Shape.values()) {
            drain(shape, Feed.PARKED);
        }
    }

    /** Each shape over bursts of ready items between parks. */
    @Test
    void everyShapeOverMixedItems() {
        for (Shape shape : Shape.values()) {
            drain(shape, Feed.MIXED);
        }
    }

    /** A chain built before its source completes, a million stages long, delivers in bounded stack. */
    @Test
    void longPendingChainDeliversInBoundedStack() {
        LoopFuture<Integer> source = loop.createFuture();
        LoopFuture<Integer> tail = source;
        for (int i = 0; i < 1_000_000; i++) {
            tail = tail.thenApply(value -> value + 1);
        }
        int[] depth = {0};
        tail.thenAccept(value -> depth[0] = Thread.currentThread().getStackTrace().length);
        source.complete(0);
        settle();
        assertEquals(1_000_000, tail.join());
        assertTrue(depth[0] < STACK_BOUND, "the last stage ran " + depth[0] + " frames deep");
    }

    /** An Error thrown by a stage fails the chain and is also reported at once, so no catch-all can hide it. */
    @Test
    void anErrorInAStageIsReportedEvenIfTheChainCatchesIt() {
        LoopFuture<String> source = loop.createFuture();
        AssertionError planted = new AssertionError("planted");
        Consumer<String> thrower = value -> {
            throw planted;
        };
        LoopFuture<String> recovered = source.thenAccept(thrower).handle((value, failure) -> {
            assertSame(planted, failure, "the chain sees the Error itself");
            return "recovered";
        });
        source.complete("x");
        settle();
        assertEquals("recovered", recovered.join());
        assertEquals(1, reported.size());
        assertSame(planted, reported.get(0).error);
        reported.clear();
        assertEquals(List.of(), reported);
    }
}
