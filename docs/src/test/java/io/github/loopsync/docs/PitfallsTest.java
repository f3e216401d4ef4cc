package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.sync.AsyncLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/pitfalls.md, run as tests; the page shows their regions verbatim. */
class PitfallsTest {

    // @start region=recursion
    /** WRONG with CompletableFuture: each step is already complete, so it runs inside the previous one. */
    static CompletableFuture<Integer> countDown(int n) {
        return n == 0 ? CompletableFuture.completedFuture(0)
                : CompletableFuture.completedFuture(n - 1).thenCompose(PitfallsTest::countDown);
    }

    /** The same recursion over loop futures: dependents nest 32 deep, then continue through the loop. */
    static CompletionStage<Integer> countDownOnLoop(int n) {
        EventLoop loop = EventLoop.current();
        return n == 0 ? loop.completedFuture(0)
                : loop.completedFuture(n - 1).thenCompose(PitfallsTest::countDownOnLoop);
    }
    // @end region=recursion

    /** A recursion of a hundred thousand ready steps overflows the stack over CompletableFuture, not over loop futures. */
    @Test
    void recursionOverReadyStepsOverflowsOnlyOverCompletableFuture() {
        CompletableFuture<Integer> plain = countDown(100_000);
        assertTrue(plain.isCompletedExceptionally());
        assertInstanceOf(StackOverflowError.class, assertThrows(CompletionException.class, plain::join).getCause());
        try (EventLoop loop = EventLoop.builder().build()) {
            assertEquals(0, loop.runUntilComplete(() -> countDownOnLoop(100_000)));
        }
    }

    // @start region=forgot-to-chain
    /** WRONG: the future of acquire() is dropped, so the update runs whether or not the lock was free. */
    static CompletionStage<Void> depositForgetful(AsyncLock lock, int[] balance, int amount) {
        lock.acquire();                                      // returns at once; nothing waits for it
        int before = balance[0];
        return Tasks.sleep(Duration.ofMillis(10))            // another task runs here
                .thenRun(() -> {
                    balance[0] = before + amount;
                    lock.release();
                });
    }
    // @end region=forgot-to-chain

    // @start region=chained
    /** Right: the update is chained on the lock, so it runs only while this task holds it. */
    static CompletionStage<Void> deposit(AsyncLock lock, int[] balance, int amount) {
        return lock.withLock(() -> {
            int before = balance[0];
            return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> balance[0] = before + amount);
        });
    }
    // @end region=chained

    /**
     * Two deposits of 10: the forgetful version loses one (and its second release is refused),
     * the chained one keeps both.
     */
    @Test
    void forgettingToChainLosesAnUpdate() {
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncLock lock = new AsyncLock();
            int[] balance = {0};
            Task<Void> first = loop.createTask(() -> depositForgetful(lock, balance, 10));
            Task<Void> second = loop.createTask(() -> depositForgetful(lock, balance, 10));
            loop.runUntilIdle();
            assertEquals(10, balance[0], "both read 0 before either wrote");
            first.join();
            Throwable refused = assertThrows(CompletionException.class, second::join).getCause();
            assertInstanceOf(IllegalStateException.class, refused);
            assertTrue(refused.getMessage().contains("a second release would free two waiters"), refused.getMessage());
            loop.runUntilIdle();
            assertTrue(lock.isLocked(), "the dropped acquire() got the lock, and nobody will release it");
            AsyncLock fresh = new AsyncLock();
            balance[0] = 0;
            loop.runUntilComplete(() -> Tasks.gather(
                    loop.createTask(() -> deposit(fresh, balance, 10)),
                    loop.createTask(() -> deposit(fresh, balance, 10))));
            assertEquals(20, balance[0]);
            assertFalse(fresh.isLocked());
        }
    }

    // @start region=blocking
    /** Reads a file without stalling the loop: the blocking read runs on a pool thread. */
    static CompletionStage<String> readConfig(Path file, ExecutorService pool) {
        return EventLoop.current().runInExecutor(pool, () -> Files.readString(file, StandardCharsets.UTF_8));
    }
    // @end region=blocking

    /** The read runs off the loop and its result is delivered on the loop. */
    @Test
    @Timeout(30)
    void blockingWorkRunsInAnExecutor() throws IOException {
        Path file = Files.createTempFile("config", ".txt");
        Files.writeString(file, "port=8080", StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (EventLoop loop = EventLoop.builder().build()) {
            String[] deliveredOn = new String[1];
            String text = loop.runUntilComplete(() -> readConfig(file, pool).thenApply(read -> {
                deliveredOn[0] = Thread.currentThread().getName();
                return read;
            }));
            assertEquals("port=8080", text);
            assertEquals(Thread.currentThread().getName(), deliveredOn[0], "delivered on the loop's thread");
        } finally {
            pool.shutdown();
            Files.delete(file);
        }
    }
}
