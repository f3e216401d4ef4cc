package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Generated producer/consumer sequences on AsyncCondition (consumers wait for {@code units > 0}
 * with timeouts, producers add a unit and signal once) against a model: units are never negative,
 * every unit produced is consumed or still there, and when everything has settled no consumer
 * is still waiting while a unit is available: no signal was lost, whatever was cancelled.
 */
class AsyncConditionProperties {

    /** The generated operations. */
    enum Op { PRODUCE, CONSUME, CONSUME_TIMEOUT }

    static List<List<Op>> generate(Random random) {
        return RandomTasks.generate(random, 2, Op.values());
    }

    private int units;
    private int produced;
    private int consumed;

    private CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        AsyncCondition condition = new AsyncCondition();
        run.allowLeftoverTasks();
        run.invariant("units never negative", () -> units >= 0);
        run.atEnd(() -> {
            assertTrue(produced == consumed + units, "produced " + produced + ", consumed " + consumed + ", left " + units);
            assertTrue(units == 0 || condition.waiters() == 0,
                    "a consumer still waits while " + units + " unit(s) are available: a lost signal");
        });
        EventLoop loop = run.loop();
        for (int t = 0; t < tasks.size(); t++) {
            int id = t;
            loop.createTask("T" + t, () -> runOps(condition, tasks.get(id), 0));
        }
        return Tasks.sleep(Duration.ofMillis(10));
    }

    private CompletionStage<Void> runOps(AsyncCondition condition, List<Op> ops, int index) {
        if (index == ops.size()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> step;
        switch (ops.get(index)) {
            case PRODUCE:
                step = condition.withLock(() -> {
                    units++;
                    produced++;
                    condition.signal();
                    return Tasks.yieldNow();
                });
                break;
            default:
                // CONSUME waits as long as it takes (a lost signal leaves it waiting with a unit
                // available, which the end check catches); CONSUME_TIMEOUT gives up after 1 ms.
                step = condition.withLock(() -> {
                    CompletionStage<Void> until = condition.awaitUntil(() -> units > 0);
                    return (ops.get(index) == Op.CONSUME ? until : Tasks.waitFor(until, Duration.ofMillis(1)))
                            .thenRun(() -> {
                                units--;
                                consumed++;
                            });
                }).handle((v, failure) -> null);
                break;
        }
        return step.thenCompose(v -> runOps(condition, ops, index + 1));
    }

    /** 60 generated sequences under 200 random schedules each, with one injected cancellation. */
    @Test
    void conditionKeepsTheModel() {
        PropertyCheck.forAll(0xC0DL, 60, AsyncConditionProperties::generate,
                (run, tasks) -> new AsyncConditionProperties().scenario(run, tasks),
                RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1).maxSchedules(200));
    }
}
