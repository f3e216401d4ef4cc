package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncCountDownLatch} with two waiters and a task that counts down twice, explored
 * exhaustively in any order with one cancellation injected anywhere: nobody passes before the
 * count is zero, every waiter that was not cancelled passes once the count is done, the
 * probe never reports a lost wake-up, and the search is complete.
 */
class AsyncCountDownLatchExploration {

    /** Two waiters, one counter: every schedule and cancellation point. */
    @Test
    void twoWaitersOneCounter() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).ordering(Ordering.ANY)
                .cancellations(1).maxSchedules(50_000), run -> {
                    AsyncCountDownLatch latch = new AsyncCountDownLatch(2);
                    List<String> passedEarly = new ArrayList<>();
                    EventLoop loop = run.loop();
                    List<Task<Void>> waiters = new ArrayList<>();
                    for (String name : List.of("W1", "W2")) {
                        waiters.add(loop.createTask(name, () -> latch.await().thenRun(() -> {
                            if (latch.count() > 0) {
                                passedEarly.add(name);
                            }
                        })));
                    }
                    Task<Void> counter = loop.createTask("C", () -> Tasks.yieldNow().thenRun(latch::countDown)
                            .thenCompose(v -> Tasks.yieldNow()).thenRun(latch::countDown));
                    run.invariant("nobody passes before zero", passedEarly::isEmpty);
                    run.atEnd(() -> {
                        assertEquals(0, latch.count());
                        for (Task<Void> waiter : waiters) {
                            assertTrue(waiter.isCancelled() || waiter.isDone() && !waiter.isCompletedExceptionally(),
                                    waiter + " neither passed nor was cancelled");
                        }
                    });
                    // If the harness cancelled the counter, main finishes its count, so the waiters still pass.
                    return Tasks.gatherOutcomes(List.of(counter)).thenCompose(v -> {
                        while (latch.count() > 0) {
                            latch.countDown();
                        }
                        return Tasks.gatherOutcomes(waiters);
                    });
                });
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
        assertTrue(result.schedulesExplored() > 1, result.report());
    }
}
