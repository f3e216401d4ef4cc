package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code Tasks.gather} and {@code gatherOutcomes} under cancellation, as asyncio's {@code gather}:
 * cancelling the task that waits on a gather cancels every child; the gather then ends cancelled
 * even if the children absorbed the cancellation (bpo-32684), and not before the child that
 * decides it has finished its cleanup. Without {@code return_exceptions} the first child to end
 * cancelled decides; with it ({@code gatherOutcomes}) the gather waits for every child.
 */
class GatherCancellationTest extends CancellationTimeline {

    private final List<Task<String>> children = new ArrayList<>();

    /** Starts a task that gathers two children running {@code first} and {@code second}, and runs its first step. */
    private Task<?> gatherIn(Function<List<Task<String>>, LoopFuture<?>> gather,
            Supplier<CompletionStage<String>> first, Supplier<CompletionStage<String>> second) {
        Task<?> main = loop.createTask("main", () -> {
            children.add(loop.createTask("child-0", first));
            children.add(loop.createTask("child-1", second));
            return gather.apply(children);
        });
        loop.runOnce();
        children.forEach(child -> track(child.name(), child));
        return main;
    }

    private static Function<List<Task<String>>, LoopFuture<?>> plain() {
        return Tasks::gather;
    }

    private static Function<List<Task<String>>, LoopFuture<?>> outcomes() {
        return Tasks::gatherOutcomes;
    }

    private Supplier<CompletionStage<String>> child(String name, boolean recover) {
        return () -> cleansUpWhenCancelled(name, 10, recover);
    }

    private Supplier<CompletionStage<String>> endsCancelledAtOnce() {
        return () -> Tasks.sleep(seconds(10)).thenApply(ignored -> "quick");
    }

    /** A task cancelled before its gathered children started cancels them; no child body runs. */
    @Test
    void cancelledBeforeTheChildrenStart() {
        Task<?> main = gatherIn(plain(), () -> {
            mark("child body runs");
            return loop.completedFuture("a");
        }, child("b", true));
        main.cancel();
        settle();
        assertLog();
        assertEquals("cancelled", outcome(main));
        assertEquals(Map.of("child-0", "cancelled at 0s", "child-1", "cancelled at 0s"), ended);
    }

    /** Children that absorb the cancellation keep their values, yet the gather and its task end cancelled, after the cleanups (bpo-32684). */
    @Test
    void childrenThatRecoverStillLeaveTheGatherCancelled() {
        Task<?> main = gatherIn(plain(), child("a", true), child("b", true));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s a caught cancelled",
                "1s b caught cancelled",
                "1.5s probe main pending",
                "2s a cleaned",
                "2s b cleaned",
                "2s main cancelled");
        assertEquals(Map.of("child-0", "value a recovered at 2s", "child-1", "value b recovered at 2s"), ended);
    }

    /** Children that rethrow after their cleanup end cancelled, and the gather's task ends cancelled only after the cleanups. */
    @Test
    void childrenThatRethrowEndCancelledAfterTheirCleanup() {
        Task<?> main = gatherIn(plain(), child("a", false), child("b", false));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s a caught cancelled",
                "1s b caught cancelled",
                "1.5s probe main pending",
                "2s a cleaned",
                "2s b cleaned",
                "2s main cancelled");
        assertEquals(Map.of("child-0", "cancelled at 2s", "child-1", "cancelled at 2s"), ended);
    }

    /** Without return_exceptions the first child to end cancelled decides the gather, while a slower child still cleans up (asyncio's rule). */
    @Test
    void firstChildEndingCancelledDecidesThePlainGather() {
        Task<?> main = gatherIn(plain(), endsCancelledAtOnce(), child("slow", true));
        watch(main);
        cancelAt(1, main);
        settle();
        assertLog("1s cancel main",
                "1s slow caught cancelled",
                "1s main cancelled",
                "2s slow cleaned");
        assertEquals(Map.of("child-0", "cancelled at 1s", "child-1", "value slow recovered at 2s"), ended);
    }

    /** gatherOutcomes waits for every child's cleanup before it ends cancelled, even when one child ended cancelled at once. */
    @Test
    void gatherOutcomesWaitsForEveryChildBeforeEndingCancelled() {
        Task<?> main = gatherIn(outcomes(), endsCancelledAtOnce(), child("slow", true));
        watch(main);
        cancelAt(1, main);
        probeAt(1.5, "main", main);
        settle();
        assertLog("1s cancel main",
                "1s slow caught cancelled",
                "1.5s probe main pending",
                "2s slow cleaned",
                "2s main cancelled");
        assertEquals(Map.of("child-0", "cancelled at 1s", "child-1", "value slow recovered at 2s"), ended);
    }

    /** gatherOutcomes ends cancelled even when every child absorbed the cancellation: a cancelled gather propagates it regardless (bpo-32684). */
    @Test
    void gatherOutcomesOfRecoveredChildrenStillEndsCancelled() {
        Task<?> main = gatherIn(outcomes(), child("a", true), child("b", true));
        watch(main);
        cancelAt(1, main);
        settle();
        assertLog("1s cancel main",
                "1s a caught cancelled",
                "1s b caught cancelled",
                "2s a cleaned",
                "2s b cleaned",
                "2s main cancelled");
    }

    /** A timeout that fires during the children's cleanup cancels them; TimeoutException comes after both rolled back. */
    @Test
    void timeoutDuringTheChildrensCleanupFailsAfterTheRollback() {
        List<Task<String>> timed = new ArrayList<>();
        Task<List<String>> main = loop.createTask("main", () -> Tasks.timeout(seconds(1.5), scope -> {
            timed.add(loop.createTask("a", () -> rollsBackWhenCleanupCancelled("a")));
            timed.add(loop.createTask("b", () -> rollsBackWhenCleanupCancelled("b")));
            return Tasks.gather(timed);
        }));
        watch(main);
        probeAt(1.75, "main", main);
        settle();
        assertLog("1s a worked",
                "1s b worked",
                "1.5s a cleanup interrupted",
                "1.5s b cleanup interrupted",
                "1.75s probe main pending",
                "2s a rolled back",
                "2s b rolled back",
                "2s main failed TimeoutException");
    }

    /** Cancelling the gather's own future reports success at once but completes it only after the children finished. */
    @Test
    void cancellingTheGatherFutureWaitsForTheChildren() {
        Task<String> a = loop.createTask("a", () -> cleansUpWhenCancelled("a", 10, false));
        Task<String> b = loop.createTask("b", () -> cleansUpWhenCancelled("b", 10, false));
        LoopFuture<List<String>> gathered = Tasks.gather(a, b);
        watch("gather", gathered);
        at(1, () -> {
            mark("cancel gather");
            assertTrue(gathered.cancel(true));
            assertFalse(gathered.isDone(), "the gather completed ahead of its children");
        });
        settle();
        assertLog("1s cancel gather",
                "1s a caught cancelled",
                "1s b caught cancelled",
                "2s a cleaned",
                "2s b cleaned",
                "2s gather cancelled");
    }
}
