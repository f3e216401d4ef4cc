package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Harness throughput: schedules explored per second for a three-task lock scenario. Each
 * invocation explores {@value #SCHEDULES} random schedules under the {@link Ordering#ANY} model;
 * every schedule builds a fresh lock and three tasks that each take it, hold it across a one
 * millisecond virtual sleep, and release it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(HarnessBenchmark.SCHEDULES)
public class HarnessBenchmark {

    /** Schedules per invocation. */
    static final int SCHEDULES = 1_000;

    private static final RaceOptions OPTIONS = RaceOptions.defaults()
            .strategy(Strategy.RANDOM).ordering(Ordering.ANY).maxSchedules(SCHEDULES);

    /**
     * Explores the scenario.
     *
     * @return the outcome, whose schedule count the test checks
     */
    @Benchmark
    public RaceResult exploreThreeTaskLock() {
        return Race.explore(OPTIONS, HarnessBenchmark::threeTasksShareALock);
    }

    static CompletionStage<?> threeTasksShareALock(RaceRun run) {
        EventLoop loop = run.loop();
        AsyncLock lock = new AsyncLock();
        List<LoopFuture<Void>> tasks = new ArrayList<>(3);
        for (String name : List.of("A", "B", "C")) {
            tasks.add(loop.createTask(name, () -> lock.acquire()
                    .thenCompose(held -> Tasks.sleep(Duration.ofMillis(1)))
                    .whenComplete((slept, failure) -> lock.release())));
        }
        return Tasks.gatherOutcomes(tasks);
    }
}
