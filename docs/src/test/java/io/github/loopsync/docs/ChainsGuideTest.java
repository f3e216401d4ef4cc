package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Loops;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.queue.AsyncQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/guide/event-loop.md's sections on loops without recursion and on
 * try/catch/finally in a chain, run as tests; the page shows their regions verbatim.
 */
class ChainsGuideTest {

    /** A queue worker drains a hundred thousand ready items without growing the stack. */
    @Test
    void queueWorker() {
        // @start region=loops-worker
        try (EventLoop loop = EventLoop.builder().build()) {
            AsyncQueue<Integer> jobs = new AsyncQueue<>();
            for (int i = 1; i <= 100_000; i++) {
                jobs.putNowait(i);                 // all ready at once: taken in a plain loop
            }
            jobs.shutdown();                       // the worker stops once it has drained them
            long[] sum = {0};
            loop.runUntilComplete(() -> Loops.forEach(jobs, job -> {
                sum[0] += job;
                return loop.done();
            }));
            assertEquals(5_000_050_000L, sum[0]);
        }
        // @end region=loops-worker
    }

    /** A poll loop: check once a second until the service is up. */
    @Test
    void pollUntilReady() {
        // @start region=loops-while
        VirtualClock clock = VirtualClock.autoAdvancing();
        try (EventLoop loop = EventLoop.builder().clock(clock).build()) {
            int[] checks = {0};
            boolean[] up = {false};
            loop.runUntilComplete(() -> Loops.repeatWhile(() -> !up[0], () ->
                    Tasks.sleep(Duration.ofSeconds(1))
                         .thenRun(() -> up[0] = ++checks[0] == 5)));   // pretend it answers the 5th time
            assertEquals(Duration.ofSeconds(5), clock.now());
        }
        // @end region=loops-while
    }

    private static CompletionStage<String> download(String page) {
        return Tasks.sleep(Duration.ofSeconds(page.length())).thenApply(v -> page + " downloaded");
    }

    /** A bounded map: two downloads at a time, results in input order. */
    @Test
    void boundedMap() {
        // @start region=loops-map
        VirtualClock clock = VirtualClock.autoAdvancing();
        try (EventLoop loop = EventLoop.builder().clock(clock).build()) {
            List<String> pages = loop.runUntilComplete(() ->
                    Loops.map(List.of("dddd", "a", "bb", "ccc"), 2, page -> download(page)));  // 2 at a time
            assertEquals(List.of("dddd downloaded", "a downloaded", "bb downloaded", "ccc downloaded"), pages);
            assertEquals(Duration.ofSeconds(6), clock.now());   // dddd beside a, then bb, then ccc
        }
        // @end region=loops-map
    }

    // @start region=rethrow
    /** Fetches the archive within 2 s, logging how it went and passing any failure on as itself. */
    static CompletionStage<String> fetchArchive(List<String> log) {
        return Tasks.waitFor(() -> download("archive"), Duration.ofSeconds(2))
                .handle((page, failure) -> {
                    log.add(failure == null ? "got " + page : "failed: " + Tasks.unwrap(failure));
                    if (failure != null) {
                        throw Chains.rethrow(failure);   // the same TimeoutException, not a wrapper
                    }
                    return page;
                });
    }
    // @end region=rethrow

    /** rethrow inside handle passes the failure on as itself. */
    @Test
    void rethrowInHandle() {
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            List<String> log = new ArrayList<>();
            CompletionStage<String> archive = loop.createTask(() -> fetchArchive(log));
            loop.runUntilIdle();
            Throwable[] seen = new Throwable[1];
            archive.whenComplete((page, failure) -> seen[0] = failure);
            Throwable timeout = Tasks.unwrap(seen[0]);
            assertEquals(TimeoutException.class, timeout.getClass());
            assertEquals(List.of("failed: " + timeout), log);
            assertSame(timeout, seen[0] == timeout ? seen[0] : seen[0].getCause(), "at most one wrapper");
        }
    }
}
