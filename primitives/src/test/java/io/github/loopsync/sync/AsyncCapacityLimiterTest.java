package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.testing.LoopFixture;
import io.github.loopsync.testing.ProbeChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AsyncCapacityLimiter: borrowers, misuse refused at once, a total changed while in use, statistics, confinement. */
class AsyncCapacityLimiterTest extends LoopFixture {

    private final AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(2);

    /** The default borrower is the current task: it is listed while it holds, and its own release frees the token. */
    @Test
    void theCurrentTaskIsTheDefaultBorrower() {
        List<Object> seen = new ArrayList<>();
        Task<Void> task = loop.createTask("worker", () -> limiter.acquire().thenCompose(v -> {
            seen.addAll(limiter.borrowers());
            return Tasks.yieldNow();
        }).thenRun(limiter::release));
        settle();
        assertTrue(task.isDone() && !task.isCompletedExceptionally());
        assertEquals(List.of(task), seen);
        assertEquals(0, limiter.borrowedTokens());
    }

    /** A borrower that holds a token and asks again is refused at once; nothing changes. */
    @Test
    void aSecondTokenForAHolderIsRefused() {
        assertTrue(limiter.tryAcquireOnBehalfOf("job-1"));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> limiter.acquireOnBehalfOf("job-1"));
        assertTrue(thrown.getMessage().contains("job-1, which already holds a token"), thrown.getMessage());
        assertThrows(IllegalStateException.class, () -> limiter.tryAcquireOnBehalfOf(new String("job-1")),
                "borrowers are compared with equals");
        assertEquals(1, limiter.borrowedTokens());
        assertEquals(0, limiter.waiters());

