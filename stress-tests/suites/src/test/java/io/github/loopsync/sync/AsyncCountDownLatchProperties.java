package io.github.loopsync.sync;

import io.github.loopsync.harness.PropertyCheck;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Generated await/count-down sequences on {@link AsyncCountDownLatch} against a model: a wait
 * completes normally only once the count has reached zero; a count-down succeeds exactly while
 * the model's count is above zero and is refused at zero; and no waiter stays parked once the
 * latch is open (the probe).
 */
class AsyncCountDownLatchProperties {

    /** The generated operations. */
    enum Op { AWAIT, AWAIT_TIMEOUT, COUNT_DOWN, COUNT_DOWN_LATER }

    static List<List<Op>> generate(Random random) {
        return RandomTasks.generate(random, 2, Op.values());
    }

    private static final int INITIAL = 2;
    private int count = INITIAL;
    private final List<String> violations = new ArrayList<>();

    private CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        AsyncCountDownLatch latch = new AsyncCountDownLatch(INITIAL);
        run.allowLeftoverTasks();
        run.invariant("the latch keeps the model", violations::isEmpty);
        run.invariant("the count matches the model", () -> latch.count() == count);
        EventLoop loop = run.loop();
        for (int t = 0; t < tasks.size(); t++) {
            int id = t;
            loop.createTask("T" + t, () -> runOps(latch, id, tasks.get(id), 0));
        }
        return Tasks.sleep(Duration.ofMillis(10));
    }

    private CompletionStage<Void> runOps(AsyncCountDownLatch latch, int task, List<Op> ops, int index) {
        if (index == ops.size()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> step;
        switch (ops.get(index)) {
            case COUNT_DOWN:
                countDown(latch, task);
                step = Tasks.yieldNow();
                break;
            case COUNT_DOWN_LATER:
                step = Tasks.sleep(Duration.ofMillis(1)).thenRun(() -> countDown(latch, task));
                break;
            default:
                CompletionStage<Void> wait = ops.get(index) == Op.AWAIT ? latch.await()
                        : Tasks.waitFor(latch.await(), Duration.ofMillis(2));
                step = wait.handle((v, failure) -> {
                    if (failure == null && count > 0) {
                        violations.add("T" + task + " passed the latch at count " + count);
                    }
                    return null;
                });
                break;
        }
        return step.thenCompose(v -> runOps(latch, task, ops, index + 1));
    }

    private void countDown(AsyncCountDownLatch latch, int task) {
        try {
            latch.countDown();
            if (count == 0) {
                violations.add("T" + task + " counted below zero without an exception");
            }
            count--;
        } catch (IllegalStateException refused) {
            if (count > 0) {
                violations.add("T" + task + " was refused a count-down at count " + count);
            }
        }
    }

    /** 80 generated sequences under 200 random schedules each, with one injected cancellation. */
    @Test
    void latchKeepsTheModel() {
        PropertyCheck.forAll(0x1A7C4L, 80, AsyncCountDownLatchProperties::generate,
                (run, tasks) -> new AsyncCountDownLatchProperties().scenario(run, tasks),
                RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1).maxSchedules(200));
    }
}
