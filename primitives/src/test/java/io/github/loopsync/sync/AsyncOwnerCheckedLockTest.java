package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncOwnerCheckedLock}: the owner alone releases, misuse is refused at once and changes
 * nothing, ownership follows every hand-off (including a grant cancelled before its waiter
 * resumed), and the waits keep the lock's waiter states.
 */
class AsyncOwnerCheckedLockTest extends LoopFixture {

    private final AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
    /** Never set: a task that awaits it holds on until the loop closes. */
    private final AsyncEvent never = new AsyncEvent();

    /** Runs {@code body} as the task {@code name} and settles the loop; returns the task. */
    private <T> Task<T> inTask(String name, Supplier<? extends CompletionStage<T>> body) {
        Task<T> task = loop.createTask(name, body);
        settle();
        return task;
    }

    private Throwable failureOf(Task<?> task) {
        return assertThrows(CompletionException.class, task::join).getCause();
    }

    /** The owner acquires and releases; the lock records it while held. */
    @Test
    void ownerReleases() {
        Task<Object> owner = inTask("owner", () -> lock.acquire().thenApply(v -> {
            assertSame(loop.currentTask(), lock.owner());
            assertEquals("AsyncOwnerCheckedLock[locked by owner]", lock.toString());
            lock.release();
            return "released";
        }));
        assertEquals("released", owner.join());
        assertNull(lock.owner());
        assertFalse(lock.isLocked());
    }

    /** A release by another task is refused at once; the lock stays held by its owner. */
    @Test
    void releaseByAnotherTaskIsRefused() {
        inTask("owner", () -> lock.acquire().thenCompose(v -> never.await()));
        Task<Void> intruder = inTask("intruder", () -> {
            lock.release();
            return loop.done();
        });
        Throwable refused = failureOf(intruder);
        assertInstanceOf(IllegalStateException.class, refused);
        assertTrue(refused.getMessage().contains("by task intruder: only the task that holds it may release it"),
                refused.getMessage());
        assertTrue(lock.isLocked());
        assertEquals("owner", lock.owner().name());
    }

    /** A release, acquire or withLock outside any task is refused at once. */
    @Test
    void outsideATaskIsRefused() {
        IllegalStateException acquire = assertThrows(IllegalStateException.class, lock::acquire);
        assertTrue(acquire.getMessage().contains("outside any task"), acquire.getMessage());
        assertThrows(IllegalStateException.class, lock::tryAcquire);
        assertThrows(IllegalStateException.class, () -> lock.withLock(() -> loop.done()));
        assertFalse(lock.isLocked());
        inTask("owner", () -> lock.acquire().thenCompose(v -> never.await()));
        IllegalStateException release = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(release.getMessage().contains("outside any task"), release.getMessage());
        assertTrue(lock.isLocked());
    }

