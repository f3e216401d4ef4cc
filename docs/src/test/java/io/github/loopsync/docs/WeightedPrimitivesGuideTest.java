package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.sync.AsyncCapacityLimiter;
import io.github.loopsync.sync.AsyncWeightedSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of the AsyncWeightedSemaphore and AsyncCapacityLimiter sections of
 * docs/primitives.md, run as tests; the page shows their regions verbatim.
 */
class WeightedPrimitivesGuideTest {

    /** Jobs of different sizes share a memory budget; the large one is served in its turn. */
    @Test
    void weightedSemaphoreServesInArrivalOrder() {
        // @start region=weighted
        List<String> started = new ArrayList<>();
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncWeightedSemaphore memory = new AsyncWeightedSemaphore(8);     // 8 GiB for all jobs
            record Job(String name, int gigabytes) { }
            for (Job job : List.of(new Job("small-1", 3), new Job("small-2", 3), new Job("large", 8),
                    new Job("small-3", 1))) {
                loop.createTask(() -> memory.withPermits(job.gigabytes(), () -> {
                    started.add(job.name());
                    return Tasks.sleep(Duration.ofSeconds(1));
                }));
            }
            loop.runUntilIdle();
        }
        // 2 GiB were free while "large" waited, but "small-3" came later: it waits its turn.
        assertEquals(List.of("small-1", "small-2", "large", "small-3"), started);
        // @end region=weighted
    }

    /** A request that could never be served, and an over-release, are refused at once. */
    @Test
    void weightedSemaphoreRefusesImpossibleRequests() {
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            loop.runUntilComplete(() -> {
                // @start region=weighted-errors
                AsyncWeightedSemaphore memory = new AsyncWeightedSemaphore(8);
                assertThrows(IllegalArgumentException.class, () -> memory.acquire(9));   // more than the total
                assertTrue(memory.tryAcquire(5));
                assertThrows(IllegalStateException.class, () -> memory.release(6));    // only 5 are taken
                memory.release(5);
                // @end region=weighted-errors
                return loop.done();
            });
        }
    }

    /** The limiter lends one token per task, refuses misuse, and can grow while in use. */
    @Test
    void capacityLimiterTracksBorrowers() {
        // @start region=limiter
        List<String> log = new ArrayList<>();
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncCapacityLimiter downloads = new AsyncCapacityLimiter(2);      // two downloads at once
            for (String url : List.of("a", "b", "c", "d")) {
                loop.createTask("get-" + url, () -> downloads.withToken(() -> {
                    log.add(url + " with " + downloads.borrowedTokens() + " of " + downloads.totalTokens());
                    return Tasks.sleep(Duration.ofSeconds(1));
                }));
            }
            loop.callLater(Duration.ofMillis(500), () -> downloads.setTotalTokens(4));   // more bandwidth
            loop.runUntilIdle();
        }
        // c and d did not wait for a release: the raised total lent them both a token at 0.5 s.
        assertEquals(List.of("a with 1 of 2", "b with 2 of 2", "c with 4 of 4", "d with 4 of 4"), log);
        // @end region=limiter
    }

    /** A task that asks for a second token, or releases one it does not hold, is refused at once. */
    @Test
    void capacityLimiterRefusesMisuse() {
        // @start region=limiter-misuse
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(3);
            Task<Void> task = loop.createTask(() -> {
                LoopFuture<Void> first = limiter.acquire();                     // the borrower: this task
                assertThrows(IllegalStateException.class, limiter::acquire);     // a second token: refused
                assertThrows(IllegalStateException.class, () -> limiter.releaseOnBehalfOf("someone else"));
                Object upload = new Object();                                    // any object can borrow
                assertTrue(limiter.tryAcquireOnBehalfOf(upload));
                limiter.releaseOnBehalfOf(upload);
                return first.thenRun(limiter::release);
            });
            loop.runUntilIdle();
            assertTrue(task.isDone() && !task.isCompletedExceptionally());
            assertEquals(0, limiter.borrowedTokens());
        }
        // @end region=limiter-misuse
    }
}
