package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.sync.AsyncBarrier;
import io.github.loopsync.sync.AsyncCondition;
import io.github.loopsync.sync.AsyncEvent;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The examples of docs/primitives.md, run as tests; the page shows their regions verbatim. */
class PrimitivesGuideTest {

    /** A stock that must never be oversold, with a slow database call inside the critical section. */
    // @start region=inventory
    static final class Inventory {
        private final AsyncLock lock = new AsyncLock();
        private final Map<String, Integer> stock = new HashMap<>();

        Inventory(String item, int count) {
            stock.put(item, count);
        }

        CompletionStage<Boolean> reserve(String item) {
            return lock.withLock(() -> {
                int left = stock.getOrDefault(item, 0);
                if (left == 0) {
                    return CompletableFuture.completedFuture(false);
                }
                return recordSale(item)                      // suspends: other tasks run here,
                        .thenApply(saved -> {                // but none enters this section
                            stock.put(item, left - 1);
                            return true;
                        });
            });
        }

        private CompletionStage<Void> recordSale(String item) {
            return Tasks.sleep(Duration.ofMillis(20));       // stands for a database write
        }
    }
    // @end region=inventory

    /** Two buyers race for the last book; exactly one gets it. */
    @Test
    void inventoryNeverOversells() {
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            Inventory inventory = new Inventory("book", 1);
            List<Boolean> sold = loop.runUntilComplete(() ->
                    Tasks.gather(inventory.reserve("book"), inventory.reserve("book")));
            assertEquals(List.of(true, false), sold);
        }
    }

    /** At most two requests in flight. */
    @Test
    void semaphoreLimitsConcurrency() {
        // @start region=semaphore
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            int[] inFlight = {0};
            int[] peak = {0};
            AsyncSemaphore connections = new AsyncSemaphore(2);      // two connections in the pool
            List<LoopFuture<String>> replies = new ArrayList<>();
            for (String query : List.of("a", "b", "c", "d", "e")) {
                replies.add(connections.withPermit(() -> {           // waits for a free connection
                    inFlight[0]++;
                    peak[0] = Math.max(peak[0], inFlight[0]);
                    return Tasks.sleep(Duration.ofMillis(10)).thenApply(done -> {
                        inFlight[0]--;
                        return "result of " + query;
                    });
                }));
            }
            loop.runUntilIdle();
            assertEquals(2, peak[0]);
            assertEquals("result of e", replies.get(4).join());
        }
        // @end region=semaphore
    }

    /** An event announces a one-time happening to any number of waiters. */
    @Test
    void eventWakesEveryone() {
        // @start region=event
        List<String> log = new ArrayList<>();
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncEvent uploaded = new AsyncEvent();
            for (String viewer : List.of("ann", "bob")) {
                loop.createTask(() -> uploaded.await().thenRun(() -> log.add(viewer + " sees the file")));
            }
            loop.createTask(() -> Tasks.sleep(Duration.ofSeconds(3)).thenRun(uploaded::set));
            loop.runUntilIdle();
            assertEquals(List.of("ann sees the file", "bob sees the file"), log);
        }
        // @end region=event
    }

    /** A condition with a predicate: consumers wait for items, a producer signals. */
    @Test
    void conditionWithPredicate() {
        // @start region=condition
        List<String> consumed = new ArrayList<>();
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncCondition changed = new AsyncCondition();
            Queue<String> items = new ArrayDeque<>();
            for (int i = 0; i < 2; i++) {
                loop.createTask(() -> changed.withLock(() ->
                        changed.awaitUntil(() -> !items.isEmpty())   // re-checked after every wake-up
                               .thenRun(() -> consumed.add(items.remove()))));
            }
            loop.createTask(() -> changed.withLock(() -> {
                items.add("first");
                items.add("second");
                changed.signalAll();
                return loop.done();
            }));
            loop.runUntilIdle();
            assertEquals(List.of("first", "second"), consumed);
        }
        // @end region=condition
    }

    /** A barrier starts three workers together. */
    @Test
    void barrierStartsTogether() {
        // @start region=barrier
        List<String> log = new ArrayList<>();
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncBarrier start = new AsyncBarrier(3);
            for (int worker = 1; worker <= 3; worker++) {
                Duration warmUp = Duration.ofSeconds(worker);
                loop.createTask(() -> Tasks.sleep(warmUp)
                        .thenCompose(ready -> start.await())
                        .thenRun(() -> log.add("go at " + Duration.ofNanos(loop.time()).toSeconds() + " s")));
            }
            loop.runUntilIdle();
            assertEquals(List.of("go at 3 s", "go at 3 s", "go at 3 s"), log);
        }
        // @end region=barrier
    }

    /** A waiter cancelled after the lock was handed to it passes the lock on. */
    @Test
    void grantPassesOn() {
        // @start region=grant-passes-on
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncLock lock = new AsyncLock();
            lock.tryAcquire();                                   // held by us
            LoopFuture<Void> first = lock.acquire();             // parked
            LoopFuture<Void> second = lock.acquire();            // parked behind it
            lock.release();                                      // handed to first; it has not resumed yet
            first.cancel(true);                                  // ... and now it never will
            loop.runUntilIdle();
            assertTrue(first.isCancelled());
            assertTrue(second.isDone());                         // the lock went on to second
            assertTrue(lock.isLocked());                         // held by second, not by nobody
        }
        // @end region=grant-passes-on
    }

    /** A primitive belongs to the loop of its first use; once that loop has closed, an idle one moves to the next loop, a held one is refused. */
    @Test
    void loopBinding() {
        // @start region=loop-binding
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore permits = new AsyncSemaphore(1);
        EventLoop first = EventLoop.builder().name("first").build();
        lock.tryAcquire();                                   // binds the lock to "first": any use does
        lock.release();                                      // ... and leaves it idle
        permits.tryAcquire();                                // binds the semaphore, keeps its permit
        first.close();

        EventLoop second = EventLoop.builder().name("second").build();   // same thread, new loop
        try {
            assertTrue(lock.tryAcquire());                   // idle: the lock moves to "second"
            IllegalStateException refused = assertThrows(IllegalStateException.class, permits::acquire);
            assertTrue(refused.getMessage().contains("which is closed"));   // a permit is still out on "first"
        } finally {
            second.close();
        }
        // @end region=loop-binding
    }
}
