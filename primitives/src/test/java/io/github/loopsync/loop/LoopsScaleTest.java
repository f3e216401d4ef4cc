package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.testing.LoopFixture;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Every loop helper runs ten million iterations (one million at the default budget, ten million
 * with {@code -Dloopsync.budget=nightly}) in constant stack: over steps that are all ready at
 * once, over steps that all park, and over a mix; the stack depth seen by the step is sampled and
 * must not grow.
 */
class LoopsScaleTest extends LoopFixture {

    /** Iterations per test: 1,000,000 by default, 10,000,000 at the nightly budget. */
    static final int ITERATIONS = "nightly".equals(System.getProperty("loopsync.budget", "default").toLowerCase(Locale.ROOT))
            ? 10_000_000 : 1_000_000;
    /** Frames the stack may vary by between samples (the loop's own steps differ by a few). */
    private static final int STACK_SLACK = 40;

    private int count;
    private int shallowest = Integer.MAX_VALUE;
    private int deepest;

    /** Counts one iteration and samples the stack depth every 100,000 iterations. */
    private void iteration() {
        if (count++ % 100_000 == 0) {
            int depth = StackWalker.getInstance().walk(frames -> (int) frames.count());
            shallowest = Math.min(shallowest, depth);
            deepest = Math.max(deepest, depth);
        }
    }

    private void assertRanInConstantStack(Task<?> task, int expectedIterations) {
        settle();
        assertTrue(task.isDone(), "the helper has not finished: " + task);
        task.join();
        assertEquals(expectedIterations, count);
        assertTrue(deepest - shallowest <= STACK_SLACK,
                "the stack grew from " + shallowest + " to " + deepest + " frames over " + count + " iterations");
    }

    /** Integers 0 .. n-1, made as they are taken, so that ten million items need no list. */
    private static Iterable<Integer> range(int n) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Integer next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }

    /** repeatWhile over bodies that are all complete when returned. */
    @Test
    void repeatWhileOverReadySteps() {
        Task<Void> task = loop.createTask(() -> Loops.repeatWhile(() -> count < ITERATIONS, () -> {
            iteration();
            return loop.done();
        }));
        assertRanInConstantStack(task, ITERATIONS);
    }

    /** repeat over bodies that each park for one loop iteration. */
    @Test
    void repeatOverParkedSteps() {
        Task<Void> task = loop.createTask(() -> Loops.repeat(() -> {
            iteration();
            return Tasks.yieldNow().thenApply(v -> count < ITERATIONS);
        }));
        assertRanInConstantStack(task, ITERATIONS);
    }

    /** forEach over an iterable whose bodies are ready, except every 1,000th, which parks. */
    @Test
    void forEachIterableOverMixedSteps() {
        Task<Void> task = loop.createTask(() -> Loops.forEach(range(ITERATIONS), item -> {
            iteration();
            return item % 1_000 == 0 ? Tasks.yieldNow() : loop.done();
        }));
        assertRanInConstantStack(task, ITERATIONS);
    }

    /** A queue worker fed one item at a time by another task: every get parks. */
    @Test
    void forEachQueueOverParkedItems() {
        AsyncQueue<Integer> queue = new AsyncQueue<>(1);
        Task<Void> worker = loop.createTask(() -> Loops.forEach(queue, item -> {
            iteration();
            return loop.done();
        }));
        loop.createTask(() -> Loops.forEach(range(ITERATIONS), queue::put).thenRun(queue::shutdown));
        assertRanInConstantStack(worker, ITERATIONS);
    }

    /** A queue worker fed in bursts of 10,000 ready items, parking between bursts. */
    @Test
    void forEachQueueOverReadyAndParkedItems() {
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        int[] produced = new int[1];
        Task<Void> worker = loop.createTask(() -> Loops.forEach(queue, item -> {
            iteration();
            return loop.done();
        }));
        loop.createTask(() -> Loops.repeatWhile(() -> produced[0] < ITERATIONS, () -> {
            for (int i = 0; i < 10_000 && produced[0] < ITERATIONS; i++) {
                queue.putNowait(produced[0]++);
            }
            return Tasks.yieldNow();
        }).thenRun(queue::shutdown));
        assertRanInConstantStack(worker, ITERATIONS);
    }

    /** The bounded map over items whose work is ready at once, 100 tasks in flight. */
    @Test
    void mapOverReadyItems() {
        Task<List<Integer>> task = loop.createTask(() -> Loops.map(range(ITERATIONS), 100, item -> {
            iteration();
            CompletionStage<Integer> ready = loop.completedFuture(item);
            return ready;
        }));
        assertRanInConstantStack(task, ITERATIONS);
        List<Integer> values = task.join();
        assertEquals(ITERATIONS, values.size());
        assertEquals(ITERATIONS - 1, values.get(ITERATIONS - 1));
    }
}
