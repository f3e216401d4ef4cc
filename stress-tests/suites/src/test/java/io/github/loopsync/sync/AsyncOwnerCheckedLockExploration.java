package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.FailureKind;
import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncOwnerCheckedLock} under the harness: three contenders with a cancellation anywhere
 * keep mutual exclusion and leave the lock free (exhaustively); a task that releases a lock it does
 * not own is stopped at that call, where the ownerless {@link AsyncLock} lets a third task in
 * beside the owner.
 */
class AsyncOwnerCheckedLockExploration {

    /** Three contenders, each holding across a sleep; a cancellation anywhere; every schedule. */
    @Test
    void threeContendersKeepExclusion() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).ordering(Ordering.ANY)
                .cancellations(1).maxSchedules(50_000), run -> {
                    AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
                    int[] inside = {0};
                    run.invariant("one holder", () -> inside[0] <= 1);
                    run.atEnd(() -> assertEquals("AsyncOwnerCheckedLock[unlocked]", lock.toString()));
                    EventLoop loop = run.loop();
                    List<LoopFuture<Void>> tasks = new ArrayList<>();
                    for (String name : List.of("A", "B", "C")) {
                        tasks.add(loop.createTask(name, () -> lock.acquire().thenCompose(v -> {
                            inside[0]++;
                            return Tasks.sleep(Duration.ofMillis(1)).whenComplete((r, e) -> {
                                inside[0]--;
                                lock.release();
                            });
                        })));
                    }
                    return Tasks.gatherOutcomes(tasks);
                });
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** A helper releases the owner's lock "for it": a third task then enters beside the owner. */
    private static CompletionStage<?> helperReleases(RaceRun run, Runnable acquireAsOwner, Runnable release,
            java.util.function.Supplier<CompletionStage<Void>> acquire) {
        int[] inside = {0};
        run.invariant("one holder", () -> inside[0] <= 1);
        EventLoop loop = run.loop();
        LoopFuture<Void> owner = loop.createTask("owner", () -> {
            acquireAsOwner.run();
            inside[0]++;
            return Tasks.sleep(Duration.ofMillis(5)).thenRun(() -> inside[0]--);
        });
        LoopFuture<Void> helper = loop.createTask("helper", () -> Tasks.sleep(Duration.ofMillis(1)).thenRun(release));
        LoopFuture<Void> third = loop.createTask("third", () -> Tasks.sleep(Duration.ofMillis(2))
                .thenCompose(v -> acquire.get()).thenCompose(v -> {
                    inside[0]++;
                    return Tasks.sleep(Duration.ofMillis(1)).thenRun(() -> inside[0]--);
                }));
        return Tasks.gather(List.of(owner, helper, third));
    }

    /** The ownerless lock lets the misuse through and exclusion breaks; the owner-checked one refuses the release itself. */
    @Test
    void releaseByAnotherTaskIsStoppedAtTheCall() {
        RaceResult ownerless = Race.explore(RaceOptions.defaults().cancellations(0), run -> {
            AsyncLock lock = new AsyncLock();
            return helperReleases(run, () -> assertTrue(lock.tryAcquire()), lock::release, lock::acquire);
        });
        ownerless.assertRaceFound();
        assertEquals(FailureKind.INVARIANT, ownerless.failureKind(), ownerless.report());

        RaceResult checked = Race.explore(RaceOptions.defaults().cancellations(0), run -> {
            AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
            run.allowLeftoverTasks();
            return helperReleases(run, () -> assertTrue(lock.tryAcquire()), lock::release, lock::acquire);
        });
        checked.assertRaceFound();
        assertEquals(FailureKind.EXCEPTION, checked.failureKind(), checked.report());
        assertTrue(checked.failureMessage().contains("by task helper: only the task that holds it may release it"),
                checked.report());
    }
}
