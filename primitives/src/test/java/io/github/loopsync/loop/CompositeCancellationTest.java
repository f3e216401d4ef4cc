package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.sync.AsyncLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule behind every composite-cancellation test (issue #12 part 1, DESIGN.md §3 model v2):
 * {@code Task.cancel()} reaches the leaf the task is parked on, through any nesting of tasks and
 * composites, and each enclosing future completes with the outcome of what it encloses, after
 * that work's cleanup. The per-composite tests are {@code WithLockCancellationTest}, {@code
 * WithPermitCancellationTest}, {@code ConditionWithLockCancellationTest}, {@code
 * WaitForCancellationTest}, {@code TimeoutCancellationTest}, {@code GatherCancellationTest},
 * {@code WatcherCancellationTest} and {@code TaskGroupCancellationTest}.
 */
class CompositeCancellationTest extends CancellationTimeline {

    /** A task awaiting another task passes its cancellation to that task, and takes the value that task recovers with. */
    @Test
    void taskAwaitingATaskThatRecoversTakesItsValue() {
        List<Task<String>> awaited = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> {
            awaited.add(loop.createTask("child", () -> cleansUpWhenCancelled("child", 10, true)));
            return awaited.get(0).thenApply(value -> value + "!");
        });
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s child caught cancelled",
                "1.5s probe main pending",
                "2s child cleaned",
                "2s main value child recovered!");
        assertEquals("value child recovered", outcome(awaited.get(0)));
    }

    /** A task awaiting another task that rethrows the cancellation ends cancelled after that task's cleanup. */
    @Test
    void taskAwaitingATaskThatRethrowsEndsCancelledAfterIt() {
        List<Task<String>> awaited = new ArrayList<>();
        Task<String> main = loop.createTask("main", () -> {
            awaited.add(loop.createTask("child", () -> cleansUpWhenCancelled("child", 10, false)));
            return awaited.get(0).thenApply(value -> value + "!");
        });
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s child caught cancelled",
                "1.5s probe main pending",
                "2s child cleaned",
                "2s main cancelled");
        assertEquals("cancelled", outcome(awaited.get(0)));
    }

    /** Nested composites (waitFor around withLock around gather) unwind inside out: the lock is held until the children's cleanup ends, and each layer completes after the one it encloses. */
    @Test
    void nestedCompositesUnwindInsideOut() {
        AsyncLock lock = new AsyncLock();
        state = () -> lock.isLocked() ? " [locked]" : " [free]";
        List<LoopFuture<?>> layers = new ArrayList<>();
        Task<List<String>> main = loop.createTask("main", () -> Tasks.waitFor(() -> {
            LoopFuture<List<String>> guarded = lock.withLock(() -> {
                LoopFuture<List<String>> gathered = Tasks.gather(
                        loop.createTask("a", () -> cleansUpWhenCancelled("a", 10, false)),
                        loop.createTask("b", () -> cleansUpWhenCancelled("b", 10, false)));
                layers.add(gathered);
                return gathered;
            });
            layers.add(guarded);
            return guarded;
        }, seconds(5)));
        at(0.25, () -> {
            track("gather", layers.get(0));
            track("withLock", layers.get(1));
        });
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main [locked]",
                "1s a caught cancelled [locked]",
                "1s b caught cancelled [locked]",
                "1.5s probe main pending [locked]",
                "2s a cleaned [locked]",
                "2s b cleaned [locked]",
                "2s main cancelled [free]");
        assertEquals(Map.of("gather", "cancelled at 2s", "withLock", "cancelled at 2s"), ended);
    }
}