    /**
     * The owner's release chained after a foreign future (a CompletableFuture completed by a plain
     * callback) runs outside the task and is refused, saying why and what to do; the lock stays held.
     */
    @Test
    void releaseAfterAForeignFutureRunsOutsideTheTaskAndIsRefused() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        Task<String> owner = inTask("owner", () -> lock.acquire().thenCompose(held -> reply).thenApply(answer -> {
            lock.release();
            return answer;
        }));
        loop.callSoon(() -> reply.complete("sent"));
        settle();
        Throwable refused = failureOf(owner);
        assertInstanceOf(IllegalStateException.class, refused);
        assertEquals("release() of AsyncOwnerCheckedLock[locked by owner] outside any task: only the task that holds it"
                + " may release it, and this code runs in no task. A stage chained after a foreign future (a"
                + " CompletableFuture, toCompletableFuture(), another library's stage) runs in the callback that completed"
                + " it, outside the task: adopt such a future in the task with loop.wrap(stage), or use withLock, which"
                + " releases on the owner's behalf", refused.getMessage());
        assertSame(owner, lock.owner(), "still held by its owner");
    }

    /** The same chain with the foreign future adopted by loop.wrap runs as the owner, whose release succeeds. */
    @Test
    void foreignFutureAdoptedWithWrapKeepsTheContinuationInTheTask() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        List<Task<?>> releasedBy = new ArrayList<>();
        Task<String> owner = inTask("owner", () -> lock.acquire().thenCompose(held -> loop.wrap(reply)).thenApply(answer -> {
            releasedBy.add(loop.currentTask());
            lock.release();
            return answer;
        }));
        loop.callSoon(() -> reply.complete("sent"));
        settle();
        assertEquals("sent", owner.join());
        assertEquals(List.of(owner), releasedBy);
        assertFalse(lock.isLocked());
    }

    /** withLock around a foreign future releases on the owner's behalf once it completes. */
    @Test
    void withLockAroundAForeignFutureReleases() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        Task<String> owner = inTask("owner", () -> lock.withLock(() -> reply));
        assertSame(owner, lock.owner());
        loop.callSoon(() -> reply.complete("sent"));
        settle();
        assertEquals("sent", owner.join());
        assertFalse(lock.isLocked());
    }

    /** Release of a free lock is refused, even by a task. */
    @Test
    void releaseOfAFreeLockIsRefused() {
        Task<Void> task = inTask("t", () -> {
            lock.release();
            return loop.done();
        });
        assertTrue(failureOf(task).getMessage().contains("not acquired"));
    }

    /** The owner acquiring again is refused at once instead of waiting for itself forever. */
    @Test
    void reentrantAcquireIsRefused() {
        Task<Boolean> task = inTask("owner", () -> lock.acquire().thenApply(v -> {
            assertThrows(IllegalStateException.class, lock::acquire);
            assertThrows(IllegalStateException.class, lock::tryAcquire);
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> lock.withLock(() -> loop.done()));
            assertTrue(again.getMessage().contains("already holds it"), again.getMessage());
            assertEquals(0, lock.waiters());
            lock.release();
            return true;
        }));
        assertTrue(task.join());
        assertFalse(lock.isLocked());
    }

    /** Ownership moves with the hand-off: the new owner may release, the old one no longer may. */
    @Test
    void ownershipFollowsTheHandOff() {
        Task<Void> first = loop.createTask("first", () -> lock.acquire()
                .thenCompose(v -> Tasks.sleep(Duration.ofMillis(5))).thenRun(() -> {
                    lock.release();
                    assertEquals("second", lock.owner().name());
                    lock.release();                        // the lock is the second task's now
                }));
        Task<Void> second = loop.createTask("second", () -> lock.acquire()
                .thenCompose(v -> Tasks.sleep(Duration.ofMillis(1))).thenRun(lock::release));
        settle();
        assertTrue(failureOf(first).getMessage().contains("by task first"));
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertFalse(lock.isLocked());
    }

    /** A grant cancelled before its waiter resumed passes ownership to the next waiter. */
    @Test
    void cancelledGrantPassesOwnershipOn() {
        List<Task<Void>> cancelled = new ArrayList<>();
        Task<Void> first = loop.createTask("first", () -> lock.acquire()
                .thenCompose(v -> Tasks.sleep(Duration.ofMillis(5))).thenRun(() -> {
                    lock.release();                          // hands the lock to "cancelled"...
                    assertEquals("cancelled", lock.owner().name());
                    cancelled.get(0).cancel();               // ...which is cancelled before it resumes
                    assertEquals("third", lock.owner().name());
                }));
        cancelled.add(loop.createTask("cancelled", lock::acquire));
        Task<String> third = loop.createTask("third", () -> lock.acquire().thenApply(v -> {
            String owner = lock.owner().name();
            lock.release();
            return owner;
        }));
        settle();
        assertTrue(first.isDone() && !first.isCompletedExceptionally(), () -> String.valueOf(first));
        assertTrue(cancelled.get(0).isCancelled());
        assertEquals("third", third.join());
        assertFalse(lock.isLocked());
    }

    /** withLock releases on the owner's behalf on success, failure and cancellation. */
    @Test
    void withLockReleasesOnEveryOutcome() {
        Task<String> ok = inTask("ok", () -> lock.withLock(() -> Tasks.yieldNow().thenApply(v -> "ok")));
        assertEquals("ok", ok.join());
        Task<String> failed = inTask("failed", () -> lock.withLock(() -> CompletableFuture.failedFuture(new IllegalStateException("x"))));
        assertEquals("x", failureOf(failed).getMessage());
        assertFalse(lock.isLocked());
        Task<Void> cancelled = loop.createTask("cancelled", () -> lock.withLock(() -> Tasks.sleep(Duration.ofHours(1))));
        loop.runOnce();
        assertTrue(lock.isLocked());
        cancelled.cancel();
        settle();
        assertTrue(cancelled.isCancelled());
        assertFalse(lock.isLocked());
    }

    /** A waiting acquire that times out is withdrawn with its timer; the owner is unchanged. */
    @Test
    void timedOutWaitLeavesTheOwner() {
        inTask("owner", () -> lock.acquire().thenCompose(v -> never.await()));
        Task<Void> waiter = inTask("waiter", () -> {
            LoopFuture<Void> wait = lock.acquire();
            wait.orTimeout(1, TimeUnit.SECONDS);
            return wait;
        });
        assertInstanceOf(TimeoutException.class, failureOf(waiter));
        assertEquals(0, lock.waiters());
        assertEquals("owner", lock.owner().name());
    }
}
