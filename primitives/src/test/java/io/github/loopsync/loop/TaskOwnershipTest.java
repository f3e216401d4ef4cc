package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Which loop futures a task owns, the ones its cancellation reaches: the newest one it waits on,
 * the older ones still pending beside it, none it has stopped owning. A task keeps the newest in a
 * field of its own and the others in an array; these cases cross that line both ways.
 */
class TaskOwnershipTest extends LoopFixture {

    /** Waiting on two pending futures at once: the cancellation reaches the older one as well. */
    @Test
    void cancellationReachesBothOfTwoPendingWaits() {
        List<LoopFuture<Void>> sleeps = new ArrayList<>();
        Task<String> task = loop.createTask(() -> {
            LoopFuture<Void> first = Tasks.sleep(Duration.ofSeconds(10));
            LoopFuture<Void> second = Tasks.sleep(Duration.ofSeconds(20));
            sleeps.add(first);
            sleeps.add(second);
            first.whenComplete((v, failure) -> log("first " + (failure == null ? "woke" : "cancelled")));
            return second.thenApply(v -> "slept");
        });
        loop.runOnce();
        assertTrue(task.toString().contains("waiting on ") && task.toString().contains(" and more"), task.toString());
        assertTrue(task.cancel());
        assertTrue(sleeps.get(0).isCancelled(), "the older wait, no longer the newest, is still owned");
        assertTrue(sleeps.get(1).isCancelled(), "the newest wait");
        settle();
        assertTrue(task.isCancelled());
        assertLog("first cancelled");
        assertEquals(Duration.ZERO, now());
    }

    /** Waits one after another: a delivered wait is let go, and the cancellation reaches the next. */
    @Test
    void cancellationReachesTheWaitAfterADeliveredOne() {
        List<LoopFuture<Void>> sleeps = new ArrayList<>();
        Task<String> task = loop.createTask(() -> {
            LoopFuture<Void> first = Tasks.sleep(Duration.ofSeconds(1));
            sleeps.add(first);
            return first.thenCompose(v -> {
                LoopFuture<Void> second = Tasks.sleep(Duration.ofSeconds(10));
                sleeps.add(second);
                return second.thenApply(w -> "slept twice");
            });
        });
        while (sleeps.size() < 2) {
            loop.runOnce();
        }
        assertTrue(task.toString().contains("waiting on ") && !task.toString().contains(" and more"), task.toString());
        assertTrue(task.cancel());
        assertFalse(sleeps.get(0).isCancelled(), "delivered before the cancellation");
        assertTrue(sleeps.get(1).isCancelled());
        settle();
        assertTrue(task.isCancelled());
        assertEquals(Duration.ofSeconds(1), now());
    }

    /** Many pending waits at once, well past the array's first sizes: the cancellation reaches each. */
    @Test
    void cancellationReachesEveryOneOfManyPendingWaits() {
        int count = 1_000;
        List<LoopFuture<Void>> sleeps = new ArrayList<>();
        Task<Void> task = loop.createTask(() -> {
            for (int i = 0; i < count; i++) {
                LoopFuture<Void> sleep = Tasks.sleep(Duration.ofSeconds(i + 1));
                sleeps.add(sleep);
                sleep.whenComplete((v, failure) -> { });
            }
            return Tasks.sleep(Duration.ofDays(1));
        });
        loop.runOnce();
        task.cancel();
        assertEquals(count, sleeps.stream().filter(LoopFuture::isCancelled).count());
        settle();
        assertTrue(task.isCancelled());
        assertEquals(Duration.ZERO, now());
    }

    /** A wait another task chains on moves to that task: the first task's cancellation leaves it. */
    @Test
    void aWaitTakenOverByAnotherTaskIsNotCancelledByTheFirst() {
        LoopFuture<Void> shared = loop.createFuture();
        loop.callLater(Duration.ofSeconds(5), () -> shared.complete(null));
        Task<String> first = loop.createTask(() -> shared.thenApply(v -> "first"));
        loop.runOnce();
        Task<String> second = loop.createTask(() -> shared.thenApply(v -> "second"));
        loop.runOnce();
        assertTrue(first.cancel());
        assertFalse(shared.isCancelled(), "the second task owns the shared wait now");
        settle();
        assertTrue(first.isCancelled(), "the request stays pending and ends the first task once it resumes");
        assertEquals("second", second.join());
    }

    /**
     * A task that finishes while a future it chained on is still pending lets it go: the future's
     * dependents later run outside any task, and cancelling the finished task reaches nothing.
     */
    @Test
    void aFinishedTaskLetsGoOfItsPendingWait() {
        List<LoopFuture<Void>> sleeps = new ArrayList<>();
        List<Task<?>> runningIn = new ArrayList<>();
        Task<String> task = loop.createTask(() -> {
            LoopFuture<Void> sleep = Tasks.sleep(Duration.ofSeconds(3));
            sleeps.add(sleep);
            sleep.whenComplete((v, failure) -> runningIn.add(Task.current()));
            return CompletableFuture.completedFuture("done early");
        });
        loop.runOnce();
        assertEquals("done early", task.join());
        assertFalse(task.cancel());
        assertFalse(sleeps.get(0).isCancelled());
        settle();
        assertEquals(1, runningIn.size());
        assertNull(runningIn.get(0), "the dependent ran outside the finished task");
        assertNull(sleeps.get(0).task(), "the finished task no longer owns the sleep");
    }
}
