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
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Generated barrier rounds: n tasks meet at a barrier of n parties, each waiting with or without
 * a timeout, with one injected cancellation. Model: the party passes as a whole or not at all.
 * Either nobody passes (someone left before the party was complete), or every arrival is
 * accounted for as a pass or as a failure after the release (a task cancelled after it was
 * released but before it resumed).
 */
class AsyncBarrierProperties {

    /** How a task waits. */
    enum Op { AWAIT, AWAIT_TIMEOUT }

    static List<List<Op>> generate(Random random) {
        List<List<Op>> tasks = new ArrayList<>();
        for (int t = 0, n = 2 + random.nextInt(3); t < n; t++) {
            tasks.add(new ArrayList<>(List.of(Op.values()[random.nextInt(2)])));
        }
        return tasks;
    }

    private int passed;
    private int failed;

    private CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        int parties = tasks.size();
        AsyncBarrier barrier = new AsyncBarrier(parties);
        run.allowLeftoverTasks();
        run.atEnd(() -> assertTrue(passed == 0 || passed + failed == parties,
                "a partial party passed: " + passed + " passed, " + failed + " failed, " + parties + " parties"));
        EventLoop loop = run.loop();
        for (int t = 0; t < parties; t++) {
            Op op = tasks.get(t).isEmpty() ? Op.AWAIT : tasks.get(t).get(0);
            loop.createTask("T" + t, () -> {
                CompletionStage<Integer> arrival = op == Op.AWAIT ? barrier.await()
                        : Tasks.waitFor(barrier.await(), Duration.ofMillis(1));
                return arrival.handle((index, failure) -> {
                    if (failure == null) {
                        passed++;
                    } else {
                        failed++;
                    }
                    return null;
                });
            });
        }
        return Tasks.sleep(Duration.ofMillis(10));
    }

    /** 60 generated rounds, each explored under 200 random schedules with one injected cancellation. */
    @Test
    void barrierPassesAsAWhole() {
        PropertyCheck.forAll(0xBA44L, 60, AsyncBarrierProperties::generate,
                (run, tasks) -> new AsyncBarrierProperties().scenario(run, tasks),
                RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1).maxSchedules(200));
    }
}
