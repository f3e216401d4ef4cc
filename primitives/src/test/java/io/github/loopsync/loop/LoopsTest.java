package io.github.loopsync.loop;

import static io.github.loopsync.loop.FailureAssertions.assertSurfacesAs;
import static io.github.loopsync.loop.FailureAssertions.assertSurfacesAsA;
import static io.github.loopsync.loop.FailureAssertions.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** repeatWhile, repeat, forEach over an iterable and over a queue, and the bounded map. */
class LoopsTest extends LoopFixture {

    private int counter;

    /** repeatWhile tests the condition before each iteration and waits for each body. */
    @Test
    void repeatWhileWaitsForEachBody() {
        Task<Void> task = loop.createTask(() -> Loops.repeatWhile(() -> counter < 3,
                () -> Tasks.sleep(Duration.ofSeconds(1)).thenRun(() -> log("tick " + ++counter + " at " + now().toSeconds()))));
        settle();
        assertTrue(task.isDone() && !task.isCompletedExceptionally());
        assertLog("tick 1 at 1", "tick 2 at 2", "tick 3 at 3");
    }

    /** A condition false at once runs no iteration and completes at once. */
    @Test
    void repeatWhileFalseAtOnceRunsNothing() {
        Task<Void> task = loop.createTask(() -> Loops.repeatWhile(() -> false, () -> {
            throw new AssertionError("the body ran");
        }));
        settle();
        assertEquals(null, task.join());
    }

    /** The first failed iteration ends the loop, and the loop fails with that very exception. */
    @Test
    void repeatWhileFailsAsTheFailedIteration() {
        IllegalStateException original = new IllegalStateException("iteration 3");
        Task<Void> task = loop.createTask(() -> Loops.repeatWhile(() -> true, () -> {
            if (++counter == 3) {
                return Tasks.yieldNow().thenRun(() -> {
                    throw original;
                });
            }
            return Tasks.yieldNow();
        }));
        settle();
        assertSurfacesAs(original, failureOf(task));
        assertEquals(3, counter);
    }

    /** An Error thrown by a body or a condition ends the loop as itself and is never swallowed. */
    @Test
    void repeatWhilePropagatesErrors() {
        StackOverflowError fromBody = new StackOverflowError("body");
        StackOverflowError fromCondition = new StackOverflowError("condition");
        Task<Void> body = loop.createTask(() -> Loops.repeatWhile(() -> true, () -> {
            throw fromBody;
        }));
        Task<Void> condition = loop.createTask(() -> Loops.repeatWhile(() -> {
            throw fromCondition;
        }, () -> Tasks.yieldNow()));
        settle();
        assertSurfacesAs(fromBody, failureOf(body));
        assertSurfacesAs(fromCondition, failureOf(condition));
    }

    /** Cancelling the task that runs a loop cancels the wait it is parked on, and the loop ends there. */
    @Test
    void cancellingTheTaskStopsTheLoopAtItsWait() {
        Task<Void> task = loop.createTask(() -> Loops.repeatWhile(() -> true,
                () -> Tasks.sleep(Duration.ofSeconds(1)).thenRun(() -> counter++)));
        loop.callLater(Duration.ofMillis(2500), task::cancel);
        settle();
        assertTrue(task.isCancelled());
        assertEquals(2, counter);
        assertEquals(Duration.ofMillis(2500), now());
    }

    /** A body that catches its cancellation keeps the loop going, as a Python loop catching CancelledError. */
    @Test
    void aBodyThatCatchesTheCancellationContinues() {
        Task<Void> task = loop.createTask(() -> Loops.repeatWhile(() -> counter < 3,
                () -> Tasks.sleep(Duration.ofSeconds(1))
                        .exceptionally(Chains.catching(CancellationException.class, cancelled -> {
                            log("cancelled at " + now().toMillis());
                            return null;
                        }))
                        .thenRun(() -> counter++)));
        loop.callLater(Duration.ofMillis(1500), task::cancel);
        settle();
        assertFalse(task.isCompletedExceptionally());
        assertLog("cancelled at 1500");
        assertEquals(3, counter);
        assertEquals(Duration.ofMillis(2500), now());  // 1 s, then 1.5 s cancelled, then 2.5 s
    }

