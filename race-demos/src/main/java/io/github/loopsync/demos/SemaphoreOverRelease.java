package io.github.loopsync.demos;

import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncBoundedSemaphore;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Demo 4: a semaphore released once too often. A connection pool allows two queries at a time;
 * one buggy task releases twice, after which three queries run at once. A bounded semaphore
 * refuses the extra release, so the limit holds. Re-expresses listing 11.8 of Fowler, <i>Python
 * Concurrency with asyncio</i> ("acquiring twice, releasing three times"; never copied).
 */
public final class SemaphoreOverRelease implements Demo {

    @Override
    public String id() {
        return "semaphore-over-release";
    }

    @Override
    public String title() {
        return "Semaphore over-release versus AsyncBoundedSemaphore";
    }

    @Override
    public String story() {
        return "Two connections, guarded by a semaphore of 2; a buggy task releases its permit twice, "
                + "so the semaphore now has 3 permits and three later queries run at once.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listing 11.8 (re-expressed)";
    }

    // @start region=racy
    static CompletionStage<Void> buggyQuery(AsyncSemaphore connections, int[] inFlight) {
        return connections.acquire().thenCompose(v -> {
            inFlight[0]++;
            return Tasks.sleep(Duration.ofMillis(5));
        }).thenRun(() -> {
            inFlight[0]--;
            connections.release();
            connections.release();                            // BUG: one release too many
        });
    }
    // @end region=racy

    static CompletionStage<Void> query(AsyncSemaphore connections, int[] inFlight) {
        return connections.withPermit(() -> {
            inFlight[0]++;
            return Tasks.sleep(Duration.ofMillis(5)).thenRun(() -> inFlight[0]--);
        });
    }

    private CompletionStage<?> pool(RaceRun run, AsyncSemaphore connections) {
        int[] inFlight = {0};
        run.invariant("at most 2 queries in flight", () -> inFlight[0] <= 2);
        EventLoop loop = run.loop();
        List<io.github.loopsync.loop.LoopFuture<Void>> tasks = new ArrayList<>();
        tasks.add(loop.createTask("buggy", () -> overRelease(connections, inFlight)));
        for (String name : List.of("Q1", "Q2", "Q3")) {
            // The queries arrive after the buggy task is done.
            tasks.add(loop.createTask(name, () -> Tasks.sleep(Duration.ofMillis(10))
                    .thenCompose(v -> query(connections, inFlight))));
        }
        return Tasks.gather(tasks);
    }

    // @start region=fixed
    static CompletionStage<Void> overRelease(AsyncSemaphore connections, int[] inFlight) {
        return buggyQuery(connections, inFlight).exceptionally(failure -> {
            // With an AsyncBoundedSemaphore the second release throws IllegalStateException
            // ("released too many times") and changes nothing: the bug shows, the limit holds.
            return null;
        });
    }
    // @end region=fixed

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        return pool(run, new AsyncSemaphore(2));
    }

    /** Four tasks in any order are too many schedules; every schedule within 3 deviations is. */
    @Override
    public RaceOptions proveFixed() {
        return RaceOptions.defaults().strategy(Strategy.DELAY_BOUNDED).maxDelays(3).cancellations(0).maxSchedules(1_000);
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        return pool(run, new AsyncBoundedSemaphore(2));
    }
}
