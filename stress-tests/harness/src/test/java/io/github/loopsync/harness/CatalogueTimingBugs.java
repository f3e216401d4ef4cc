package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The catalogue's timing bugs: code that is right whenever every timer fires on its deadline and
 * wrong when the loop wakes up a few milliseconds late, which only timer jitter (on by default)
 * explores. With timers on time every schedule of these scenarios passes.
 */
final class CatalogueTimingBugs {

    private CatalogueTimingBugs() {
    }

    static List<CatalogueBug> all() {
        return List.of(
                CatalogueBug.of("retry-after-late-timeout", "a 10 ms timeout fires in the same late wake-up as the "
                        + "8 ms reply; the retry charges the payment twice (needs timer jitter)",
                        CatalogueTimingBugs::retryAfterTimeout),
                new CatalogueBug("lease-renewed-late", "a 10 ms lease renewed every 8 ms lapses when the loop wakes "
                        + "up 5 ms late (needs timer jitter)",
                        run -> TimerJitterExploration.lease(run, 8), run -> TimerJitterExploration.lease(run, 4)));
    }

    /**
     * A client pays through a server with a 10 ms timeout and retries once on timeout. The server
     * charges the payment when its 8 ms of work are done, then replies. The naive server charges
     * every request it receives; the fixed one remembers the request's idempotency key.
     */
    private static Function<RaceRun, CompletionStage<?>> retryAfterTimeout(boolean idempotent) {
        return run -> {
            EventLoop loop = run.loop();
            Set<String> charged = new HashSet<>();
            int[] charges = {0};
            run.invariant("the payment is charged at most once", () -> charges[0] <= 1);
            Function<String, CompletionStage<String>> server = key -> {
                LoopFuture<String> reply = loop.createFuture();
                loop.callLater(Duration.ofMillis(8), () -> {
                    if (!idempotent || charged.add(key)) {
                        charges[0]++;                           // BUG unless idempotent: a retry charges again
                    }
                    reply.complete("paid");
                });
                return reply;
            };
            Supplier<CompletionStage<String>> pay = () -> Tasks.waitFor(() -> server.apply("order-1"), Duration.ofMillis(10));
            return loop.createTask("client", () -> pay.get().exceptionallyCompose(failure ->
                    Tasks.unwrap(failure) instanceof TimeoutException ? pay.get() : CompletableFuture.failedStage(failure)));
        };
    }
}