    /** The stage a helper returns runs its Async dependents on the loop, like a loop future's. */
    @Test
    void asyncDependentsRunOnTheLoop() {
        Thread loopThread = Thread.currentThread();
        Task<Boolean> task = loop.createTask(() -> Loops.repeatWhile(() -> counter++ < 2, Tasks::yieldNow)
                .thenApplyAsync(v -> Thread.currentThread() == loopThread));
        settle();
        assertTrue(task.join(), "the dependent ran on the loop thread");
    }

    /** repeat runs its step until the step's stage says false. */
    @Test
    void repeatUntilTheStepSaysFalse() {
        Task<Void> task = loop.createTask(() -> Loops.repeat(
                () -> Tasks.sleep(Duration.ofSeconds(1)).thenApply(v -> ++counter < 4)));
        settle();
        assertEquals(null, task.join());
        assertEquals(4, counter);
        assertEquals(Duration.ofSeconds(4), now());
    }

    /** A step that completes with null instead of a boolean fails the loop with NullPointerException. */
    @Test
    void repeatRejectsANullVerdict() {
        Task<Void> task = loop.createTask(() -> Loops.repeat(() -> loop.completedFuture((Boolean) null)));
        settle();
        assertSurfacesAsA(NullPointerException.class, failureOf(task));
    }

    /** forEach takes the items in order and waits for each body before the next. */
    @Test
    void forEachIterableRunsInOrder() {
        Task<Void> task = loop.createTask(() -> Loops.forEach(List.of("a", "b", "c"),
                item -> Tasks.sleep(Duration.ofSeconds(1)).thenRun(() -> log(item + " at " + now().toSeconds()))));
        settle();
        assertEquals(null, task.join());
        assertLog("a at 1", "b at 2", "c at 3");
    }

    /** A failed item ends forEach with its exception; later items are not taken. */
    @Test
    void forEachIterableStopsAtTheFirstFailure() {
        IllegalArgumentException original = new IllegalArgumentException("b is bad");
        Task<Void> task = loop.createTask(() -> Loops.forEach(List.of("a", "b", "c"), item -> {
            log(item);
            if (item.equals("b")) {
                throw original;
            }
            return loop.done();
        }));
        settle();
        assertSurfacesAs(original, failureOf(task));
        assertLog("a", "b");
    }

    /** A queue worker handles every item, calls taskDone for each so join completes, and ends at shutdown. */
    @Test
    void forEachQueueRunsUntilShutdown() {
        AsyncQueue<Integer> queue = new AsyncQueue<>(2);
        Task<Void> worker = loop.createTask(() -> Loops.forEach(queue,
                item -> Tasks.sleep(Duration.ofSeconds(1)).thenRun(() -> log("item " + item))));
        Task<Void> producer = loop.createTask(() -> Loops.forEach(List.of(1, 2, 3, 4), queue::put)
                .thenCompose(v -> queue.join())
                .thenRun(() -> {
                    log("joined at " + now().toSeconds());
                    queue.shutdown();
                }));
        settle();
        assertEquals(null, producer.join());
        assertEquals(null, worker.join());
        assertLog("item 1", "item 2", "item 3", "item 4", "joined at 4");
    }

    /** A failed body still counts as done for join, and ends the worker with its exception. */
    @Test
    void forEachQueueFailureCallsTaskDoneAndSurfaces() {
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        IllegalStateException original = new IllegalStateException("item 2 failed");
        queue.putNowait(1);
        queue.putNowait(2);
        queue.putNowait(3);
        Task<Void> worker = loop.createTask(() -> Loops.forEach(queue, item -> {
            if (item == 2) {
                return Tasks.yieldNow().thenRun(() -> {
                    throw original;
                });
            }
            return loop.done();
        }));
        settle();
        assertSurfacesAs(original, failureOf(worker));
        assertEquals(1, queue.size());
        queue.getNowait();
        queue.taskDone();
        Task<Void> joined = loop.createTask(queue::join);
        settle();
        assertTrue(joined.isDone(), "every item taken was counted done: " + queue);
    }

