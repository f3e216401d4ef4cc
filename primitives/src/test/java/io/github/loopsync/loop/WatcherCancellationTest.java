package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Tasks.asCompleted} and {@code Tasks.wait} under cancellation, as asyncio's {@code
 * as_completed} and {@code wait}: they watch futures without owning them, so cancelling the task
 * that waits on them (or timing it out) ends that wait and never cancels a watched future, whoever
 * created it.
 */
class WatcherCancellationTest extends CancellationTimeline {

    /** Two watched tasks, created outside any task: "a" finishes at 1s, "b" at 3s. */
    private List<Task<String>> watchedTasks() {
        List<Task<String>> watched = List.of(
                loop.createTask("a", () -> Tasks.sleep(seconds(1)).thenApply(ignored -> "a")),
                loop.createTask("b", () -> Tasks.sleep(seconds(3)).thenApply(ignored -> "b")));
        watched.forEach(task -> track(task.name(), task));
        return watched;
    }

    /** Two plain loop futures created by the running task, completed by timers at 2s and 3s. */
    private List<LoopFuture<String>> futuresCompletedLater() {
        LoopFuture<String> first = loop.createFuture();
        LoopFuture<String> second = loop.createFuture();
        at(2, () -> first.complete("first"));
        at(3, () -> second.complete("second"));
        // Tracked from a plain callback: a stage chained by the task itself would make the task wait for it.
        loop.callSoon(() -> {
            track("first", first);
            track("second", second);
        });
        return List.of(first, second);
    }

    /** A task cancelled while it awaits an asCompleted output ends cancelled then, and the watched tasks run on to their values. */
    @Test
    void asCompletedCancellationLeavesWatchedTasksAlone() {
        List<Task<String>> watched = watchedTasks();
        Task<String> main = loop.createTask("main", () -> {
            List<LoopFuture<String>> outputs = Tasks.asCompleted(watched);
            return outputs.get(0).thenCompose(first -> {
                mark("main got " + first);
                return outputs.get(1);
            });
        });
        watch(main);
        cancelAt(1.5, main);
        settle();
        assertLog("1s main got a", "1.5s cancel main", "1.5s main cancelled");
        assertEquals(Map.of("a", "value a at 1s", "b", "value b at 3s"), ended);
    }

    /** asCompleted never cancels the futures it watches, even ones the cancelled task created itself. */
    @Test
    void asCompletedCancellationLeavesTheTasksOwnFuturesAlone() {
        Task<String> main = loop.createTask("main", () -> Tasks.asCompleted(futuresCompletedLater()).get(0));
        watch(main);
        cancelAt(1.5, main);
        settle();
        assertLog("1.5s cancel main", "1.5s main cancelled");
        assertEquals(Map.of("first", "value first at 2s", "second", "value second at 3s"), ended);
    }

    /** A task that recovers from a cancellation while awaiting asCompleted returns its value after its cleanup; the watched tasks are untouched. */
    @Test
    void asCompletedCancellationCanBeRecoveredFrom() {
        List<Task<String>> watched = watchedTasks();
        Task<String> main = loop.createTask("main", () -> Tasks.asCompleted(watched).get(0)
                .handle((first, failure) -> failure)
                .thenCompose(failure -> {
                    mark("main caught " + describe(failure));
                    return Tasks.sleep(seconds(1)).thenApply(ignored -> "recovered");
                }));
        watch(main);
        cancelAt(0.5, main);
        settle();
        assertLog("0.5s cancel main", "0.5s main caught cancelled", "1.5s main value recovered");
        assertEquals(Map.of("a", "value a at 1s", "b", "value b at 3s"), ended);
    }

