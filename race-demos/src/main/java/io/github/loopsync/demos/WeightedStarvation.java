package io.github.loopsync.demos;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncWeightedSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;
import java.util.function.IntConsumer;

/**
 * A weighted semaphore whose small requests starve a large one. A print server has 4 units of
 * memory; small jobs take 1 or 2, a poster needs all 4. A naive weighted semaphore serves whatever
 * fits: while the poster waits for 4, each small job that arrives finds a unit free and goes
 * first, so under a steady stream of small jobs the poster never prints. {@link
 * AsyncWeightedSemaphore} serves strictly in arrival order: the small job that comes after the
 * poster waits behind it, and the poster prints as soon as the jobs before it are done.
 */
public final class WeightedStarvation implements Demo {

    @Override
    public String id() {
        return "weighted-starvation";
    }

    @Override
    public String title() {
        return "A weighted semaphore whose small requests starve a large one";
    }

    @Override
    public String story() {
        return "A print server with 4 units of memory: two small jobs hold 3 units, a poster that needs all 4 arrives "
                + "at 1 ms and waits; another small job arrives at 2 ms.";
    }

    @Override
    public String reference() {
        return "Go's semaphore.Weighted and IBM async-util's FairAsyncSemaphore serve in order for this reason";
    }

    // @start region=racy
    /** Serves any request that fits, at once or on a release, whatever waits before it. */
    static final class GreedyWeightedSemaphore {
        private final List<Object[]> waiters = new ArrayList<>();   // {units, future}, oldest first
        private int free;

        GreedyWeightedSemaphore(int units) {
            this.free = units;
        }

        CompletionStage<Void> acquire(int units) {
            EventLoop loop = EventLoop.current();
            if (units <= free) {                  // BUG: ignores the requests already waiting
                free -= units;
                return loop.done();
            }
            LoopFuture<Void> waiter = loop.createFuture();
            waiters.add(new Object[] {units, waiter});
            return waiter;
        }

        void release(int units) {
            free += units;
            for (Object[] waiter : new ArrayList<>(waiters)) {
                int wanted = (int) waiter[0];
                if (wanted <= free) {             // skips a large head that does not fit yet
                    free -= wanted;
                    waiters.remove(waiter);
                    ((LoopFuture<?>) waiter[1]).complete(null);
                }
            }
        }

        @Override
        public String toString() {
            return "GreedyWeightedSemaphore[free:" + free + ", waiters:" + waiters.size() + "]";
        }
    }
    // @end region=racy

    /** The print server, over either semaphore: its jobs, and the check that nobody overtakes the poster. */
    private static CompletionStage<?> server(RaceRun run, IntFunction<CompletionStage<Void>> acquire, IntConsumer release) {
        boolean[] posterWaiting = {false};
        List<String> overtook = new ArrayList<>();
        run.invariant("no job that arrived after the waiting poster prints before it", overtook::isEmpty);
        EventLoop loop = run.loop();
        List<LoopFuture<Void>> jobs = new ArrayList<>();
        jobs.add(loop.createTask("small-A", () -> job(acquire, release, 2, Duration.ZERO, () -> { })));
        jobs.add(loop.createTask("small-B", () -> job(acquire, release, 1, Duration.ZERO, () -> { })));
        jobs.add(loop.createTask("poster", () -> Tasks.sleep(Duration.ofMillis(1)).thenCompose(v -> {
            posterWaiting[0] = true;
            return job(acquire, release, 4, Duration.ZERO, () -> posterWaiting[0] = false);
        })));
        jobs.add(loop.createTask("small-C", () -> job(acquire, release, 1, Duration.ofMillis(2), () -> {
            if (posterWaiting[0]) {
                overtook.add("small-C");
            }
        })));
        return Tasks.gather(jobs);
    }

    /** After {@code arrival}, takes {@code units}, runs {@code started}, prints for 10 ms, gives the units back. */
    private static CompletionStage<Void> job(IntFunction<CompletionStage<Void>> acquire, IntConsumer release, int units,
            Duration arrival, Runnable started) {
        LoopFuture<Void> arrived = arrival.isZero() ? EventLoop.current().done() : Tasks.sleep(arrival);
        return arrived.thenCompose(v -> acquire.apply(units)).thenCompose(v -> {
            started.run();
            return Tasks.sleep(Duration.ofMillis(10));
        }).thenRun(() -> release.accept(units));
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        GreedyWeightedSemaphore memory = new GreedyWeightedSemaphore(4);
        return server(run, memory::acquire, memory::release);
    }

    // @start region=fixed
    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        // AsyncWeightedSemaphore serves in arrival order: while the poster waits for 4 units, a
        // later job waits behind it even when a unit is free, so the poster prints as soon as
        // the jobs that came before it give their units back.
        AsyncWeightedSemaphore memory = new AsyncWeightedSemaphore(4);
        return server(run, memory::acquire, memory::release);
    }
    // @end region=fixed
}
