package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tasks: running, completing, and cancellation at every point of a task's life. */
class TaskTest extends LoopFixture {

    /** A task cancelled before its first step never runs its body and ends cancelled. */
    @Test
    void cancelledBeforeStartNeverRunsItsBody() {
        Task<String> task = loop.createTask(() -> {
            log("body ran");
            return CompletableFuture.completedFuture("x");
        });
        assertTrue(task.cancel("early"));
        loop.runUntilIdle();
        assertLog();
        assertTrue(task.isCancelled());
        assertEquals("early", assertThrows(CancellationException.class, task::join).getMessage());
    }

    /** Cancelling a sleeping task cancels its sleep at once, removes the timer, and ends the task. */
    @Test
    void cancelledWhileSleeping() {
        List<LoopFuture<Void>> sleeps = new ArrayList<>();
        Task<Void> task = loop.createTask(() -> {
            LoopFuture<Void> sleep = Tasks.sleep(Duration.ofSeconds(10));
            sleeps.add(sleep);
            return sleep.thenRun(() -> log("woke"));
        });
        loop.runOnce();
        assertEquals(1, loop.pendingTimers());
        assertTrue(task.cancel());
        assertTrue(sleeps.get(0).isCancelled(), "the awaited future is cancelled synchronously (asyncio T-L 7)");
        assertEquals(0, loop.pendingTimers());
        loop.runUntilIdle();
        assertTrue(task.isCancelled());
        assertLog();
        assertEquals(Duration.ZERO, now(), "the ten seconds never passed");
    }

    /** Cancelling a task that waits on another task cancels that task too, as asyncio does. */
    @Test
    void cancelledWhileWaitingOnAnotherTask() {
        List<Task<String>> children = new ArrayList<>();
        Task<String> parent = loop.createTask(() -> {
            Task<String> child = loop.createTask(() ->
                    Tasks.sleep(Duration.ofSeconds(5)).thenApply(v -> "child done"));
            children.add(child);
            return child.thenApply(result -> "parent saw " + result);
        });
        loop.runOnce();
        loop.runOnce();
        parent.cancel();
        loop.runUntilIdle();
        assertTrue(children.get(0).isCancelled());
        assertTrue(parent.isCancelled());
    }

    /** Cancelling a task whose awaited future was completed but not yet delivered: the cancellation wins (state E5-d). */
    @Test
    void cancelledAfterItsFutureCompletedButBeforeItResumed() {
        LoopFuture<String> reply = loop.createFuture();
        Task<String> task = loop.createTask(() -> reply.thenApply(value -> {
            log("resumed with " + value);
            return value;
        }));
        loop.runOnce();
        reply.complete("result");
        assertTrue(task.cancel());
        assertTrue(reply.isCancelled(), "the undelivered value was overridden");
        loop.runUntilIdle();
        assertTrue(task.isCancelled());
        assertLog();
    }

    /** A chain that catches the cancellation recovers: the task completes normally, like a coroutine catching CancelledError. */
    @Test
    void chainThatRecoversFromCancellationCompletesNormally() {
        Task<String> task = loop.createTask(() -> Tasks.sleep(Duration.ofHours(1))
                .handle((value, failure) -> Tasks.isCancellation(failure) ? "cleaned up" : "slept"));
        loop.runOnce();
        task.cancel();
        loop.runUntilIdle();
        assertFalse(task.isCancelled());
        assertEquals("cleaned up", task.join());
    }

    /** A task that cancels itself and then finishes without waiting ends cancelled (asyncio's rule). */
    @Test
    void selfCancelThenReturnEndsCancelled() {
        Task<String> task = loop.createTask(() -> {
            Task.current().cancel("self");
            return CompletableFuture.completedFuture("value");
        });
        loop.runUntilIdle();
        assertTrue(task.isCancelled());
        assertEquals("self", assertThrows(CancellationException.class, task::join).getMessage());
    }

