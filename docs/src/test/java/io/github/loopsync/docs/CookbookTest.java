package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

// @start region=imports
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Loops;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncSemaphore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
// @end region=imports
import io.github.loopsync.loop.spi.VirtualClock;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The recipes of docs/cookbook.md, run as tests on a virtual clock; the page shows their regions
 * verbatim. Network calls are faked with virtual-time sleeps.
 */
class CookbookTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();

    private EventLoop newLoop() {
        return EventLoop.builder().clock(clock).build();
    }

    // ------------------------------------------------------------------ crawler

    // @start region=crawler
    /** Crawls from {@code start}, at most {@code limit} fetches at a time; returns every page seen. */
    static CompletionStage<Set<String>> crawl(String start, int limit,
            Function<String, CompletionStage<List<String>>> fetchLinks) {
        Set<String> seen = new LinkedHashSet<>(List.of(start));
        AsyncQueue<String> frontier = new AsyncQueue<>();
        frontier.putNowait(start);
        for (int i = 0; i < limit; i++) {                   // limit workers share the frontier
            EventLoop.current().createTask(() -> Loops.forEach(frontier, page ->
                    fetchLinks.apply(page).thenAccept(links -> links.stream()
                            .filter(seen::add)                // a page is queued once
                            .forEach(frontier::putNowait))));
        }
        return frontier.join().thenApply(allDone -> {       // every queued page fetched
            frontier.shutdown();                            // the workers end
            return seen;
        });
    }
    // @end region=crawler

    /** The crawler visits every reachable page once and never runs more than `limit` fetches at once. */
    @Test
    void crawlerBoundsConcurrency() {
        Map<String, List<String>> site = Map.of(
                "/", List.of("/a", "/b", "/c", "/d"),
                "/a", List.of("/", "/e"), "/b", List.of("/e", "/f"),
                "/c", List.of(), "/d", List.of("/g"), "/e", List.of(), "/f", List.of("/a"), "/g", List.of());
        int[] inFlight = {0};
        int[] mostInFlight = {0};
        List<String> fetched = new ArrayList<>();
        Function<String, CompletionStage<List<String>>> fetchLinks = page -> {
            fetched.add(page);
            mostInFlight[0] = Math.max(mostInFlight[0], ++inFlight[0]);
            return Tasks.sleep(Duration.ofMillis(100)).thenApply(done -> {
                inFlight[0]--;
                return site.get(page);
            });
        };
        try (EventLoop loop = newLoop()) {
            Set<String> seen = loop.runUntilComplete(() -> crawl("/", 3, fetchLinks));
            assertEquals(Set.of("/", "/a", "/b", "/c", "/d", "/e", "/f", "/g"), seen);
            assertEquals(8, fetched.size(), "each page fetched once: " + fetched);
            assertEquals(3, mostInFlight[0]);
            assertEquals(Duration.ofMillis(400), clock.now(), "/, then a b c, then d e f, then g");
            loop.runUntilIdle();
            assertTrue(loop.tasks().isEmpty(), "the workers ended: " + loop.tasks());
        }
    }

    // ------------------------------------------------------------------ connection pool

    // @start region=pool
    /** A fixed set of connections lent to one task at a time; borrowers queue first come, first served. */
    static final class Pool<C> {
        private final Deque<C> idle;
        private final AsyncSemaphore available;

        Pool(List<C> connections) {
            this.idle = new ArrayDeque<>(connections);
            this.available = new AsyncSemaphore(connections.size());
        }

        /** Runs {@code work} with a connection, and takes the connection back however the work ends. */
        <T> CompletionStage<T> withConnection(Function<C, CompletionStage<T>> work) {
            return available.withPermit(() -> {              // waits while every connection is out
                C connection = idle.pop();
                return Chains.ensure(work.apply(connection), () -> idle.push(connection));
            });
        }
    }
    // @end region=pool

    /** Five queries share two connections: two at a time, each connection returned, even after a failure. */
    @Test
    void poolLendsEachConnectionToOneTaskAtATime() {
        try (EventLoop loop = newLoop()) {
            List<String> log = new ArrayList<>();
            List<String> results = loop.runUntilComplete(() -> {
                Pool<String> pool = new Pool<>(List.of("conn-1", "conn-2"));
                List<CompletionStage<String>> queries = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    int query = i;
                    queries.add(pool.withConnection(connection -> {
                        log.add("query " + query + " on " + connection + " at " + clock.now().toSeconds() + " s");
                        return Tasks.sleep(Duration.ofSeconds(1)).thenApply(done -> {
                            if (query == 2) {
                                throw new UncheckedIOException(new IOException("query 2 failed"));
                            }
                            return "result " + query;
                        });
                    }).exceptionally(failure -> "failed: " + Tasks.unwrap(failure).getCause().getMessage()));
                }
                return Tasks.gather(queries);
            });
            assertEquals(List.of("result 1", "failed: query 2 failed", "result 3", "result 4", "result 5"), results);
            assertEquals(List.of("query 1 on conn-1 at 0 s", "query 2 on conn-2 at 0 s", "query 3 on conn-2 at 1 s",
                    "query 4 on conn-1 at 1 s", "query 5 on conn-1 at 2 s"), log);
        }
    }

    /** A borrower cancelled while it waits for a connection takes none, and the others are served. */
    @Test
    void cancelledBorrowerTakesNoConnection() {
        try (EventLoop loop = newLoop()) {
            Pool<String> pool = new Pool<>(List.of("only"));
            List<String> used = new ArrayList<>();
            Task<String> first = loop.createTask(() -> pool.withConnection(c -> Tasks.sleep(Duration.ofSeconds(1))
                    .thenApply(done -> c)));
            Task<String> impatient = loop.createTask(() -> pool.withConnection(c -> {
                used.add("impatient");
                return loop.completedFuture(c);
            }));
            Task<String> patient = loop.createTask(() -> pool.withConnection(c -> {
                used.add("patient");
                return loop.completedFuture(c);
            }));
            loop.runOnce();
            impatient.cancel();
            loop.runUntilIdle();
            assertEquals("only", first.join());
            assertTrue(impatient.isCancelled());
            assertEquals("only", patient.join());
            assertEquals(List.of("patient"), used);
        }
    }

    // ------------------------------------------------------------------ rate limiter

    // @start region=rate-limiter
    /** Lets at most {@code permits} calls start in any window of {@code period}. */
    static final class RateLimiter {
        private final AsyncSemaphore starts;
        private final Duration period;

        RateLimiter(int permits, Duration period) {
            this.starts = new AsyncSemaphore(permits);
            this.period = period;
        }

        /** Starts {@code call} as soon as the rate allows; callers wait in arrival order. */
        <T> CompletionStage<T> submit(Supplier<? extends CompletionStage<T>> call) {
            return starts.acquire().thenCompose(granted -> {
                EventLoop.current().callLater(period, starts::release);   // the start counts for one period
                return call.get();
            });
        }
    }
    // @end region=rate-limiter

    /** Ten calls through a limit of three per second start at 0, 0, 0, 1, 1, 1, 2, 2, 2 and 3 s. */
    @Test
    void rateLimiterSpacesCallsOut() {
        try (EventLoop loop = newLoop()) {
            List<Long> startedAt = loop.runUntilComplete(() -> {
                RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(1));
                List<CompletionStage<Long>> calls = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    calls.add(limiter.submit(() -> loop.completedFuture(clock.now().toSeconds())));
                }
                return Tasks.gather(calls);
            });
            assertEquals(List.of(0L, 0L, 0L, 1L, 1L, 1L, 2L, 2L, 2L, 3L), startedAt);
        }
    }

    // ------------------------------------------------------------------ publish/subscribe

    // @start region=pubsub
    /** Every message published reaches every current subscriber, in order; each reads at its own pace. */
    static final class Topic<M> {
        private final List<AsyncQueue<M>> inboxes = new ArrayList<>();

        /** A new subscriber's inbox: it receives the messages published from now on. */
        AsyncQueue<M> subscribe() {
            AsyncQueue<M> inbox = new AsyncQueue<>();
            inboxes.add(inbox);
            return inbox;
        }

        void publish(M message) {
            inboxes.forEach(inbox -> inbox.putNowait(message));
        }

        /** Subscribers read what is left, then their loops end. */
        void close() {
            inboxes.forEach(AsyncQueue::shutdown);
        }
    }
    // @end region=pubsub

    // @start region=pubsub-use
    /** A fast and a slow reader of one topic: each gets every price, in order, at its own pace. */
    static CompletionStage<List<Void>> readPrices(List<String> fast, List<String> slow) {
        Topic<String> prices = new Topic<>();
        CompletionStage<Void> fastReader = Loops.forEach(prices.subscribe(), price -> {
            fast.add(price);
            return Tasks.yieldNow();
        });
        CompletionStage<Void> slowReader = Loops.forEach(prices.subscribe(), price ->
                Tasks.sleep(Duration.ofSeconds(1)).thenRun(() -> slow.add(price)));
        prices.publish("AAPL 190");
        prices.publish("MSFT 410");
        prices.close();                                   // both readers finish the backlog, then end
        return Tasks.gather(fastReader, slowReader);
    }
    // @end region=pubsub-use

    /** Two subscribers, a fast and a slow one, each receive every message in order; close ends both. */
    @Test
    void everySubscriberGetsEveryMessage() {
        try (EventLoop loop = newLoop()) {
            List<String> fast = new ArrayList<>();
            List<String> slow = new ArrayList<>();
            loop.runUntilComplete(() -> readPrices(fast, slow));
            assertEquals(List.of("AAPL 190", "MSFT 410"), fast);
            assertEquals(List.of("AAPL 190", "MSFT 410"), slow);
            assertEquals(Duration.ofSeconds(2), clock.now());
        }
    }

    // ------------------------------------------------------------------ retry

    // @start region=retry
    /**
     * Calls {@code attempt} until it succeeds, pausing {@code firstPause}, then twice as long after
     * each {@code IOException}, all within {@code deadline} (then: {@code TimeoutException}).
     */
    static <T> CompletionStage<T> retry(Supplier<? extends CompletionStage<T>> attempt, Duration firstPause,
            Duration deadline) {
        return Tasks.timeout(deadline, scope -> retryAfter(attempt, firstPause));
    }

    private static <T> CompletionStage<T> retryAfter(Supplier<? extends CompletionStage<T>> attempt, Duration pause) {
        return attempt.get().exceptionallyCompose(Chains.catchingCompose(IOException.class, failed ->
                Tasks.sleep(pause).thenCompose(slept -> retryAfter(attempt, pause.multipliedBy(2)))));
    }
    // @end region=retry

    /** A call that fails three times succeeds on the fourth try, after pauses of 1, 2 and 4 s. */
    @Test
    void retrySucceedsAfterBackoff() {
        try (EventLoop loop = newLoop()) {
            List<Long> triedAt = new ArrayList<>();
            String answer = loop.runUntilComplete(() -> retry(() -> {
                triedAt.add(clock.now().toSeconds());
                return triedAt.size() < 4 ? loop.failedFuture(new IOException("unavailable"))
                        : loop.completedFuture("answer");
            }, Duration.ofSeconds(1), Duration.ofSeconds(30)));
            assertEquals("answer", answer);
            assertEquals(List.of(0L, 1L, 3L, 7L), triedAt);
        }
    }

    /** A call that keeps failing stops at the deadline with a TimeoutException, its pending pause cancelled. */
    @Test
    void retryStopsAtTheDeadline() {
        try (EventLoop loop = newLoop()) {
            int[] tries = {0};
            CompletionException thrown = assertThrows(CompletionException.class, () ->
                    loop.runUntilComplete(() -> retry(() -> {
                        tries[0]++;
                        return loop.failedFuture(new IOException("unavailable"));
                    }, Duration.ofSeconds(1), Duration.ofSeconds(10))));
            assertInstanceOf(TimeoutException.class, thrown.getCause());
            assertEquals(4, tries[0], "tried at 0, 1, 3 and 7 s; the pause until 15 s was cut off at 10 s");
            assertEquals(Duration.ofSeconds(10), clock.now());
            assertEquals(0, loop.pendingTimers());
        }
    }

    /** Any other failure is not retried: it surfaces at once, as itself. */
    @Test
    void retryDoesNotRetryOtherFailures() {
        try (EventLoop loop = newLoop()) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () ->
                    loop.runUntilComplete(() -> retry(() -> loop.failedFuture(new IllegalArgumentException("bad request")),
                            Duration.ofSeconds(1), Duration.ofSeconds(10))));
            assertEquals("bad request", thrown.getMessage());
            assertEquals(Duration.ZERO, clock.now());
        }
    }

    // ------------------------------------------------------------------ graceful shutdown

    // @start region=shutdown
    /** Stops taking jobs, lets the workers finish the queued ones within {@code grace}, then cancels them. */
    static CompletionStage<String> shutDownGracefully(AsyncQueue<?> jobs, List<Task<Void>> workers, Duration grace) {
        jobs.shutdown();                                        // new jobs are refused; workers drain, then end
        return Tasks.waitFor(Tasks.gather(workers), grace)      // on timeout, waitFor cancels the workers
                .handle((finished, failure) -> failure == null ? "drained" : "cut off after " + grace.toMillis() + " ms");
    }
    // @end region=shutdown

    private static List<Task<Void>> startWorkers(EventLoop loop, AsyncQueue<Integer> jobs, List<String> log) {
        List<Task<Void>> workers = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            int worker = w;
            workers.add(loop.createTask(() -> Loops.forEach(jobs, job -> Tasks.sleep(Duration.ofSeconds(1))
                    .thenRun(() -> log.add("worker " + worker + " did job " + job)))));
        }
        return workers;
    }

    /** With enough grace, every queued job is done and the workers end on their own. */
    @Test
    void shutdownDrainsWithinGrace() {
        try (EventLoop loop = newLoop()) {
            List<String> log = new ArrayList<>();
            AsyncQueue<Integer> jobs = new AsyncQueue<>();
            String outcome = loop.runUntilComplete(() -> {
                List<Task<Void>> workers = startWorkers(loop, jobs, log);
                for (int job = 1; job <= 5; job++) {
                    jobs.putNowait(job);
                }
                return shutDownGracefully(jobs, workers, Duration.ofSeconds(10));
            });
            assertEquals("drained", outcome);
            assertEquals(5, log.size());
            assertEquals(Duration.ofSeconds(3), clock.now());
            assertThrows(IllegalStateException.class, () -> jobs.putNowait(6), "refused after shutdown");
        }
    }

    /** With too little grace, the workers are cancelled mid-job and nothing runs after the deadline. */
    @Test
    void shutdownCutsOffAtTheDeadline() {
        try (EventLoop loop = newLoop()) {
            List<String> log = new ArrayList<>();
            AsyncQueue<Integer> jobs = new AsyncQueue<>();
            List<Task<Void>> workers = new ArrayList<>();
            String outcome = loop.runUntilComplete(() -> {
                workers.addAll(startWorkers(loop, jobs, log));
                for (int job = 1; job <= 5; job++) {
                    jobs.putNowait(job);
                }
                return shutDownGracefully(jobs, workers, Duration.ofMillis(1_500));
            });
            assertEquals("cut off after 1500 ms", outcome);
            assertEquals(List.of("worker 1 did job 1", "worker 2 did job 2"), log);
            assertTrue(workers.stream().allMatch(Task::isCancelled));
            assertThrows(CancellationException.class, workers.get(0)::join);
            assertEquals(Duration.ofMillis(1_500), clock.now());
        }
    }
}
