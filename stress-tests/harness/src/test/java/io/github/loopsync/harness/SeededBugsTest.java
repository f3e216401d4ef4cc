package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncCondition;
import io.github.loopsync.sync.AsyncEvent;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.github.loopsync.loop.LoopFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Naive primitives with the historical bugs are caught within the quick budget, with a shrunk
 * trace; the real primitives pass the same scenarios exhaustively.
 */
class SeededBugsTest {

    private static final RaceOptions FIND = RaceOptions.defaults().cancellations(1);
    private static final RaceOptions PROVE = RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).cancellations(1)
            .maxSchedules(40_000);

    /** gh-90155 shape: a permit handed to a waiter cancelled before it runs is lost; the others hang. */
    @Test
    void semaphoreThatLosesAPermit() {
        RaceResult result = Race.explore(FIND, run -> {
            NaiveSemaphore semaphore = new NaiveSemaphore(1);
            return RaceExplorationTest.threeContenders(run, semaphore::acquire, semaphore::release);
        });
        result.assertRaceFound();
        assertEquals(FailureKind.DEADLOCK, result.failureKind(), result.report());
        assertEquals(1, result.deviations(), result.report());
    }

    /** The real semaphore passes: the permit comes back. */
    @Test
    void realSemaphorePasses() {
        RaceResult result = Race.explore(PROVE, run -> {
            AsyncSemaphore semaphore = new AsyncSemaphore(1);
            int[] held = {0};
            run.invariant("at most one holder", () -> held[0] <= 1);
            return RaceExplorationTest.threeContenders(run, () -> semaphore.acquire().thenRun(() -> held[0]++), () -> {
                held[0]--;
                semaphore.release();
            });
        }).assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** A waiter and a task that pulses the event: set() then clear() in one step. */
    static CompletionStage<?> pulseScenario(RaceRun run, Supplier<CompletionStage<Void>> await, Runnable pulse) {
        EventLoop loop = run.loop();
        Task<Void> waiter = loop.createTask("waiter", await);
        Task<Void> pulser = loop.createTask("pulser", () -> Tasks.sleep(Duration.ofMillis(1)).thenRun(pulse));
        return Tasks.gather(waiter, pulser);
    }

    /** A pulse lost by waiters that re-check the flag: the waiter never wakes. */
    @Test
    void eventThatLosesAPulse() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            NaiveEvent event = new NaiveEvent();
            return pulseScenario(run, event::await, () -> {
                event.set();
                event.clear();
            });
        });
        result.assertRaceFound();
        assertEquals(FailureKind.DEADLOCK, result.failureKind(), result.report());
    }

    /** The real event keeps the pulse: waiters woken by set() resume even if clear() follows. */
    @Test
    void realEventKeepsThePulse() {
        RaceResult result = Race.explore(PROVE.ordering(Ordering.ANY).cancellations(0), run -> {
            AsyncEvent event = new AsyncEvent();
            return pulseScenario(run, event::await, () -> {
                event.set();
                event.clear();
            });
        }).assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** Two consumers wait for state != 0 under a condition; a producer adds one unit and signals once. */
    static CompletionStage<?> conditionScenario(RaceRun run, Function<BooleanSupplier, CompletionStage<Void>> awaitUntil,
            Function<Supplier<CompletionStage<Void>>, CompletionStage<Void>> withLock, Runnable signal) {
        EventLoop loop = run.loop();
        int[] state = {0};
        int[] consumed = {0};
        List<LoopFuture<Void>> consumers = new ArrayList<>();
        for (String name : List.of("C1", "C2")) {
            consumers.add(loop.createTask(name, () -> withLock.apply(() -> awaitUntil.apply(() -> state[0] != 0)
                    .thenRun(() -> {
                        state[0]--;
                        consumed[0]++;
                    }))));
        }
        Task<Void> producer = loop.createTask("P", () -> Tasks.yieldNow().thenCompose(v -> withLock.apply(() -> {
            state[0]++;
            signal.run();
            return loop.done();
        })));
        run.allowLeftoverTasks();
        run.atEnd(() -> assertTrue(state[0] == 0, "the unit was never consumed: state " + state[0]));
        // Virtual time moves only when nothing at time 0 is left to run: the sleep ends once all settled.
        return producer.handle((v, e) -> null).thenCompose(v -> Tasks.sleep(Duration.ofMillis(1)));
    }

    /** gh-112202 shape: a signal consumed by a waiter cancelled before it ran is lost. */
    @Test
    void conditionThatLosesASignal() {
        RaceResult result = Race.explore(FIND, run -> {
            NaiveCondition condition = new NaiveCondition();
            return conditionScenario(run, condition::awaitUntil, body -> condition.lock.withLock(body), condition::signal);
        });
        result.assertRaceFound();
        assertEquals(FailureKind.ASSERTION, result.failureKind(), result.report());
        assertTrue(result.report().contains("harness cancels"), result.report());
    }

    /** The real condition passes the signal on, in every schedule within 3 deviations from FIFO. */
    @Test
    void realConditionPassesTheSignalOn() {
        // Too many schedules for a complete exhaustive search in CI; complete up to 3 deviations instead.
        RaceResult result = Race.explore(PROVE.strategy(Strategy.DELAY_BOUNDED).maxDelays(3).maxSchedules(1_000), run -> {
            AsyncCondition condition = new AsyncCondition();
            return conditionScenario(run, condition::awaitUntil, condition::withLock, condition::signal);
        }).assertNoRace();
        assertTrue(result.exhaustedDeviations() >= 3, result.report());   // complete up to 3 deviations, or entirely
    }

    /**
     * The real barrier, three parties, one cancellation anywhere: the party passes as a whole or
     * not at all, with no lost wake-up and no leak, in every schedule (a complete exhaustive search).
     */
    @Test
    void realBarrierPassesAsAWhole() {
        RaceResult result = Race.explore(PROVE, run -> {
            io.github.loopsync.sync.AsyncBarrier barrier = new io.github.loopsync.sync.AsyncBarrier(3);
            int[] passed = {0};
            int[] failed = {0};
            run.allowLeftoverTasks();
            run.atEnd(() -> assertTrue(passed[0] == 0 || passed[0] + failed[0] == 3,
                    "partial party: " + passed[0] + " passed, " + failed[0] + " failed"));
            for (String name : List.of("A", "B", "C")) {
                run.loop().createTask(name, () -> barrier.await().handle((index, e) -> {
                    if (e == null) {
                        passed[0]++;
                    } else {
                        failed[0]++;
                    }
                    return null;
                }));
            }
            return Tasks.sleep(Duration.ofMillis(1));
        }).assertNoRace();
        assertTrue(result.complete(), result.report());
    }
}
