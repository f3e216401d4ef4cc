package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every ordering guarantee of docs/guide/event-loop.md, explored exhaustively under the default
 * ordering model: the harness must never report a race that the loop's contract rules out. Each
 * scenario is also run under {@link Ordering#ANY}, which ignores the contract, to show that the
 * scenario does observe the order it pins.
 */
class LoopOrderingGuaranteesExploration {

    /** The default options, searched exhaustively, with nothing injected. */
    private static RaceOptions exhaustive() {
        return RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).maxSchedules(50_000).cancellations(0);
    }

    /** Explores {@code scenario} completely under the default model and expects no race; ANY must break it. */
    private static void holdsUnderTheContract(Function<RaceRun, CompletionStage<?>> scenario) {
        RaceResult kept = Race.explore(exhaustive(), scenario);
        kept.assertNoRace();
        assertTrue(kept.complete(), kept.report());
        RaceResult broken = Race.explore(exhaustive().ordering(Ordering.ANY), scenario);
        broken.assertRaceFound();
        assertEquals(FailureKind.ASSERTION, broken.failureKind(), broken.report());
    }

    /** Checks at the end that {@code seen} is exactly {@code expected}. */
    private static List<String> expectOrder(RaceRun run, String... expected) {
        List<String> seen = new ArrayList<>();
        run.atEnd(() -> assertEquals(List.of(expected), seen, "order"));
        return seen;
    }

    /** Two callSoon calls from one task run in the order they were made. */
    @Test
    void callSoonFromOneTaskIsFifo() {
        holdsUnderTheContract(run -> {
            List<String> seen = expectOrder(run, "first", "second");
            EventLoop loop = run.loop();
            LoopFuture<Void> poster = loop.createTask("poster", () -> {
                loop.callSoon(() -> seen.add("first"));
                loop.callSoon(() -> seen.add("second"));
                return Tasks.yieldNow().thenCompose(v -> Tasks.yieldNow());
            });
            LoopFuture<Void> other = loop.createTask("other", () -> Tasks.yieldNow());
            return Tasks.gather(poster, other);
        });
    }

    /** Two posts through {@code execute} from one thread run in the order they were posted. */
    @Test
    void postsFromOneThreadAreFifo() {
        holdsUnderTheContract(run -> {
            List<String> seen = expectOrder(run, "first", "second");
            EventLoop loop = run.loop();
            LoopFuture<Void> poster = loop.createTask("poster", () -> {
                loop.execute(() -> seen.add("first"));
                loop.execute(() -> seen.add("second"));
                return Tasks.yieldNow().thenCompose(v -> Tasks.yieldNow());
            });
            LoopFuture<Void> other = loop.createTask("other", () -> Tasks.yieldNow());
            return Tasks.gather(poster, other);
        });
    }

    /** Tasks created by one task start in creation order. */
    @Test
    void tasksStartInCreationOrder() {
        holdsUnderTheContract(run -> {
            List<String> seen = expectOrder(run, "A", "B", "C");
            EventLoop loop = run.loop();
            List<LoopFuture<Void>> tasks = new ArrayList<>();
            for (String name : List.of("A", "B", "C")) {
                tasks.add(loop.createTask(name, () -> {
                    seen.add(name);
                    return Tasks.yieldNow();
                }));
            }
            return Tasks.gather(tasks);
        });
    }

    /** A callback made ready during an iteration runs after every callback that was ready when it began. */
    @Test
    void callbacksMadeReadyDuringAnIterationWaitForTheNext() {
        holdsUnderTheContract(run -> {
            List<String> seen = expectOrder(run, "A starts", "B starts", "A's callback");
            EventLoop loop = run.loop();
            LoopFuture<Void> a = loop.createTask("A", () -> {
                seen.add("A starts");
                loop.callSoon(() -> seen.add("A's callback"));
                return Tasks.yieldNow();
            });
            LoopFuture<Void> b = loop.createTask("B", () -> {
                seen.add("B starts");
                return CompletableFuture.completedFuture(null);
            });
            return Tasks.gather(a, b);
        });
    }

    /** Timers one task schedules fire in deadline order, and equal deadlines in the order they were scheduled. */
    @Test
    void timersOfOneOriginFireInDeadlineThenSchedulingOrder() {
        holdsUnderTheContract(run -> {
            List<String> seen = expectOrder(run, "10ms first", "10ms second", "20ms");
            EventLoop loop = run.loop();
            LoopFuture<Void> timers = loop.createTask("timers", () -> {
                loop.callLater(Duration.ofMillis(20), () -> seen.add("20ms"));
                loop.callLater(Duration.ofMillis(10), () -> seen.add("10ms first"));
                loop.callLater(Duration.ofMillis(10), () -> seen.add("10ms second"));
                return Tasks.sleep(Duration.ofMillis(30));
            });
            LoopFuture<Void> other = loop.createTask("other", () -> Tasks.sleep(Duration.ofMillis(10)));
            return Tasks.gather(timers, other);
        });
    }

    /**
     * Two tasks sleep 2 and 4 ms (or both 3 ms): each timer's callback and each task's resumption
     * record the task's name. Timers of different tasks are of different origins.
     */
    private static CompletionStage<?> twoSleepers(RaceRun run, int firstMillis, int secondMillis) {
        EventLoop loop = run.loop();
        List<String> fired = new ArrayList<>();
        List<String> resumed = new ArrayList<>();
        run.atEnd(() -> assertEquals(List.of("early", "later"), fired, "timer callbacks"));
        run.atEnd(() -> assertEquals(List.of("early", "later"), resumed, "resumptions"));
        return Tasks.gather(loop.createTask("early", () -> {
            loop.callLater(Duration.ofMillis(firstMillis), () -> fired.add("early"));
            return Tasks.sleep(Duration.ofMillis(firstMillis)).thenRun(() -> resumed.add("early"));
        }), loop.createTask("later", () -> {
            loop.callLater(Duration.ofMillis(secondMillis), () -> fired.add("later"));
            return Tasks.sleep(Duration.ofMillis(secondMillis)).thenRun(() -> resumed.add("later"));
        }));
    }

    /**
     * Timers of different tasks fire in deadline order, and the tasks they wake resume in that
     * order, even when the loop wakes up late: a loop 5 ms late for a 2 ms timer fires the 4 ms
     * timer of another task in the same iteration, but after it. Checked with every timer late
     * (the timer jitter the defaults explore once per run).
     */
    @Test
    void timersOfDifferentTasksFireInDeadlineOrderEvenWhenLate() {
        RaceResult result = Race.explore(exhaustive().lateTimers(3),
                run -> twoSleepers(run, 2, 4));
        result.assertNoRace();
        assertTrue(result.complete() && result.schedulesExplored() > 1, result.report());
    }

    /**
     * The twin of the test above, where {@link Ordering#ANY} cannot break the guarantee (no
     * model reorders timers with different deadlines): with equal deadlines the order across
     * tasks is open, and the search finds the reversed order, so the check does see a reordering.
     */
    @Test
    void equalDeadlinesOfDifferentTasksFireEitherWayRound() {
        RaceResult found = Race.explore(exhaustive(), run -> twoSleepers(run, 3, 3));
        found.assertRaceFound();
        assertEquals(FailureKind.ASSERTION, found.failureKind(), found.report());
        assertEquals(1, found.deviations(), found.report());
    }

    /** {@code yieldNow} costs exactly one iteration: the task resumes before a callback scheduled one iteration later. */
    @Test
    void yieldNowCostsExactlyOneIteration() {
        holdsUnderTheContract(run -> {
            List<String> seen = expectOrder(run, "yielder resumes", "two iterations later");
            EventLoop loop = run.loop();
            LoopFuture<Void> yielder = loop.createTask("yielder", () ->
                    Tasks.yieldNow().thenRun(() -> seen.add("yielder resumes")));
            LoopFuture<Void> other = loop.createTask("other", () -> {
                loop.callSoon(() -> loop.callSoon(() -> seen.add("two iterations later")));
                return CompletableFuture.completedFuture(null);
            });
            return Tasks.gather(yielder, other);
        });
    }
}