    /** A timeout around an asCompleted output ends that wait with TimeoutException and leaves the watched tasks running. */
    @Test
    void asCompletedTimeoutLeavesWatchedTasksAlone() {
        List<Task<String>> watched = watchedTasks();
        Task<String> main = loop.createTask("main",
                () -> Tasks.waitFor(() -> Tasks.asCompleted(watched).get(0), seconds(0.5)));
        watch(main);
        settle();
        assertLog("0.5s main failed TimeoutException");
        assertEquals(Map.of("a", "value a at 1s", "b", "value b at 3s"), ended);
    }

    /** A task cancelled in Tasks.wait ends cancelled then, and the watched tasks run on to their values. */
    @Test
    void waitCancellationLeavesWatchedTasksAlone() {
        List<Task<String>> watched = watchedTasks();
        Task<WaitResult<String>> main = loop.createTask("main", () -> Tasks.wait(watched, ReturnWhen.ALL_COMPLETED));
        watch(main);
        cancelAt(1.5, main);
        settle();
        assertLog("1.5s cancel main", "1.5s main cancelled");
        assertEquals(Map.of("a", "value a at 1s", "b", "value b at 3s"), ended);
    }

    /** Tasks.wait never cancels the futures it watches, even ones the cancelled task created itself. */
    @Test
    void waitCancellationLeavesTheTasksOwnFuturesAlone() {
        Task<WaitResult<String>> main = loop.createTask("main",
                () -> Tasks.wait(futuresCompletedLater(), ReturnWhen.FIRST_COMPLETED));
        watch(main);
        cancelAt(1.5, main);
        settle();
        assertLog("1.5s cancel main", "1.5s main cancelled");
        assertEquals(Map.of("first", "value first at 2s", "second", "value second at 3s"), ended);
    }

    /** A task that recovers from a cancellation in Tasks.wait returns its value after its cleanup; the watched tasks are untouched. */
    @Test
    void waitCancellationCanBeRecoveredFrom() {
        List<Task<String>> watched = watchedTasks();
        Task<String> main = loop.createTask("main", () -> Tasks.wait(watched, ReturnWhen.ALL_COMPLETED)
                .handle((result, failure) -> failure)
                .thenCompose(failure -> {
                    mark("main caught " + describe(failure));
                    return Tasks.sleep(seconds(1)).thenApply(ignored -> "recovered");
                }));
        watch(main);
        cancelAt(0.5, main);
        settle();
        assertLog("0.5s cancel main", "0.5s main caught cancelled", "1.5s main value recovered");
        assertEquals(Map.of("a", "value a at 1s", "b", "value b at 3s"), ended);
    }

    /** A timeout around Tasks.wait ends the wait with TimeoutException and leaves the watched futures pending, then completing. */
    @Test
    void waitTimeoutLeavesTheWatchedFuturesAlone() {
        List<Task<String>> watched = watchedTasks();
        Task<WaitResult<String>> main = loop.createTask("main",
                () -> Tasks.waitFor(() -> Tasks.wait(watched, ReturnWhen.ALL_COMPLETED), seconds(2)));
        watch(main);
        settle();
        assertLog("2s main failed TimeoutException");
        assertEquals(Map.of("a", "value a at 1s", "b", "value b at 3s"), ended);
    }

    /** Tasks.wait's own timeout returns the partition so far and leaves the pending futures to finish. */
    @Test
    void waitsOwnTimeoutReturnsThePartitionWithoutCancelling() {
        List<Task<String>> watched = watchedTasks();
        List<String> partition = new ArrayList<>();
        Task<WaitResult<String>> main = loop.createTask("main", () ->
                Tasks.wait(watched, ReturnWhen.ALL_COMPLETED, seconds(2)).whenComplete((result, failure) -> {
                    result.done().forEach(future -> partition.add("done " + outcome(future)));
                    result.pending().forEach(future -> partition.add("pending " + outcome(future)));
                }));
        settle();
        assertEquals(List.of("done value a", "pending pending"), partition);
        assertEquals(Map.of("a", "value a at 1s", "b", "value b at 3s"), ended);
    }
}