        Throwable[] inTask = new Throwable[1];
        loop.createTask(() -> limiter.acquire().thenRun(() -> {
            try {
                limiter.acquire();
            } catch (IllegalStateException refused) {
                inTask[0] = refused;
            }
            limiter.release();
        }));
        settle();
        assertInstanceOf(IllegalStateException.class, inTask[0], "a task cannot take a second token either (Trio's RuntimeError)");
        assertEquals(List.of("job-1"), limiter.borrowers());
    }

    /** A borrower that waits for a token and asks again is refused at once; its first wait is unaffected. */
    @Test
    void aSecondTokenForAWaiterIsRefused() {
        assertTrue(limiter.tryAcquireOnBehalfOf("a"));
        assertTrue(limiter.tryAcquireOnBehalfOf("b"));
        LoopFuture<Void> waiting = limiter.acquireOnBehalfOf("c");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> limiter.acquireOnBehalfOf("c"));
        assertTrue(thrown.getMessage().contains("c, which already waits for a token"), thrown.getMessage());
        assertThrows(IllegalStateException.class, () -> limiter.withTokenOnBehalfOf("c", Tasks::yieldNow));
        assertEquals(1, limiter.waiters());
        limiter.releaseOnBehalfOf("a");
        settle();
        assertTrue(waiting.isDone() && !waiting.isCompletedExceptionally());
        assertEquals(List.of("b", "c"), limiter.borrowers());
    }

    /** A release by an object or a task that holds no token is refused at once and names the borrowers. */
    @Test
    void aReleaseByANonBorrowerIsRefused() {
        assertTrue(limiter.tryAcquireOnBehalfOf("holder"));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> limiter.releaseOnBehalfOf("stranger"));
        assertTrue(thrown.getMessage().contains("stranger, which holds no token of this limiter (expected: one of the borrowers [holder])"),
                thrown.getMessage());
        Throwable[] inTask = new Throwable[1];
        loop.createTask(() -> {
            try {
                limiter.release();
            } catch (IllegalStateException refused) {
                inTask[0] = refused;
            }
            return loop.done();
        });
        settle();
        assertInstanceOf(IllegalStateException.class, inTask[0], "a task that borrowed nothing cannot release");
        limiter.releaseOnBehalfOf("holder");
        assertThrows(IllegalStateException.class, () -> limiter.releaseOnBehalfOf("holder"), "released twice");
        assertEquals(0, limiter.borrowedTokens());
    }

    /** The task-based methods outside a task are refused and point to the explicit-borrower variants. */
    @Test
    void outsideATaskTheDefaultBorrowerIsRefused() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, limiter::acquire);
        assertTrue(thrown.getMessage().contains("use acquireOnBehalfOf"), thrown.getMessage());
        assertThrows(IllegalStateException.class, limiter::tryAcquire);
        assertThrows(IllegalStateException.class, limiter::release);
        assertThrows(IllegalStateException.class, () -> limiter.withToken(Tasks::yieldNow));
        assertThrows(NullPointerException.class, () -> limiter.acquireOnBehalfOf(null));
        assertThrows(NullPointerException.class, () -> limiter.withTokenOnBehalfOf("x", null));
        assertEquals(0, limiter.borrowedTokens());
        assertEquals(0, limiter.waiters());
    }

    /** Raising the total lends the new tokens to waiters at once, oldest first. */
    @Test
    void raisingTheTotalWakesWaitersInOrder() {
        assertTrue(limiter.tryAcquireOnBehalfOf("a"));
        assertTrue(limiter.tryAcquireOnBehalfOf("b"));
        for (String name : List.of("c", "d", "e")) {
            limiter.acquireOnBehalfOf(name).thenRun(() -> log(name));
        }
        limiter.setTotalTokens(4);
        assertEquals(List.of("a", "b", "c", "d"), limiter.borrowers(), "lent at once, before the waiters resume");
        assertEquals(1, limiter.waiters());
        settle();
        assertLog("c", "d");
        limiter.setTotalTokens(5);
        settle();
        assertLog("c", "d", "e");
        assertEquals(0, limiter.availableTokens());
    }

    /** Lowering the total takes no token back; waiters get one only once the lent tokens are below the new total. */
    @Test
    void loweringTheTotalNeverRevokes() {
        AsyncCapacityLimiter three = new AsyncCapacityLimiter(3);
        for (String name : List.of("a", "b", "c")) {
            assertTrue(three.tryAcquireOnBehalfOf(name));
        }
        LoopFuture<Void> waiter = three.acquireOnBehalfOf("d");
        three.setTotalTokens(1);
        assertEquals(3, three.borrowedTokens());
        assertEquals(0, three.availableTokens());
        assertEquals(1, three.totalTokens());
        three.releaseOnBehalfOf("a");
        three.releaseOnBehalfOf("b");
        assertEquals(List.of("c"), three.borrowers(), "one lent of a total of one: nothing free");
        assertEquals(1, three.waiters());
        three.releaseOnBehalfOf("c");
        settle();
        assertTrue(waiter.isDone() && !waiter.isCompletedExceptionally());
        assertEquals(List.of("d"), three.borrowers());
    }

    /** A total below 1 is refused, by the constructor and by the setter, which then changes nothing. */
    @Test
    void totalsBelowOneAreRefused() {
        assertEquals("totalTokens: 0 (expected: >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new AsyncCapacityLimiter(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> limiter.setTotalTokens(-3));
        assertEquals(2, limiter.totalTokens());
    }

    /** The statistics and toString follow tokens lent, free and waited for. */
    @Test
    void statisticsAndDescription() {
        assertEquals("AsyncCapacityLimiter[borrowed:0/2]", limiter.toString());
        assertTrue(limiter.tryAcquireOnBehalfOf("a"));
        assertEquals(1, limiter.borrowedTokens());
        assertEquals(1, limiter.availableTokens());
        assertTrue(limiter.tryAcquireOnBehalfOf("b"));
        assertFalse(limiter.tryAcquireOnBehalfOf("c"));
        limiter.acquireOnBehalfOf("c");
        assertEquals("AsyncCapacityLimiter[borrowed:2/2, waiters:1]", limiter.toString());
        assertEquals(0, limiter.availableTokens());
        assertEquals(1, limiter.waiters());
    }

    /** withToken gives the task's token back after success, failure and cancellation of its body. */
    @Test
    void withTokenReleasesOnEveryOutcome() {
        Task<String> ok = loop.createTask(() -> limiter.withToken(() -> Tasks.yieldNow().thenApply(v -> "ok")));
        Task<String> failed = loop.createTask(() -> limiter.withToken(
                () -> CompletableFuture.failedFuture(new IllegalStateException("x"))));
        settle();
        assertEquals("ok", ok.join());
        assertInstanceOf(IllegalStateException.class, assertThrows(CompletionException.class, failed::join).getCause());
        assertEquals(0, limiter.borrowedTokens());
        Task<Void> cancelled = loop.createTask(() -> limiter.withToken(() -> Tasks.sleep(Duration.ofHours(1))));
        loop.runOnce();
        assertEquals(List.of(cancelled), limiter.borrowers());
        cancelled.cancel();
        settle();
        assertTrue(cancelled.isCancelled());
        assertEquals(0, limiter.borrowedTokens());
        LoopFuture<String> onBehalf = limiter.withTokenOnBehalfOf("job", () -> Tasks.yieldNow().thenApply(v -> "done"));
        assertEquals(List.of("job"), limiter.borrowers());
        settle();
        assertEquals("done", onBehalf.join());
        assertEquals(0, limiter.borrowedTokens());
    }

    /** At most the total of tasks are inside at once, however many ask. */
    @Test
    void limitsConcurrencyToTheTotal() {
        int[] inside = {0};
        int[] peak = {0};
        for (int i = 0; i < 50; i++) {
            loop.createTask(() -> limiter.withToken(() -> {
                inside[0]++;
                peak[0] = Math.max(peak[0], inside[0]);
                return Tasks.sleep(Duration.ofMillis(3)).thenRun(() -> inside[0]--);
            }));
        }
        settle();
        assertEquals(2, peak[0]);
        assertEquals(0, limiter.borrowedTokens());
    }

    /** Use from a plain thread is refused; once bound, use from another loop is refused; nothing changes. */
    @Test
    @Timeout(10)
    void confinedToItsLoop() throws InterruptedException {
        assertInstanceOf(IllegalStateException.class, thrownOnOtherThread("plain-thread", () -> limiter.acquireOnBehalfOf("x")));
        assertTrue(limiter.tryAcquireOnBehalfOf("x"));
        Throwable thrown = thrownOnOtherThread("second-loop-thread", () -> {
            EventLoop second = EventLoop.builder().name("second-loop").build();
            try {
                limiter.setTotalTokens(5);
            } finally {
                second.close();
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("bound to"), thrown.getMessage());
        assertEquals(2, limiter.totalTokens());
        limiter.releaseOnBehalfOf("x");
    }

    /** 100,000 parked borrowers, all cancelled, leave nothing behind; 100,000 more are all served in turn. */
    @Test
    void manyWaiters() {
        assertTrue(limiter.tryAcquireOnBehalfOf("a"));
        assertTrue(limiter.tryAcquireOnBehalfOf("b"));
        List<LoopFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            waiters.add(limiter.acquireOnBehalfOf(i));
        }
        waiters.forEach(w -> w.cancel(true));
        assertEquals(0, limiter.waiters());
        int[] served = {0};
        for (int i = 0; i < 100_000; i++) {
            Integer borrower = i;
            limiter.acquireOnBehalfOf(borrower).thenRun(() -> {
                served[0]++;
                limiter.releaseOnBehalfOf(borrower);
            });
        }
        limiter.releaseOnBehalfOf("a");
        limiter.releaseOnBehalfOf("b");
        settle();
        assertEquals(100_000, served[0]);
        assertEquals(0, limiter.borrowedTokens());
    }

    /** The progress probe never reports a free token with a waiter parked, after any step of a busy run. */
    @Test
    @Timeout(60)
    void noLostWakeupAfterAnyStep() throws InterruptedException {
        ProbeChecker checker = new ProbeChecker();
        onOtherThread("probe-runner", () -> {
            try (EventLoop busy = EventLoop.builder().clock(VirtualClock.autoAdvancing()).listener(checker).build()) {
                AsyncCapacityLimiter limited = new AsyncCapacityLimiter(3);
                Random random = new Random(42);
                for (int i = 0; i < 300; i++) {
                    long millis = random.nextInt(20);
                    Task<Void> task = busy.createTask(() -> limited.withToken(() -> Tasks.sleep(Duration.ofMillis(millis))));
                    if (random.nextInt(3) == 0) {
                        busy.callLater(Duration.ofMillis(random.nextInt(40)), task::cancel);
                    }
                    if (i % 40 == 39) {
                        int total = 1 + random.nextInt(5);
                        busy.callLater(Duration.ofMillis(random.nextInt(40)), () -> limited.setTotalTokens(total));
                    }
                }
                busy.runUntilIdle();
                assertEquals(0, limited.borrowedTokens());
                assertEquals(0, limited.waiters());
            }
        });
        assertEquals(List.of(), checker.violations());
        assertEquals(1, checker.probes().size());
        assertTrue(checker.steps() > 500, "the scenario ran: " + checker.steps() + " steps");
    }
}
