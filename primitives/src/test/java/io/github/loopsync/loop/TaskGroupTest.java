package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** TaskGroup: structured completion, failure cancelling siblings, cancellation from outside. */
class TaskGroupTest extends LoopFixture {

    /** The group completes with the body's value after every task of the group has finished. */
    @Test
    void completesAfterAllTasks() {
        List<Task<String>> children = new ArrayList<>();
        Task<Integer> outer = loop.createTask(() -> TaskGroup.run(group -> {
            children.add(group.createTask(() -> Tasks.sleep(Duration.ofSeconds(1)).thenApply(v -> "a")));
            children.add(group.createTask(() -> Tasks.sleep(Duration.ofSeconds(3)).thenApply(v -> "b")));
            return CompletableFuture.completedFuture(42);
        }));
        loop.runUntilIdle();
        assertEquals(42, outer.join());
        assertEquals(Duration.ofSeconds(3), now(), "the group waited for its slowest task");
        assertEquals("b", children.get(1).join());
    }

    /** A failing task cancels its siblings and the body; the group fails with every failure. */
    @Test
    void failureCancelsSiblingsAndIsCollected() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        List<Task<String>> children = new ArrayList<>();
        Task<String> outer = loop.createTask(() -> TaskGroup.run(group -> {
            children.add(group.createTask(() -> Tasks.sleep(Duration.ofSeconds(1)).thenApply(v -> {
                throw first;
            })));
            children.add(group.createTask(() -> Tasks.sleep(Duration.ofSeconds(1)).thenApply(v -> {
                throw second;
            })));
            children.add(group.createTask(() -> Tasks.sleep(Duration.ofMinutes(5)).thenApply(v -> "slow")));
            return Tasks.sleep(Duration.ofMinutes(10)).thenApply(v -> "body");
        }));
        loop.runUntilIdle();
        TaskGroupException failure = assertInstanceOf(TaskGroupException.class,
                assertThrows(CompletionException.class, outer::join).getCause());
        assertEquals(List.of(first, second), failure.exceptions());
        assertTrue(children.get(2).isCancelled(), "the sibling was cancelled");
        assertEquals(Duration.ofSeconds(1), now(), "nobody waited for the slow sibling or the body");
    }

    /** Cancelling the task that waits on the group cancels every member, and the group ends after they do. */
    @Test
    void outsideCancellationCancelsEveryMember() {
        List<Task<String>> children = new ArrayList<>();
        Task<String> outer = loop.createTask(() -> TaskGroup.run(group -> {
            children.add(group.createTask(() -> Tasks.sleep(Duration.ofSeconds(5)).handle((v, e) -> {
                log("child cleaning up");
                throw Chains.rethrow(e);
            })));
            return Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "body");
        }));
        while (loop.pendingTimers() < 2) {
            loop.runOnce();
        }
        outer.cancel();
        loop.runUntilIdle();
        assertTrue(children.get(0).isCancelled());
        assertTrue(outer.isCancelled());
        assertLog("child cleaning up");
    }

    /** A task cancelled on its own does not disturb its siblings. */
    @Test
    void individuallyCancelledTaskDoesNotAbortTheGroup() {
        Task<String> outer = loop.createTask(() -> TaskGroup.run(group -> {
            Task<String> doomed = group.createTask(() -> Tasks.sleep(Duration.ofSeconds(5)).thenApply(v -> "x"));
            Task<String> survivor = group.createTask(() -> Tasks.sleep(Duration.ofSeconds(2)).thenApply(v -> "survived"));
            doomed.cancel();
            return survivor;
        }));
        loop.runUntilIdle();
        assertEquals("survived", outer.join());
    }

    /** A finished group refuses new tasks with a clear exception. */
    @Test
    void finishedGroupRefusesNewTasks() {
        List<TaskGroup> groups = new ArrayList<>();
        Task<String> outer = loop.createTask(() -> TaskGroup.run(group -> {
            groups.add(group);
            return CompletableFuture.completedFuture("done");
        }));
        loop.runUntilIdle();
        assertEquals("done", outer.join());
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> groups.get(0).createTask(() -> CompletableFuture.completedFuture("late")));
        assertTrue(thrown.getMessage().contains("finished"));
    }

    /** A group shutting down after a failure refuses new tasks. */
    @Test
    void abortingGroupRefusesNewTasks() {
        List<Throwable> refused = new ArrayList<>();
        Task<String> outer = loop.createTask(() -> TaskGroup.run(group -> {
            group.createTask(() -> CompletableFuture.failedFuture(new IllegalStateException("fail")));
            return Tasks.sleep(Duration.ofSeconds(1)).handle((v, e) -> {
                try {
                    group.createTask(() -> CompletableFuture.completedFuture("late"));
                } catch (IllegalStateException expected) {
                    refused.add(expected);
                }
                return "body";
            });
        }));
        loop.runUntilIdle();
        assertInstanceOf(TaskGroupException.class, assertThrows(CompletionException.class, outer::join).getCause());
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).getMessage().contains("shutting down"));
    }
}
