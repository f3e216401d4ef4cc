package io.github.loopsync.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The replay demos' naive primitives under a scenario a user would write without thinking of
 * cancellation (three workers take turns, main gathers them) and the plain default options: the
 * harness injects a cancellation on its own, finds each granted-then-cancelled bug with an exact
 * replay, and passes the same scenario over loopsync's primitives.
 */
class PlainDefaultsTest {

    /**
     * Three workers each take the primitive, hold it for 1 ms and give it back on every outcome;
     * the third arrives {@code lateness} after the others; at most one holds it at once.
     */
    private static CompletionStage<?> threeWorkers(RaceRun run, Duration lateness, Supplier<CompletionStage<Void>> acquire,
            Runnable release) {
        int limit = 1;
        EventLoop loop = run.loop();
        int[] holding = {0};
        run.invariant("at most " + limit + " holding", () -> holding[0] <= limit);
        List<io.github.loopsync.loop.LoopFuture<Void>> workers = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            Duration arrival = name.equals("C") ? lateness : Duration.ZERO;
            workers.add(loop.createTask(name, () -> Tasks.sleep(arrival).thenCompose(arrived -> acquire.get())
                    .thenCompose(held -> {
                        holding[0]++;
                        return Tasks.sleep(Duration.ofMillis(1)).whenComplete((slept, failure) -> {
                            holding[0]--;
                            release.run();
                        });
                    })));
        }
        return Tasks.gather(workers);
    }

    /** The defaults find the bug in {@code racy}, replay it exactly, and pass {@code fixed}. */
    private static void foundAndFixed(Function<RaceRun, CompletionStage<?>> racy, Function<RaceRun, CompletionStage<?>> fixed) {
        RaceResult found = Race.explore(RaceOptions.defaults(), racy);
        found.assertRaceFound();
        RaceResult again = Race.replay(found.token(), RaceOptions.defaults(), racy);
        assertEquals(found.failureKind(), again.failureKind(), again.report());
        assertEquals(found.failureMessage(), again.failureMessage(), again.report());
        Race.explore(RaceOptions.defaults(), fixed).assertNoRace();
    }

    /** bpo-27585: a lock's wake-up lost to a waiter cancelled before it ran. */
    @Test
    void lockWakeupLostToACancelledWaiter() {
        foundAndFixed(run -> {
            ReplayBpo27585.NaiveLock lock = new ReplayBpo27585.NaiveLock();
            return threeWorkers(run, Duration.ZERO, lock::acquire, lock::release);
        }, run -> {
            AsyncLock lock = new AsyncLock();
            return threeWorkers(run, Duration.ZERO, lock::acquire, lock::release);
        });
    }

    /** bpo-32734: a wake-up passed on past a woken waiter puts two holders in the lock. */
    @Test
    void lockWokenTwiceAfterACancellation() {
        foundAndFixed(run -> {
            ReplayBpo32734.NaiveLock lock = new ReplayBpo32734.NaiveLock();
            return lock.acquire().thenCompose(held -> mainHoldsWhileWorkersQueue(run, lock::acquire, lock::release));
        }, run -> {
            AsyncLock lock = new AsyncLock();
            return lock.acquire().thenCompose(held -> mainHoldsWhileWorkersQueue(run, lock::acquire, lock::release));
        });
    }

    /** Main, holding the lock, starts the three workers, keeps it 1 ms, releases it and gathers them. */
    private static CompletionStage<?> mainHoldsWhileWorkersQueue(RaceRun run, Supplier<CompletionStage<Void>> acquire,
            Runnable release) {
        CompletionStage<?> workers = threeWorkers(run, Duration.ZERO, acquire, release);
        return Tasks.sleep(Duration.ofMillis(1)).thenCompose(slept -> {
            release.run();
            return workers;
        });
    }

    /** gh-90155: a semaphore permit handed to a waiter cancelled before it ran is lost. */
    @Test
    void semaphorePermitLostToACancelledWaiter() {
        foundAndFixed(run -> {
            ReplayGh90155.NaiveSemaphore semaphore = new ReplayGh90155.NaiveSemaphore(1);
            return threeWorkers(run, Duration.ofMillis(2), semaphore::acquire, semaphore::release);
        }, run -> {
            AsyncSemaphore semaphore = new AsyncSemaphore(1);
            return threeWorkers(run, Duration.ofMillis(2), semaphore::acquire, semaphore::release);
        });
    }
}
