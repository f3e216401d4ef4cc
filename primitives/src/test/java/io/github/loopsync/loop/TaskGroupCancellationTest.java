package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code TaskGroup} under cancellation, as asyncio's {@code async with TaskGroup()}: the group's
 * body is the code inside the block, so a task cancellation first reaches what the body waits on;
 * if the cancellation escapes the body (or arrives while the group waits for its tasks) every task
 * is cancelled, and the group ends only after all of them finished, cleanup included. A failing
 * task cancels its siblings and the body. asyncio cancels the tasks in set order, so where several
 * react at one instant these tests compare the timeline without ordering same-time entries.
 */
class TaskGroupCancellationTest extends CancellationTimeline {

    private final List<Task<String>> members = new ArrayList<>();

    /** Starts a task in the group and remembers it, to be tracked once the body has run. */
    private void start(TaskGroup group, String name, Supplier<CompletionStage<String>> work) {
        members.add(group.createTask(name, work));
    }

    /** Tracks the group's tasks from a plain callback once the body has created them (at 0.25s). */
    private void trackMembers() {
        at(0.25, () -> members.forEach(member -> track(member.name(), member)));
    }

    /** A task cancelled before its group's body started ends cancelled, and the body never runs. */
    @Test
    void cancelledBeforeTheBodyStarts() {
        Task<String> main = loop.createTask("main", () -> TaskGroup.run(group -> {
            mark("body runs");
            start(group, "c", () -> cleansUpWhenCancelled("c", 1, true));
            return loop.completedFuture("body");
        }));
        loop.runOnce();                   // main runs and opens the group; the body has not started
        main.cancel();
        settle();
        assertLog();
        assertEquals("cancelled", outcome(main));
        assertEquals(seconds(0), now());
    }

    /** A body that absorbs the cancellation leaves the group's tasks running; the group returns the body's value once they finish. */
    @Test
    void bodyThatRecoversLetsTheTasksFinish() {
        Task<String> main = loop.createTask("main", () -> TaskGroup.run(group -> {
            start(group, "c", () -> cleansUpWhenCancelled("c", 3, true));
            return cleansUpWhenCancelled("body", 10, true);
        }));
        trackMembers();
        watch(main);
        cancelAt(1, main);
        settle();
        assertLog("1s cancel main",
                "1s body caught cancelled",
                "2s body cleaned",
                "3s c worked",
                "3s main value body recovered");
        assertEquals(Map.of("c", "value c at 3s"), ended);
    }

    /** A cancellation that escapes the body cancels every task; the group ends cancelled after their cleanups. */
    @Test
    void bodyThatRethrowsCancelsTheTasksAndWaitsForThem() {
        Task<String> main = loop.createTask("main", () -> TaskGroup.run(group -> {
            start(group, "c", () -> cleansUpWhenCancelled("c", 10, true));
            start(group, "d", () -> cleansUpWhenCancelled("d", 10, false));
            return Tasks.sleep(seconds(10)).thenApply(ignored -> "body");
        }));
        trackMembers();
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertTimelineInAnyOrder("1s cancel main",
                "1s c caught cancelled",
                "1s d caught cancelled",
                "1.5s probe main pending",
                "2s c cleaned",
                "2s d cleaned",
                "2s main cancelled");
        assertEquals(Map.of("c", "value c recovered at 2s", "d", "cancelled at 2s"), ended);
    }

    /** A task cancelled while its group waits for the tasks after the body finished cancels them all, and ends cancelled after their cleanups. */
    @Test
    void cancelledWhileWaitingForTheTasks() {
        Task<String> main = loop.createTask("main", () -> TaskGroup.run(group -> {
            start(group, "c", () -> cleansUpWhenCancelled("c", 10, true));
            start(group, "d", () -> cleansUpWhenCancelled("d", 10, false));
            return loop.completedFuture("body");
        }));
        trackMembers();
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertTimelineInAnyOrder("1s cancel main",
                "1s c caught cancelled",
                "1s d caught cancelled",
                "1.5s probe main pending",
                "2s c cleaned",
                "2s d cleaned",
                "2s main cancelled");
        assertEquals(Map.of("c", "value c recovered at 2s", "d", "cancelled at 2s"), ended);
    }

    /** A failing task cancels its siblings and the body; the group fails with that failure alone, after the siblings' cleanups. */
    @Test
    void failingTaskCancelsSiblingsAndBodyAndWaitsForThem() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<String> main = loop.createTask("main", () -> TaskGroup.run(group -> {
            start(group, "bad", () -> Tasks.sleep(seconds(1)).thenApply(ignored -> {
                throw boom;
            }));
            start(group, "c", () -> cleansUpWhenCancelled("c", 10, true));
            start(group, "d", () -> cleansUpWhenCancelled("d", 10, false));
            return Tasks.sleep(seconds(10)).thenApply(ignored -> "body")
                    .whenComplete((value, failure) -> mark("body ended " + describe(failure)));
        }));
        trackMembers();
        watch(main);
        probeAt(1.5, "main", main);
        settle();
        assertTimelineInAnyOrder("1s c caught cancelled",
                "1s d caught cancelled",
                "1s body ended cancelled",
                "1.5s probe main pending",
                "2s c cleaned",
                "2s d cleaned",
                "2s main failed TaskGroupException");
        assertEquals(Map.of("bad", "failed IllegalStateException at 1s", "c", "value c recovered at 2s",
                "d", "cancelled at 2s"), ended);
        TaskGroupException failure = assertInstanceOf(TaskGroupException.class,
                assertThrows(CompletionException.class, main::join).getCause());
        assertEquals(List.of(boom), failure.exceptions(), "the siblings' cancellations are not failures");
    }

    /** A timeout that fires during the tasks' cleanup cancels them; TimeoutException comes after every rollback. */
    @Test
    void timeoutDuringTheTasksCleanupFailsAfterTheRollbacks() {
        Task<String> main = loop.createTask("main", () -> Tasks.timeout(seconds(1.5), scope -> TaskGroup.run(group -> {
            start(group, "c", () -> rollsBackWhenCleanupCancelled("c"));
            start(group, "d", () -> rollsBackWhenCleanupCancelled("d"));
            return loop.completedFuture("body");
        })));
        trackMembers();
        watch(main);
        probeAt(1.75, "main", main);
        settle();
        assertTimelineInAnyOrder("1s c worked",
                "1s d worked",
                "1.5s c cleanup interrupted",
                "1.5s d cleanup interrupted",
                "1.75s probe main pending",
                "2s c rolled back",
                "2s d rolled back",
                "2s main failed TimeoutException");
        assertEquals(Map.of("c", "cancelled at 2s", "d", "cancelled at 2s"), ended);
    }
}
