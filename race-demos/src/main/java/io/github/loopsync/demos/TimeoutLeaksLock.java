package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Demo 10: a reader puts its timeout on a stage derived from {@code acquire()} instead of on the
 * wait itself. The timeout abandons the derived stage but leaves the wait queued; the lock is later
 * granted to the abandoned wait, and the release that lived in the derived stage never runs. The
 * fix puts the timeout on the future {@code acquire()} returns, which withdraws the wait (and hands
 * on a grant that was not yet delivered). A loopsync-specific pitfall of chaining on
 * {@code CompletionStage}s; asyncio has the same hazard with {@code wait_for} around a wrapper
 * coroutine that does not propagate cancellation.
 */
public final class TimeoutLeaksLock implements Demo {

    @Override
    public String id() {
        return "timeout-leaks-lock";
    }

    @Override
    public String title() {
        return "A timeout on a derived stage leaks a lock";
    }

    @Override
    public String story() {
        return "A cache is refreshed under a lock. An impatient reader waits at most 5 ms for the lock and "
                + "otherwise serves a stale answer; a later reader waits as long as it takes.";
    }

    @Override
    public String reference() {
        return "loopsync pitfall: timeouts on derived stages (see docs/guide/event-loop.md, cancellation)";
    }

    static final class Cache {
        final AsyncLock lock = new AsyncLock();
        String value = "v1";

        String readAndRelease() {
            try {
                return value;
            } finally {
                lock.release();
            }
        }

        CompletionStage<Void> refresh() {
            return lock.withLock(() -> Tasks.sleep(Duration.ofMillis(20)).thenRun(() -> value = "v2"));
        }
    }

    // @start region=racy
    static CompletionStage<String> racyRead(Cache cache) {
        return cache.lock.acquire()
                .thenApply(v -> cache.readAndRelease())        // the release lives in a derived stage
                .orTimeout(5, TimeUnit.MILLISECONDS)           // times out that stage, not the wait
                .exceptionally(timedOut -> "stale");
    }
    // @end region=racy

    // @start region=fixed
    static CompletionStage<String> read(Cache cache) {
        return cache.lock.acquire()
                .orTimeout(5, TimeUnit.MILLISECONDS)           // times out the wait itself
                .thenApply(v -> cache.readAndRelease())
                .exceptionally(timedOut -> "stale");
    }
    // @end region=fixed

    private static CompletionStage<?> scenario(RaceRun run, boolean racy) {
        Cache cache = new Cache();
        EventLoop loop = run.loop();
        Task<Void> refresher = loop.createTask("refresher", cache::refresh);
        Task<String> impatient = loop.createTask("impatient", () -> Tasks.sleep(Duration.ofMillis(1))
                .thenCompose(v -> racy ? racyRead(cache) : read(cache)));
        Task<String> patient = loop.createTask("patient", () -> Tasks.sleep(Duration.ofMillis(30))
                .thenCompose(v -> cache.lock.withLock(() -> loop.completedFuture(cache.value))));
        return Tasks.gather(List.of(refresher, impatient, patient)).thenRun(() -> {
            check(impatient.join().equals("stale"), "the impatient reader got " + impatient.join());
            check(patient.join().equals("v2"), "the patient reader got " + patient.join());
        });
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        return scenario(run, true);
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        return scenario(run, false);
    }
}
