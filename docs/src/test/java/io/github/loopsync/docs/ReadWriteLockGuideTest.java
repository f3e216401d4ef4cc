package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.sync.AsyncCountDownLatch;
import io.github.loopsync.sync.AsyncOwnerCheckedLock;
import io.github.loopsync.sync.AsyncReadWriteLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The examples of the read-write lock, latch and owner-checked lock sections of
 * docs/primitives.md, run as tests; the page shows their regions verbatim.
 */
class ReadWriteLockGuideTest {

    // @start region=read-write-lock
    /** A price table that many dashboards read and one refresher rewrites. */
    static final class PriceTable {
        private final AsyncReadWriteLock lock = new AsyncReadWriteLock();
        private final Map<String, Integer> prices = new HashMap<>(Map.of("tea", 3));

        CompletionStage<Integer> price(String item) {
            return lock.withRead(() ->                          // readers share the lock
                    Tasks.sleep(Duration.ofMillis(10)).thenApply(v -> prices.get(item)));
        }

        CompletionStage<Void> refresh(Map<String, Integer> latest) {
            return lock.withWrite(() ->                         // the writer is alone
                    Tasks.sleep(Duration.ofMillis(5)).thenRun(() -> prices.putAll(latest)));
        }
    }
    // @end region=read-write-lock

    /** Two reads overlap; the refresh that arrives between them goes before a third read that arrives after it. */
    @Test
    void readersShareAndAWaitingWriterGoesFirst() {
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            PriceTable table = new PriceTable();
            List<String> log = new ArrayList<>();
            loop.createTask(() -> table.price("tea").thenAccept(p -> log.add("read " + p + " at " + loop.time() / 1_000_000 + " ms")));
            loop.createTask(() -> table.price("tea").thenAccept(p -> log.add("read " + p + " at " + loop.time() / 1_000_000 + " ms")));
            loop.createTask(() -> Tasks.sleep(Duration.ofMillis(1)).thenCompose(v -> table.refresh(Map.of("tea", 4))));
            loop.createTask(() -> Tasks.sleep(Duration.ofMillis(2)).thenCompose(v -> table.price("tea"))
                    .thenAccept(p -> log.add("read " + p + " at " + loop.time() / 1_000_000 + " ms")));
            loop.runUntilIdle();
            assertEquals(List.of("read 3 at 10 ms", "read 3 at 10 ms", "read 4 at 25 ms"), log);
        }
    }

    /** The service starts once all three caches have loaded. */
    @Test
    void latchReleasesEveryoneAtZero() {
        // @start region=latch
        List<String> log = new ArrayList<>();
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncCountDownLatch warmedUp = new AsyncCountDownLatch(3);      // three caches to load
            for (int cache = 1; cache <= 3; cache++) {
                long loadMillis = 10L * cache;
                loop.createTask(() -> Tasks.sleep(Duration.ofMillis(loadMillis)).thenRun(warmedUp::countDown));
            }
            for (String server : List.of("http", "grpc")) {
                loop.createTask(() -> warmedUp.await().thenRun(() -> log.add(server + " starts at " + loop.time() / 1_000_000 + " ms")));
            }
            loop.runUntilIdle();
            assertEquals(List.of("http starts at 30 ms", "grpc starts at 30 ms"), log);
            // A fourth countDown() would throw IllegalStateException: the count is already zero.
        }
        // @end region=latch
    }

    /** Only the task that holds an owner-checked lock may release it. */
    @Test
    void ownerCheckedLockRefusesAStranger() {
        // @start region=owner-checked-lock
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
            Task<Void> writer = loop.createTask("writer", () -> lock.acquire()
                    .thenCompose(held -> Tasks.sleep(Duration.ofMillis(10)))
                    .whenComplete((v, failure) -> lock.release()));            // the owner releases
            Task<Void> stranger = loop.createTask("stranger", () -> Tasks.sleep(Duration.ofMillis(5))
                    .thenRun(lock::release));                                   // not its lock
            loop.runUntilIdle();
            assertTrue(writer.isDone() && !writer.isCompletedExceptionally());
            CompletionException refused = assertThrows(CompletionException.class, stranger::join);
            assertEquals("release() of AsyncOwnerCheckedLock[locked by writer] by task stranger:"
                    + " only the task that holds it may release it", refused.getCause().getMessage());
        }
        // @end region=owner-checked-lock
    }

    /** The owner's release after a foreign future runs outside the task unless the task adopts that future. */
    @Test
    void ownerCheckedLockAndAForeignFuture() {
        // @start region=owner-checked-foreign-future
        try (EventLoop loop = EventLoop.builder().build()) {
            CompletableFuture<String> reply = new CompletableFuture<>();   // another library's future
            AsyncOwnerCheckedLock wrong = new AsyncOwnerCheckedLock();
            AsyncOwnerCheckedLock right = new AsyncOwnerCheckedLock();
            Task<String> refused = loop.createTask("refused", () -> wrong.acquire()
                    .thenCompose(held -> reply)                              // resumes where reply completes: no task
                    .whenComplete((answer, failure) -> wrong.release()));    // refused: "outside any task"
            Task<String> adopted = loop.createTask("adopted", () -> right.acquire()
                    .thenCompose(held -> loop.wrap(reply))                   // adopted: resumes as task adopted
                    .whenComplete((answer, failure) -> right.release()));    // the owner releases
            loop.callSoon(() -> reply.complete("sent"));                     // completed by a plain callback
            loop.runUntilIdle();
            CompletionException failure = assertThrows(CompletionException.class, refused::join);
            assertTrue(failure.getCause().getMessage().contains("outside any task"));
            assertTrue(wrong.isLocked());                                    // still held by task refused
            assertEquals("sent", adopted.join());
            assertFalse(right.isLocked());
        }
        // @end region=owner-checked-foreign-future
    }
}
