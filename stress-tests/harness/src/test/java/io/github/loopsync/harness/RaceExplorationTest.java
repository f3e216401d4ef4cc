package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.github.loopsync.loop.LoopFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The harness finds seeded races, proves fixed code within bounds, replays, and flags nondeterminism. */
class RaceExplorationTest {

    /** The book's lost update across an await: two read-sleep-write increments. */
    private static CompletionStage<?> twoIncrements(RaceRun run, AsyncLock lock) {
        int[] counter = {0};
        run.atEnd(() -> assertEquals(2, counter[0], "counter"));
        Supplier<CompletionStage<Void>> increment = () -> {
            Supplier<CompletionStage<Void>> critical = () -> {
                int seen = counter[0];
                return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> counter[0] = seen + 1);
            };
            return lock == null ? critical.get() : lock.withLock(critical);
        };
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("T1", increment), loop.createTask("T2", increment));
    }

    /** The lost update is found in production order, with zero deviations, and reported step by step. */
    @Test
    void lostUpdateFailsInFifoOrder() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> twoIncrements(run, null));
        result.assertRaceFound();
        assertEquals(FailureKind.ASSERTION, result.failureKind());
        assertEquals(0, result.deviations());
        assertEquals(1, result.schedulesExplored(), "the FIFO run already fails");
        assertFalse(result.nondeterministic());
        String report = result.report();
        assertTrue(report.contains("fails in production order"), report);
        assertTrue(report.contains("T1") && report.contains("T2") && report.contains("0.010s"), report);
        assertTrue(report.contains("-Dloopsync.replay=rh2."), report);
    }

    /** With the lock held across the await, every schedule passes, and the search says it was complete. */
    @Test
    void lockedIncrementPassesExhaustively() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).ordering(Ordering.ANY),
                run -> twoIncrements(run, new AsyncLock()));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
        assertTrue(result.schedulesExplored() > 1, result.report());
    }

    /** Three tasks contend for a lock; each holds it across a sleep and releases on every outcome. */
    static CompletionStage<?> threeContenders(RaceRun run, Supplier<CompletionStage<Void>> acquire, Runnable release) {
        EventLoop loop = run.loop();
        List<LoopFuture<Void>> tasks = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            tasks.add(loop.createTask(name, () -> acquire.get().thenCompose(v ->
                    Tasks.sleep(Duration.ofMillis(1)).whenComplete((r, e) -> release.run()))));
        }
        return Tasks.gatherOutcomes(tasks);
    }

    /** Seeded bpo-27585: a woken waiter cancelled before it runs strands the lock; found as a lost wake-up. */
    @Test
    void naiveLockLosesTheWakeupOfACancelledWaiter() {
        RaceResult result = Race.explore(RaceOptions.defaults().cancellations(1), run -> {
            NaiveLock lock = new NaiveLock();
            return threeContenders(run, lock::acquire, lock::release);
        });
        result.assertRaceFound();
        assertEquals(FailureKind.LOST_WAKEUP, result.failureKind(), result.report());
        assertTrue(result.report().contains("harness cancels"), result.report());
        assertEquals(1, result.deviations(), "one injected cancellation, nothing else");
    }

    /** The real AsyncLock survives the same scenario with a cancellation anywhere, exhaustively. */
    @Test
    void realLockSurvivesCancellationAnywhere() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).cancellations(1).maxSchedules(20_000),
                run -> {
                    AsyncLock lock = new AsyncLock();
                    return threeContenders(run, lock::acquire, () -> {
                        if (lock.isLocked()) {
                            lock.release();
                        }
                    });
                });
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** Seeded bpo-23812: a getter cancelled after the item was written into its future loses the item. */
    @Test
    void naiveQueueDropsTheItemOfACancelledGetter() {
        RaceResult result = Race.explore(RaceOptions.defaults().cancellations(1), run -> queueScenario(run, false));
        result.assertRaceFound();
        assertEquals(FailureKind.ASSERTION, result.failureKind(), result.report());
        assertTrue(result.failureMessage().contains("items lost"), result.report());
    }

    /** The real AsyncQueue keeps the item in the same scenario, exhaustively. */
    @Test
    void realQueueKeepsTheItem() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).cancellations(1).maxSchedules(20_000),
                run -> queueScenario(run, true));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** Two getters wait; two items are put; every item must end up taken by a getter or still queued. */
    private static CompletionStage<?> queueScenario(RaceRun run, boolean real) {
        EventLoop loop = run.loop();
        AsyncQueue<String> good = new AsyncQueue<>();
        NaiveQueue<String> naive = new NaiveQueue<>();
        List<String> taken = new ArrayList<>();
        Supplier<CompletionStage<String>> get = () -> real ? good.get() : naive.get();
        Task<String> g1 = loop.createTask("G1", () -> get.get().thenApply(item -> {
            taken.add(item);
            return item;
        }));
        Task<String> g2 = loop.createTask("G2", () -> get.get().thenApply(item -> {
            taken.add(item);
            return item;
        }));
        run.atEnd(() -> {
            int left = real ? good.size() : naive.size();
            assertEquals(2, taken.size() + left, "items lost: taken " + taken + ", left " + left);
        });
        return Tasks.yieldNow().thenCompose(v -> {
            if (real) {
                good.putNowait("x");
                good.putNowait("y");
            } else {
                naive.put("x");
                naive.put("y");
            }
            return Tasks.gatherOutcomes(List.of(g1, g2));
        });
    }

    /** A lock-ordering deadlock is reported as a deadlock, with the blocked tasks. */
    @Test
    void lockOrderingDeadlock() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            AsyncLock first = new AsyncLock();
            AsyncLock second = new AsyncLock();
            EventLoop loop = run.loop();
            Task<Void> a = loop.createTask("A", () -> first.withLock(() -> Tasks.sleep(Duration.ofSeconds(1))
                    .thenCompose(v -> second.withLock(() -> loop.done()))));
            Task<Void> b = loop.createTask("B", () -> second.withLock(() -> Tasks.sleep(Duration.ofSeconds(1))
                    .thenCompose(v -> first.withLock(() -> loop.done()))));
            return Tasks.gather(a, b);
        });
        result.assertRaceFound();
        assertEquals(FailureKind.DEADLOCK, result.failureKind());
        assertEquals(0, result.deviations());
        assertTrue(result.report().contains("A waiting on lock acquire") && result.report().contains("B waiting on lock acquire"),
                result.report());
        assertTrue(result.report().contains("cycle: A → AsyncLock[locked, waiters:1] → B → AsyncLock[locked, waiters:1] → A")
                || result.report().contains("cycle: B → AsyncLock[locked, waiters:1] → A → AsyncLock[locked, waiters:1] → B"),
                result.report());
    }

    /** A replay token reproduces the failing schedule exactly; a malformed token is refused. */
    @Test
    void replayTokensReproduce() {
        java.util.function.Function<RaceRun, CompletionStage<?>> scenario = run -> {
            NaiveLock lock = new NaiveLock();
            return threeContenders(run, lock::acquire, lock::release);
        };
        RaceResult found = Race.explore(RaceOptions.defaults().cancellations(1), scenario);
        assertNotNull(found.token());
        RaceResult replayed = Race.replay(found.token(), RaceOptions.defaults(), scenario);
        assertEquals(found.failureKind(), replayed.failureKind());
        assertEquals(found.failureMessage(), replayed.failureMessage());
        assertEquals(1, replayed.schedulesExplored());
        assertThrows(IllegalArgumentException.class, () -> Race.replay("rh9.x", RaceOptions.defaults(), scenario));
    }

    /** Replaying a token against a scenario with other choice points fails, saying where it diverged. */
    @Test
    void divergentReplayIsRefused() {
        RaceResult found = Race.explore(RaceOptions.defaults().cancellations(1), run -> {
            NaiveLock lock = new NaiveLock();
            return threeContenders(run, lock::acquire, lock::release);
        });
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Race.replay(found.token(), RaceOptions.defaults(), run -> twoIncrements(run, new AsyncLock())));
        assertTrue(refused.getMessage().contains("diverged at choice 1"), refused.getMessage());
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    /** A scenario that behaves differently on each run is flagged as nondeterministic. */
    @Test
    void nondeterministicScenarioIsFlagged() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            int salt = RUNS.incrementAndGet();
            CompletionStage<Void> extra = salt % 2 == 0 ? Tasks.yieldNow() : CompletableFuture.completedFuture(null);
            return extra.thenRun(() -> {
                throw new AssertionError("always fails");
            });
        });
        result.assertRaceFound();
        assertTrue(result.nondeterministic(), result.report());
        assertTrue(result.report().contains("nondeterministic"), result.report());
    }

    /** An invariant is checked after every step and fails at the step it breaks. */
    @Test
    void invariantFailsAtItsStep() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            int[] inside = {0};
            run.invariant("at most one task inside", () -> inside[0] <= 1);
            Supplier<CompletionStage<Void>> enter = () -> {
                inside[0]++;
                return Tasks.sleep(Duration.ofMillis(5)).thenRun(() -> inside[0]--);
            };
            return Tasks.gather(run.loop().createTask(enter), run.loop().createTask(enter));
        });
        assertEquals(FailureKind.INVARIANT, result.failureKind());
        assertTrue(result.report().contains("at most one task inside"), result.report());
    }

    /** Exploration speed for a 3-task lock scenario, printed for the record with -Dloopsync.verbose=true (never asserted). */
    @Test
    void explorationSpeedIsReported() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).ordering(Ordering.ANY).maxSchedules(5_000),
                run -> {
                    AsyncLock lock = new AsyncLock();
                    return threeContenders(run, lock::acquire, lock::release);
                });
        result.assertNoRace();
        double perSecond = result.schedulesExplored() / Math.max(1e-9, result.elapsed().toNanos() / 1e9);
        if (Boolean.getBoolean("loopsync.verbose")) {
            System.out.printf("harness throughput: %d schedules in %d ms = %.0f schedules/s (3-task lock, ANY, exhaustive%s)%n",
                    result.schedulesExplored(), result.elapsed().toMillis(), perSecond, result.complete() ? ", complete" : "");
        }
    }

    /**
     * An external event (a reply arriving from the network) is delivered at a chosen step: a
     * handler that assumes the reply comes after its own setup step fails when it arrives first.
     */
    @Test
    void externalEventsArriveAtChosenSteps() {
        RaceResult result = Race.explore(RaceOptions.defaults().cancellations(0), run -> {
            EventLoop loop = run.loop();
            java.util.List<String> log = new ArrayList<>();
            io.github.loopsync.loop.LoopFuture<String> reply = loop.createFuture();
            run.external("reply", () -> reply.complete("pong"));
            run.atEnd(() -> assertEquals(java.util.List.of("registered", "got pong"), log, "order"));
            Task<Void> handler = loop.createTask("handler", () -> Tasks.yieldNow()
                    .thenRun(() -> log.add("registered"))
                    .thenCompose(v -> reply)
                    .thenAccept(text -> log.add("got " + text)));
            return handler;
        });
        // Arriving at once (the default) is fine here; the harness must still explore later arrivals
        // and find none failing, while an early-reply variant fails.
        result.assertNoRace();
        assertTrue(result.complete(), result.report());

        RaceResult early = Race.explore(RaceOptions.defaults(), run -> {
            EventLoop loop = run.loop();
            boolean[] registered = {false};
            run.external("reply", () -> {
                if (!registered[0]) {
                    throw new IllegalStateException("reply before the handler registered");
                }
            });
            return loop.createTask("handler", () -> Tasks.sleep(Duration.ofMillis(1)).thenRun(() -> registered[0] = true));
        });
        early.assertRaceFound();
        assertEquals(FailureKind.EXCEPTION, early.failureKind(), early.report());
        assertTrue(early.report().contains("external event: reply"), early.report());
    }

    /** The portfolio runs FIFO, delay-bounded, PCT and random within its budget and finds the seeded lock bug. */
    @Test
    void portfolioFindsTheSeededLockBug() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.PORTFOLIO).cancellations(1).maxSchedules(400),
                run -> {
                    NaiveLock lock = new NaiveLock();
                    return threeContenders(run, lock::acquire, lock::release);
                });
        result.assertRaceFound();
        assertEquals(FailureKind.LOST_WAKEUP, result.failureKind());
    }

    /** A lock left held when main finishes is reported as a leak, naming the task that took it. */
    @Test
    void heldLockAtTheEndIsALeak() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            AsyncLock lock = new AsyncLock();
            EventLoop loop = run.loop();
            return loop.createTask("forgetful", () -> lock.acquire().thenCompose(v -> Tasks.sleep(Duration.ofMillis(1))));
        });
        assertEquals(FailureKind.LEAK, result.failureKind(), result.report());
        assertTrue(result.failureMessage().contains("still held by forgetful"), result.report());
    }

    /** A long run's deadlock report shows only the steps of the deadlocked tasks; others are counted, not shown. */
    @Test
    void longReportsAreSlicedToTheInvolvedTasks() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            AsyncLock first = new AsyncLock();
            AsyncLock second = new AsyncLock();
            EventLoop loop = run.loop();
            for (int i = 0; i < 3; i++) {
                loop.createTask("bystander" + i, () -> Tasks.sleep(Duration.ofMillis(5)).thenCompose(v -> yields(30)));
            }
            Task<Void> a = loop.createTask("A", () -> first.withLock(() -> Tasks.sleep(Duration.ofSeconds(1))
                    .thenCompose(v -> second.withLock(() -> loop.done()))));
            Task<Void> b = loop.createTask("B", () -> second.withLock(() -> Tasks.sleep(Duration.ofSeconds(1))
                    .thenCompose(v -> first.withLock(() -> loop.done()))));
            return Tasks.gather(a, b);
        });
        assertEquals(FailureKind.DEADLOCK, result.failureKind());
        String report = result.report();
        assertFalse(report.contains(" bystander0 "), report);
        assertTrue(report.contains("unrelated to the failure not shown: bystander0, bystander1, bystander2"), report);
    }

    private static CompletionStage<Void> yields(int count) {
        return count == 0 ? Tasks.yieldNow() : Tasks.yieldNow().thenCompose(v -> yields(count - 1));
    }

    /**
     * A short run is shown whole: the task that caused a deadlock (here one that finished holding
     * the lock) is not among the blocked tasks, but its steps explain the failure; and no step after
     * the failing one is shown.
     */
    @Test
    void shortReportsShowTheFinishedTaskThatCausedTheDeadlock() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            AsyncLock lock = new AsyncLock();
            EventLoop loop = run.loop();
            Task<Void> leaker = loop.createTask("leaker", () -> lock.acquire().thenCompose(v -> Tasks.yieldNow()));
            return leaker.thenCompose(v -> loop.createTask("waiter", lock::acquire));
        });
        assertEquals(FailureKind.DEADLOCK, result.failureKind(), result.report());
        String report = result.report();
        assertTrue(report.contains(" leaker "), report);
        assertFalse(report.contains("not shown"), report);
        String lastRow = report.lines().filter(line -> line.startsWith(" #")).reduce((x, y) -> y).orElseThrow();
        assertTrue(lastRow.startsWith(" #" + result.report().lines().filter(line -> line.startsWith(" DEADLOCK at step "))
                .findFirst().orElseThrow().substring(" DEADLOCK at step ".length()) + " "), report);
    }
}
