package io.github.loopsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.PropertyCheck;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.RandomTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated put/get sequences on a bounded queue of each kind (FIFO, LIFO, priority), with an
 * injected cancellation and timeouts, against a conservation model: every item whose put succeeded
 * is got exactly once or is still queued; no item of a failed put ever appears; nothing appears
 * twice.
 */
class AsyncQueueProperties {

    /** The generated operations. */
    enum Op { PUT, PUT_NOWAIT, GET, GET_TIMEOUT }

    static List<List<Op>> generate(Random random) {
        return RandomTasks.generate(random, 3, Op.values());
    }

    /** The queue kinds, each bounded to 2 items. */
    enum Kind {
        FIFO(() -> new AsyncQueue<>(2)),
        LIFO(() -> new AsyncLifoQueue<>(2)),
        PRIORITY(() -> new AsyncPriorityQueue<>(2));

        final Supplier<AsyncQueue<Integer>> create;

        Kind(Supplier<AsyncQueue<Integer>> create) {
            this.create = create;
        }
    }

    private static CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks, AsyncQueue<Integer> queue) {
        Set<Integer> putOk = new HashSet<>();
        Set<Integer> putFailed = new HashSet<>();
        List<Integer> got = new ArrayList<>();
        run.allowLeftoverTasks();
        run.atEnd(() -> {
            assertEquals(new HashSet<>(got).size(), got.size(), "an item was got twice: " + got);
            List<Integer> left = new ArrayList<>();
            while (!queue.isEmpty()) {
                left.add(queue.getNowait());
            }
            Set<Integer> accounted = new HashSet<>(got);
            accounted.addAll(left);
            for (Integer item : putFailed) {
                assertTrue(!accounted.contains(item), "item " + item + " of a failed put appeared");
            }
            assertTrue(accounted.containsAll(putOk), "items lost: put " + putOk + ", got " + got + ", left " + left);
        });
        EventLoop loop = run.loop();
        for (int t = 0; t < tasks.size(); t++) {
            int id = t;
            loop.createTask("T" + t, () -> runOps(queue, id, tasks.get(id), 0, putOk, putFailed, got));
        }
        // Some tasks may legitimately wait for ever (a put on a full queue nobody drains): main just
        // lets everything at those times happen, and the end check judges what came out.
        return Tasks.sleep(Duration.ofMillis(10));
    }

    private static CompletionStage<Void> runOps(AsyncQueue<Integer> queue, int task, List<Op> ops, int index,
            Set<Integer> putOk, Set<Integer> putFailed, List<Integer> got) {
        if (index == ops.size()) {
            return CompletableFuture.completedFuture(null);
        }
        int item = task * 100 + index;
        CompletionStage<Void> step;
        switch (ops.get(index)) {
            case PUT:
                step = queue.put(item).handle((v, e) -> {
                    (e == null ? putOk : putFailed).add(item);
                    return null;
                });
                break;
            case PUT_NOWAIT:
                try {
                    queue.putNowait(item);
                    putOk.add(item);
                } catch (QueueFullException full) {
                    putFailed.add(item);
                }
                step = CompletableFuture.completedFuture(null);
                break;
            default:
                Duration patience = ops.get(index) == Op.GET ? Duration.ofMillis(3) : Duration.ofMillis(1);
                step = Tasks.waitFor(queue.get(), patience).handle((value, e) -> {
                    if (e == null) {
                        got.add(value);
                    }
                    return null;
                });
                break;
        }
        return step.thenCompose(v -> runOps(queue, task, ops, index + 1, putOk, putFailed, got));
    }

    /** 80 generated sequences per kind, each explored under 200 random schedules with one injected cancellation. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void conservation(Kind kind) {
        PropertyCheck.forAll(0x9E7EL, 80, AsyncQueueProperties::generate,
                (run, tasks) -> scenario(run, tasks, kind.create.get()),
                RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1).maxSchedules(200));
    }
}
