package io.github.loopsync.demos;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.sync.AsyncLock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Demo 24: a web server's page statistics belong to its event loop, which records the hits of the
 * two report pages it serves; two pool threads, each exporting one of the reports for the same
 * server, record their hits of that page by touching the loop's {@link HashMap} directly, and the
 * loop's updates and theirs overwrite each other. Reaching for the loop's {@link AsyncLock}
 * from a pool thread does not help: loopsync refuses the call with an {@link
 * IllegalStateException}. The fix hands each update to the loop with {@link EventLoop#execute},
 * so only the loop's thread ever touches the map. Re-expresses listings 7.13–7.15 of Fowler,
 * <i>Python Concurrency with asyncio</i> (state that only the loop's thread modifies, updated from
 * other threads through {@code call_soon_threadsafe}), never copied.
 */
public final class ThreadLoopConfined implements ThreadDemo {

    @Override
    public Optional<String> jcstressTests() {
        return Optional.of("Inbox_01_EachPostRunsOnce");     // the hand-off the fix relies on
    }

    /** Hits each party records in one run. */
    static final int HITS = 200_000;
    /** Runs per command-line invocation. */
    static final int RUNS = 10;

    @Override
    public String id() {
        return "thread-loop-confined";
    }

    @Override
    public String title() {
        return "Loop-confined state touched from a thread pool";
    }

    @Override
    public String story() {
        return "An event loop serves two report pages and counts their hits in a map it owns. Two pool threads "
                + "export one report each for the same server and count their hits of that page in the same map, directly.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listings 7.13-7.15 (re-expressed)";
    }

    /** The loop's statistics: plain fields, like all loop-confined state. */
    // @start region=stats
    static final class PageStats {
        final Map<String, Integer> hits = new HashMap<>(Map.of("report-1", 0, "report-2", 0));

        void record(String page) {
            hits.merge(page, 1, Integer::sum);
        }

        int total() {
            return hits.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
    // @end region=stats

    /** How a pool thread records one hit. */
    interface Recorder {
        void record(EventLoop loop, PageStats stats, String page);
    }

    // @start region=racy
    static void recordFromPool(EventLoop loop, PageStats stats, String page) {
        stats.record(page);                       // the loop's map, touched on a pool thread
    }
    // @end region=racy

    // @start region=fixed
    static void recordOnLoop(EventLoop loop, PageStats stats, String page) {
        loop.execute(() -> stats.record(page));   // hand the update to the loop's thread
    }
    // @end region=fixed

    /**
     * One run: the loop records {@link #HITS} hits, alternately of "report-1" and "report-2", while
     * pool thread i records {@link #HITS} hits of "report-i" through {@code recorder}; returns the
     * total the loop then sees. No two pool threads share an entry: every lost hit is a write of
     * the loop's racing a write of a pool thread.
     */
    static int oneRun(Recorder recorder) throws InterruptedException {
        EventLoop loop = EventLoop.builder().name("server-loop").start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            PageStats stats = new PageStats();
            Runnable startTogether = Together.startingLine(3);    // the loop and the two pool threads
            CompletableFuture<Void> served = loop.submit(() -> {
                startTogether.run();
                for (int i = 0; i < HITS; i++) {
                    stats.record(i % 2 == 0 ? "report-1" : "report-2");  // the loop's own hits, on its thread
                }
                return loop.done();
            });
            Function<String, Runnable> export = page -> () -> {
                startTogether.run();
                for (int i = 0; i < HITS; i++) {
                    recorder.record(loop, stats, page);
                }
            };
            List<Future<?>> rendered = List.of(pool.submit(export.apply("report-1")), pool.submit(export.apply("report-2")));
            for (Future<?> job : rendered) {
                job.get();
            }
            served.get();
            return loop.submit(() -> loop.completedFuture(stats.total())).get();
        } catch (ExecutionException failed) {
            throw new AssertionError("a party failed", failed.getCause());
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            loop.close();
        }
    }

    /**
     * What a pool thread gets when it tries to guard the statistics with an {@link AsyncLock} the
     * loop created: the refusal's type and message, or a sentence saying that nothing refused.
     */
    static String lockFromPool() throws InterruptedException {
        EventLoop loop = EventLoop.builder().name("server-loop").start();
        ExecutorService pool = Executors.newSingleThreadExecutor(job -> new Thread(job, "pool-thread"));
        try {
            AsyncLock lock = loop.submit(() -> loop.completedFuture(new AsyncLock())).get();
            pool.submit(() -> lock.acquire()).get();
            return "acquire() returned on the pool thread: the loop-confined lock did not refuse it";
        } catch (ExecutionException refused) {
            Throwable cause = refused.getCause();
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            loop.close();
        }
    }

    private static ThreadResult runs(Recorder recorder, boolean showLock) throws InterruptedException {
        int expected = 3 * HITS;
        Histogram histogram = new Histogram()
                .outcome(Histogram.grouped(expected), "exact: every hit counted")
                .outcome("lost some", "hits lost: the loop and a pool thread updated the same entry at once");
        int lowest = Integer.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            int total = oneRun(recorder);
            lowest = Math.min(lowest, total);
            histogram.add(total == expected ? Histogram.grouped(expected) : "lost some");
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "hits counted by the loop after it recorded %,d and two pool threads %,d each, %d runs:%n", HITS, HITS, RUNS))
                .append(histogram.format())
                .append(String.format(Locale.ROOT, "lowest total: %,d (expected %,d)", lowest, expected));
        if (showLock) {
            report.append("\nand the loop's AsyncLock, acquired from a pool thread:\n  ").append(lockFromPool());
        }
        return histogram.verdict(Histogram.grouped(expected), report.toString());
    }

    @Override
    public ThreadResult racy() throws InterruptedException {
        return runs(ThreadLoopConfined::recordFromPool, true);
    }

    @Override
    public ThreadResult fixed() throws InterruptedException {
        return runs(ThreadLoopConfined::recordOnLoop, false);
    }
}