    /** A pending cancellation reaches the next loop future the task waits on, one step later. */
    @Test
    void pendingCancellationReachesTheNextWait() {
        Task<String> task = loop.createTask(() -> {
            Task.current().cancel();
            assertTrue(Task.current().isCancelPending());
            return Tasks.sleep(Duration.ofSeconds(1)).thenApply(v -> "slept");
        });
        loop.runUntilIdle();
        assertTrue(task.isCancelled());
        assertEquals(Duration.ZERO, now());
        assertFalse(task.isCancelPending());
    }

    /** A task waiting on a foreign future keeps the request; it ends cancelled when that future completes. */
    @Test
    void cancellationWhileWaitingOnAForeignStageIsKept() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Task<String> task = loop.createTask(() -> foreign);
        loop.runOnce();
        task.cancel();
        assertTrue(task.isCancelPending());
        foreign.complete("late");
        loop.runUntilIdle();
        assertTrue(task.isCancelled());
    }

    /** Cancelling a finished task does nothing and says so. */
    @Test
    void cancellingAFinishedTaskReturnsFalse() {
        Task<String> task = loop.createTask(() -> CompletableFuture.completedFuture("done"));
        loop.runUntilIdle();
        assertFalse(task.cancel());
        assertEquals("done", task.join());
    }

    /** cancel() from another thread hops onto the loop and takes effect there. */
    @Test
    @Timeout(10)
    void cancelFromAnotherThread() throws Exception {
        Task<Void> task = loop.createTask(() -> Tasks.sleep(Duration.ofDays(1)));
        loop.runOnce();
        boolean[] accepted = new boolean[1];
        onOtherThread("canceller", () -> accepted[0] = task.cancel());
        assertTrue(accepted[0]);
        assertFalse(task.isDone(), "the request is carried out by the loop");
        loop.runUntilIdle();
        assertTrue(task.isCancelled());
        assertEquals(Duration.ZERO, now());
    }

    /** A body that throws fails the task with that exception. */
    @Test
    void bodyThatThrowsFailsTheTask() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Task<String> task = loop.createTask(() -> {
            throw boom;
        });
        task.exceptionally(failure -> null);
        loop.runUntilIdle();
        CompletionException thrown = assertThrows(CompletionException.class, task::join);
        assertSame(boom, thrown.getCause());
        assertFalse(task.isCancelled());
    }

    /** A body that returns null instead of a stage fails the task with a clear message. */
    @Test
    void bodyReturningNullFailsTheTask() {
        Task<String> task = loop.createTask(() -> null);
        loop.runUntilIdle();
        CompletionException thrown = assertThrows(CompletionException.class, task::join);
        assertInstanceOf(NullPointerException.class, thrown.getCause());
        assertTrue(thrown.getCause().getMessage().contains("returned null"));
    }

    /** A failure nobody observed is reported to the exception handler when the loop closes. */
    @Test
    void unobservedFailureIsReportedAtClose() {
        Task<String> task = loop.createTask(() -> CompletableFuture.failedFuture(new IllegalStateException("lost")));
        loop.runUntilIdle();
        assertTrue(task.isCompletedExceptionally());
        assertEquals(List.of(), reported);
        loop.close();
        assertEquals(1, reported.size());
        assertTrue(reported.get(0).message.contains(task.name()));
        assertEquals("lost", reported.get(0).error.getMessage());
        reported.clear();
    }

    /** A failure that someone joined is not reported. */
    @Test
    void observedFailureIsNotReported() {
        Task<String> task = loop.createTask(() -> CompletableFuture.failedFuture(new IllegalStateException("seen")));
        loop.runUntilIdle();
        assertThrows(CompletionException.class, task::join);
        loop.close();
        assertEquals(List.of(), reported);
    }

    /** Task.current() is the task in its body and in the continuations the loop delivers to it; null in plain callbacks. */
    @Test
    void currentTaskFollowsTheTaskThroughItsContinuations() {
        List<Task<?>> seen = new ArrayList<>();
        Task<Void> task = loop.createTask(() -> {
            seen.add(Task.current());
            return Tasks.sleep(Duration.ofSeconds(1)).thenRun(() -> seen.add(Task.current()));
        });
        loop.callSoon(() -> seen.add(Task.current()));
        loop.runUntilIdle();
        assertSame(task, seen.get(0));
        assertNull(seen.get(1));
        assertSame(task, seen.get(2));
        assertNull(Task.current(), "no task runs between steps");
    }

    /** Tasks are named Task-N in creation order unless named explicitly. */
    @Test
    void tasksAreNamed() {
        Task<Object> first = loop.createTask(() -> CompletableFuture.completedFuture(null));
        Task<Object> named = loop.createTask("worker", () -> CompletableFuture.completedFuture(null));
        Task<Object> third = loop.createTask(() -> CompletableFuture.completedFuture(null));
        assertEquals("Task-1", first.name());
        assertEquals("worker", named.name());
        assertEquals("Task-3", third.name());
        assertTrue(first.toString().contains("Task-1") && first.toString().contains("not started"), first.toString());
        loop.runUntilIdle();
        assertTrue(first.toString().contains("finished"), first.toString());
        assertEquals(List.of(), loop.tasks());
    }

    /** A task's outcome comes from its body only: completing it from outside is refused. */
    @Test
    void tasksCannotBeCompletedFromOutside() {
        Task<String> task = loop.createTask(() -> new CompletableFuture<>());
        assertThrows(UnsupportedOperationException.class, () -> task.complete("x"));
        assertThrows(UnsupportedOperationException.class, () -> task.completeExceptionally(new RuntimeException()));
        task.cancel();
        loop.runUntilIdle();
    }

    /** A task whose body stage completes on another thread finishes on the loop thread. */
    @Test
    @Timeout(10)
    void foreignCompletionFinishesOnTheLoop() throws Exception {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Thread testThread = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();
        Task<String> task = loop.createTask(() -> foreign);
        task.thenRun(() -> ranOn.add(Thread.currentThread()));
        loop.runOnce();
        onOtherThread("completer", () -> foreign.complete("done"));
        loop.runUntilIdle();
        assertEquals("done", task.join());
        assertEquals(List.of(testThread), ranOn);
    }

    /** loop.tasks() lists unfinished tasks oldest first. */
    @Test
    void liveTasksAreListed() {
        Task<Void> a = loop.createTask(() -> Tasks.sleep(Duration.ofSeconds(1)));
        Task<Void> b = loop.createTask(() -> Tasks.sleep(Duration.ofSeconds(2)));
        assertEquals(List.of(a, b), loop.tasks());
        loop.runUntilIdle();
        assertEquals(List.of(), loop.tasks());
    }

    /** A future created by one task and awaited by another belongs to the one awaiting it. */
    @Test
    void aFutureBelongsToTheTaskWaitingForIt() {
        List<LoopFuture<String>> handedOver = new ArrayList<>();
        Task<Void> producer = loop.createTask(() -> {
            handedOver.add(loop.createFuture());
            return Tasks.sleep(Duration.ofHours(1));
        });
        loop.runOnce();
        Task<String> consumer = loop.createTask(() -> handedOver.get(0).thenApply(value -> "got " + value));
        loop.runOnce();
        producer.cancel();
        loop.runUntilIdle();
        assertFalse(handedOver.get(0).isCancelled(), "cancelling the creator does not reach a future another task waits on");
        consumer.cancel();
        assertTrue(handedOver.get(0).isCancelled(), "cancelling the waiter does");
        loop.runUntilIdle();
        assertTrue(consumer.isCancelled());
    }

    /** Continuations are delivered by the loop, so a chain of 100,000 waits runs in constant stack depth. */
    @Test
    void longChainsOfWaitsDoNotGrowTheStack() {
        Task<Integer> task = loop.createTask(() -> countDown(100_000));
        loop.runUntilIdle();
        assertEquals(0, task.join());
    }

    private java.util.concurrent.CompletionStage<Integer> countDown(int remaining) {
        if (remaining == 0) {
            return CompletableFuture.completedFuture(0);
        }
        return Tasks.yieldNow().thenCompose(v -> countDown(remaining - 1));
    }
}
