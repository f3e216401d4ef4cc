package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * A user's own primitives, described with {@link UserPrimitive}: a gate that loses a wake-up is
 * caught at the guilty step even behind a timeout, its fixed twin passes, and a user lock shows in
 * the deadlock report's wait-for graph.
 */
class UserPrimitiveExploration {

    // @start region=gate
    /** A one-shot gate of a user's own; the naive one checks, then logs asynchronously, then parks. */
    static final class Gate {
        private final boolean recheck;
        private final List<LoopFuture<Void>> waiters = new ArrayList<>();
        private boolean open;

        Gate(boolean recheck) {
            this.recheck = recheck;
        }

        CompletionStage<Void> await() {
            if (open) {
                return EventLoop.current().done();
            }
            return Tasks.yieldNow().thenCompose(logged -> {       // an await between the check and the park
                if (recheck && open) {
                    return EventLoop.current().done();
                }
                LoopFuture<Void> waiter = EventLoop.current().createFuture();   // BUG unless rechecked: may park on an open gate
                waiters.add(waiter);
                return waiter.whenComplete((v, e) -> waiters.remove(waiter));
            });
        }

        void open() {
            open = true;
            for (LoopFuture<Void> waiter : waiters) {
                waiter.complete(null);
            }
        }

        boolean isOpen() {
            return open;
        }

        List<LoopFuture<Void>> waiterFutures() {
            return waiters;
        }

        @Override
        public String toString() {
            return "Gate[" + (open ? "open" : "closed") + ", waiters:" + waiters.size() + "]";
        }
    }
    // @end region=gate

    // @start region=describe
    /** A gate for this run, described to the harness: open with a waiter parked is a lost wake-up. */
    static Gate describedGate(RaceRun run, boolean recheck) {
        Gate gate = new Gate(recheck);
        run.watch(UserPrimitive.named("Gate")
                .state(gate::toString)                 // Gate[open, waiters:1]
                .waiters(gate::waiterFutures)          // the futures its open() completes
                .freeWhen(gate::isOpen));              // open with a waiter parked: a lost wake-up
        return gate;
    }
    // @end region=describe

    /**
     * A worker waits at the gate, giving up after a second (so the run always ends); an opener
     * opens it. With {@code watch}, the gate is described to the harness.
     */
    private static CompletionStage<?> gateScenario(RaceRun run, boolean recheck, boolean watch) {
        EventLoop loop = run.loop();
        Gate gate = watch ? describedGate(run, recheck) : new Gate(recheck);
        Task<String> worker = loop.createTask("worker", () -> Tasks.waitFor(gate.await(), Duration.ofSeconds(1))
                .handle((v, e) -> e == null ? "through" : "gave up"));
        Task<Void> opener = loop.createTask("opener", () -> {
            gate.open();
            return loop.done();
        });
        return Tasks.gather(worker, opener);
    }

    /** Without a description, the timeout hides the lost wake-up: every schedule passes. */
    @Test
    void undescribedGateHidesItsLostWakeupBehindTheTimeout() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE),
                run -> gateScenario(run, false, false));
        result.assertNoRace();
    }

    /** Described, the gate's lost wake-up is reported at the step the worker parks on the open gate. */
    @Test
    void describedGateLostWakeupIsCaughtAtItsStep() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> gateScenario(run, false, true));
        result.assertRaceFound();
        assertEquals(FailureKind.LOST_WAKEUP, result.failureKind(), result.report());
        assertEquals("lost wake-up: Gate[open, waiters:1] is free for a parked waiter and hands nothing over",
                result.failureMessage());
        assertTrue(result.report().contains(" 0.000s "), "caught before the timeout's second passes: " + result.report());
    }

    /** The gate that checks again after its await passes every schedule, described. */
    @Test
    void fixedGatePassesEverySchedule() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE),
                run -> gateScenario(run, true, true));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** A user's lock that knows its holder: the wait-for graph of a lock-ordering deadlock runs through it. */
    @Test
    void userLockAppearsInTheWaitForGraph() {
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            EventLoop loop = run.loop();
            UserLock first = new UserLock("first");
            UserLock second = new UserLock("second");
            for (UserLock lock : List.of(first, second)) {
                run.watch(UserPrimitive.named(lock.name).state(lock::toString).waiters(() -> lock.waiters)
                        .holders(() -> lock.holder == null ? List.of() : List.of(lock.holder))
                        .freeWhen(() -> lock.holder == null));
            }
            Task<Void> a = loop.createTask("A", () -> first.acquire().thenCompose(v -> Tasks.sleep(Duration.ofMillis(1)))
                    .thenCompose(v -> second.acquire()));
            Task<Void> b = loop.createTask("B", () -> second.acquire().thenCompose(v -> Tasks.sleep(Duration.ofMillis(1)))
                    .thenCompose(v -> first.acquire()));
            return Tasks.gather(a, b);
        });
        assertEquals(FailureKind.DEADLOCK, result.failureKind(), result.report());
        assertTrue(result.report().contains("A waits for UserLock[second, held by B, waiters:1] held by B"), result.report());
        assertTrue(result.report().contains("cycle: "), result.report());
    }

    /** A minimal lock of a user's own that records its holder. */
    static final class UserLock {
        final String name;
        final List<LoopFuture<Void>> waiters = new ArrayList<>();
        Task<?> holder;

        UserLock(String name) {
            this.name = name;
        }

        CompletionStage<Void> acquire() {
            if (holder == null) {
                holder = Task.current();
                return EventLoop.current().done();
            }
            LoopFuture<Void> waiter = EventLoop.current().createFuture();
            waiters.add(waiter);
            return waiter;
        }

        @Override
        public String toString() {
            return "UserLock[" + name + ", held by " + (holder == null ? "nobody" : holder.name()) + ", waiters:"
                    + waiters.size() + "]";
        }
    }
}
