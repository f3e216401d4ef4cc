package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The scenario the lock and semaphore replays share: tasks that each take a lock-like primitive,
 * hold it for 1 ms and give it back, whatever happens; an invariant on how many hold it at once;
 * and a watchdog that, 100 ms later (far more than the tasks need), checks that none of them is
 * still waiting. The racy and the fixed variant of a demo run the same contenders over a naive
 * and a real primitive.
 */
@io.github.loopsync.harness.RaceHelper
final class Contenders {

    private static final Duration HOLD = Duration.ofMillis(1);
    private static final Duration DEADLINE = Duration.ofMillis(100);

    private final RaceRun run;
    private final Object primitive;
    private final Supplier<CompletionStage<Void>> acquire;
    private final Runnable release;
    private final List<Task<Void>> started = new ArrayList<>();
    /** Tasks holding the primitive right now. */
    private int holders;
    /** What the watchdog found: the tasks still waiting, and the primitive's state then. */
    private final List<String> stuck = new ArrayList<>();
    private String stateAtDeadline;

    /**
     * Registers the invariant and the end check with the run.
     *
     * @param run the harness run
     * @param noun what the primitive is, for the messages ("lock", "semaphore")
     * @param primitive the primitive, whose {@code toString()} the watchdog reports
     * @param acquire takes the primitive
     * @param release gives it back
     * @param limit how many tasks may hold it at once
     */
    Contenders(RaceRun run, String noun, Object primitive, Supplier<CompletionStage<Void>> acquire, Runnable release,
            int limit) {
        this.run = run;
        this.primitive = primitive;
        this.acquire = acquire;
        this.release = release;
        String atMost = limit == 1 ? "at most one task holds the " : "at most " + limit + " tasks hold the ";
        run.invariant(atMost + noun, () -> holders <= limit);
        run.atEnd(() -> check(stuck.isEmpty(), "after " + DEADLINE.toMillis() + " ms " + stuck + " still waits, and the "
                + noun + " is " + stateAtDeadline));
    }

    /**
     * Takes the primitive, runs {@code body} while holding it, and gives it back on every outcome.
     *
     * @param body the work done while holding
     * @return the stage of the whole
     */
    CompletionStage<Void> holding(Supplier<CompletionStage<Void>> body) {
        return acquire.get().thenCompose(v -> {
            holders++;
            return body.get().whenComplete((done, failure) -> {
                holders--;
                release.run();
            });
        });
    }

    /**
     * Starts a task that arrives after {@code arrival}, then holds the primitive for 1 ms.
     *
     * @param name the task's name
     * @param arrival when it arrives
     * @return the task
     */
    Task<Void> start(String name, Duration arrival) {
        Supplier<CompletionStage<Void>> turn = () -> holding(() -> Tasks.sleep(HOLD));
        Task<Void> task = run.loop().createTask(name,
                arrival.isZero() ? turn : () -> Tasks.sleep(arrival).thenCompose(v -> turn.get()));
        started.add(task);
        return task;
    }

    /**
     * Waits until the deadline, notes every started task still unfinished (and the primitive's
     * state) for the end check, and cancels those tasks so that the run can end.
     *
     * @return a stage completing once every started task has finished
     */
    CompletionStage<?> watchdog() {
        return Tasks.sleep(DEADLINE).thenCompose(v -> {
            stateAtDeadline = primitive.toString();
            for (Task<Void> task : started) {
                if (!task.isDone()) {
                    stuck.add(task.name());
                    task.cancel();
                }
            }
            return Tasks.gatherOutcomes(started);
        });
    }
}