    /** Cancelling a worker parked on get() stops it there; an item put later stays in the queue. */
    @Test
    void forEachQueueCancelledAtItsGet() {
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        Task<Void> worker = loop.createTask(() -> Loops.forEach(queue, item -> {
            log("item " + item);
            return loop.done();
        }));
        loop.runOnce();
        worker.cancel();
        settle();
        queue.putNowait(7);
        settle();
        assertTrue(worker.isCancelled());
        assertEquals(1, queue.size());
        assertLog();
    }

    /** map returns the values in input order however the tasks finish, with at most N running. */
    @Test
    void mapKeepsInputOrderAndBoundsConcurrency() {
        int[] running = new int[2];                 // current, most
        Task<List<Integer>> task = loop.createTask(() -> Loops.map(List.of(5, 1, 4, 2, 3), 2, seconds -> {
            running[1] = Math.max(running[1], ++running[0]);
            return Tasks.sleep(Duration.ofSeconds(seconds)).thenApply(v -> {
                running[0]--;
                return seconds * 10;
            });
        }));
        settle();
        assertEquals(List.of(50, 10, 40, 20, 30), task.join());
        assertEquals(2, running[1]);
        assertEquals(Duration.ofSeconds(8), now());  // 5 | 1+4 | then 2 at 5 s, 3 at 5 s: ends at 8 s
    }

    /** The first failure cancels the running tasks, starts no more, and surfaces once they have finished. */
    @Test
    void mapFirstFailureCancelsTheRestAndSurfacesAsItself() {
        IllegalStateException original = new IllegalStateException("item 2");
        List<String> started = new ArrayList<>();
        Task<List<String>> task = loop.createTask(() -> Loops.map(List.of(1, 2, 3, 4), 2, item -> {
            started.add("start " + item);
            if (item == 2) {
                return Tasks.sleep(Duration.ofSeconds(1)).thenApply(v -> {
                    throw original;
                });
            }
            return Chains.ensureCompose(Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "done " + item),
                    () -> Tasks.sleep(Duration.ofSeconds(2)).thenRun(() -> log("item " + item + " cleaned up at " + now().toSeconds())));
        }));
        settle();
        assertSurfacesAs(original, failureOf(task));
        assertEquals(List.of("start 1", "start 2"), started);
        assertLog("item 1 cleaned up at 3");
        assertEquals(Duration.ofSeconds(3), now());
    }

    /** Cancelling the task running map cancels its tasks; map fails with the cancellation. */
    @Test
    void cancellingTheTaskCancelsTheMappedTasks() {
        Task<List<Integer>> task = loop.createTask(() -> Loops.map(List.of(1, 2, 3), 3,
                item -> Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> item)));
        loop.callLater(Duration.ofSeconds(1), task::cancel);
        settle();
        assertTrue(task.isCancelled());
        assertEquals(Duration.ofSeconds(1), now());
    }

    /** map over nothing is an empty list; fewer than one task in flight is refused. */
    @Test
    void mapEdgeCases() throws InterruptedException {
        Task<List<Integer>> empty = loop.createTask(() -> Loops.<Integer, Integer>map(List.of(), 4, loop::completedFuture));
        settle();
        assertEquals(List.of(), empty.join());
        Task<CompletionStage<List<Integer>>> refused = loop.createTask(() -> loop.completedFuture(
                Loops.<Integer, Integer>map(List.of(1), 0, loop::completedFuture)));
        settle();
        IllegalArgumentException thrown = assertSurfacesAsA(IllegalArgumentException.class, failureOf(refused));
        assertEquals("maxInFlight: 0 (expected: >= 1)", thrown.getMessage());
        Throwable offLoop = thrownOnOtherThread("not-a-loop", () -> Loops.repeatWhile(() -> false, loop::done));
        assertTrue(offLoop instanceof IllegalStateException, "off a loop thread: " + offLoop);
    }
}
