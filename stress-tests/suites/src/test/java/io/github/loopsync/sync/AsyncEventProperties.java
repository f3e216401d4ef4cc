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
 * Generated wait/set/clear/pulse sequences on AsyncEvent against a model: a wait completes only
 * if the event was set when it started or has been set since; and no waiter stays parked while
 * the event is set (the probe).
 */
class AsyncEventProperties {

    /** The generated operations. */
    enum Op { WAIT, WAIT_TIMEOUT, SET, CLEAR, PULSE }

    static List<List<Op>> generate(Random random) {
        return RandomTasks.generate(random, 3, Op.values());
    }

    private int sets;
    private final List<String> violations = new ArrayList<>();

    private CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        AsyncEvent event = new AsyncEvent();
        run.allowLeftoverTasks();
        run.invariant("a wait completes only after a set", violations::isEmpty);
        EventLoop loop = run.loop();
        for (int t = 0; t < tasks.size(); t++) {
            int id = t;
            loop.createTask("T" + t, () -> runOps(event, id, tasks.get(id), 0));
        }
        return Tasks.sleep(Duration.ofMillis(10));
    }

    private CompletionStage<Void> runOps(AsyncEvent event, int task, List<Op> ops, int index) {
        if (index == ops.size()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> step;
        switch (ops.get(index)) {
            case SET:
                event.set();
                sets++;
                step = Tasks.yieldNow();
                break;
            case CLEAR:
                event.clear();
                step = Tasks.yieldNow();
                break;
            case PULSE:
                event.set();
                sets++;
                event.clear();
                step = Tasks.yieldNow();
                break;
            default:
                boolean setAtStart = event.isSet();
                int setsAtStart = sets;
                CompletionStage<Void> wait = ops.get(index) == Op.WAIT ? event.await()
                        : Tasks.waitFor(event.await(), Duration.ofMillis(2));
                step = wait.handle((v, failure) -> {
                    if (failure == null && !setAtStart && sets == setsAtStart) {
                        violations.add("T" + task + " woke without a set");
                    }
                    return null;
                });
                break;
        }
        return step.thenCompose(v -> runOps(event, task, ops, index + 1));
    }

    /** 80 generated sequences under 200 random schedules each, with one injected cancellation. */
    @Test
    void eventKeepsTheModel() {
        PropertyCheck.forAll(0xE7E47L, 80, AsyncEventProperties::generate,
                (run, tasks) -> new AsyncEventProperties().scenario(run, tasks),
                RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1).maxSchedules(200));
    }
}
