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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AsyncWeightedSemaphore: FIFO across sizes, serving from the head, misuse refused, confinement. */
class AsyncWeightedSemaphoreTest extends LoopFixture {

    private final AsyncWeightedSemaphore semaphore = new AsyncWeightedSemaphore(10);

    /** Starts a task that takes {@code n} permits, logs {@code name}, and holds them until {@code hold} is done. */
    private Task<Void> acquirer(String name, int n, CompletableFuture<Void> hold) {
        return loop.createTask(name, () -> semaphore.acquire(n).thenCompose(v -> {
            log(name);
            return hold.thenRun(() -> semaphore.release(n));
        }));
    }

    /** Free permits are taken at once, without waiting a step, several at a time. */
    @Test
    void fastPathDoesNotWait() {
        assertTrue(semaphore.acquire(7).isDone());
        assertEquals(3, semaphore.availablePermits());
        assertTrue(semaphore.tryAcquire(3));
        assertEquals(0, semaphore.availablePermits());
        assertFalse(semaphore.tryAcquire(1));
        semaphore.release(10);
        assertEquals(10, semaphore.availablePermits());
    }

    /** A waiting large request is not overtaken by smaller later ones, though permits are free for them. */
    @Test
    void smallRequestsDoNotOvertakeALargeHead() {
        assertTrue(semaphore.tryAcquire(8));
        CompletableFuture<Void> open = CompletableFuture.completedFuture(null);
        acquirer("large", 5, open);
        acquirer("small", 1, open);
        settle();
        assertEquals(2, semaphore.availablePermits(), "two free, yet the small request waits behind the large one");
        assertEquals(2, semaphore.waiters());
        assertFalse(semaphore.tryAcquire(1), "tryAcquire does not overtake a waiter either");
        semaphore.release(3);
        settle();
        assertLog("large", "small");
        assertEquals(5, semaphore.availablePermits(), "both released; five are still taken");
        semaphore.release(5);
        assertEquals(10, semaphore.availablePermits());
    }

    /** A release serves waiters from the head, in order, and stops at the first that does not fit. */
    @Test
    void releaseServesFromTheHeadAndStopsAtTheFirstMisfit() {
        assertTrue(semaphore.tryAcquire(10));
        CompletableFuture<Void> hold = new CompletableFuture<>();
        acquirer("two", 2, hold);
        acquirer("three", 3, hold);
        acquirer("six", 6, hold);
        acquirer("one", 1, hold);
        settle();
        semaphore.release(6);
        assertEquals(1, semaphore.availablePermits(), "2 + 3 handed over, 1 left: not enough for six, and one waits behind it");
        settle();
        assertLog("two", "three");
        assertEquals(2, semaphore.waiters());
        semaphore.release(4);
        settle();
        assertLog("two", "three");
        assertEquals(5, semaphore.availablePermits(), "five free are not six: the head waits and one behind it too");
        hold.complete(null);
        settle();
        assertLog("two", "three", "six", "one");
        assertEquals(10, semaphore.availablePermits());
    }

    /** A stream of small requests cannot starve a large one: it is served as soon as the permits before it drain. */
    @Test
    void streamOfSmallRequestsDoesNotStarveALargeOne() {
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int index = i;
            loop.createTask(() -> semaphore.withPermits(3, () -> {
                served.add("small" + index);
                return Tasks.sleep(Duration.ofMillis(10));
            }));
        }
        loop.createTask(() -> semaphore.withPermits(10, () -> {
            served.add("large");
            return Tasks.sleep(Duration.ofMillis(10));
        }));
        for (int i = 5; i < 10; i++) {
            int index = i;
            loop.callLater(Duration.ofMillis(i), () -> loop.createTask(() -> semaphore.withPermits(3, () -> {
                served.add("small" + index);
                return Tasks.sleep(Duration.ofMillis(10));
            })));
        }
        settle();
        assertEquals(List.of("small0", "small1", "small2", "small3", "small4", "large", "small5", "small6", "small7",
                "small8", "small9"), served);
        assertEquals(10, semaphore.availablePermits());
    }

    /** Under concurrency with mixed weights, the weights held at once never exceed the total. */
    @Test
    void heldWeightsNeverExceedTheTotal() {
        Random random = new Random(7);
        int[] held = {0};
        int[] peak = {0};
        for (int i = 0; i < 200; i++) {
            int n = 1 + random.nextInt(10);
            long millis = random.nextInt(5);
            loop.createTask(() -> semaphore.withPermits(n, () -> {
                held[0] += n;
                peak[0] = Math.max(peak[0], held[0]);
                return Tasks.sleep(Duration.ofMillis(millis)).thenRun(() -> held[0] -= n);
            }));
        }
        settle();
        assertTrue(peak[0] <= 10 && peak[0] > 5, "peak " + peak[0]);
        assertEquals(0, held[0]);
        assertEquals(10, semaphore.availablePermits());
        assertEquals(0, semaphore.waiters());
    }

    /** Requests of 0, a negative count or more than the total are refused at once and change nothing. */
    @Test
    void impossibleRequestsAreRefusedAtOnce() {
        for (int n : new int[] {0, -1, 11, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            IllegalArgumentException acquire = assertThrows(IllegalArgumentException.class, () -> semaphore.acquire(n));
            assertTrue(acquire.getMessage().contains("(expected: 1 <= n <= 10, the total)"), acquire.getMessage());
            assertThrows(IllegalArgumentException.class, () -> semaphore.tryAcquire(n));
            assertThrows(IllegalArgumentException.class, () -> semaphore.withPermits(n, Tasks::yieldNow));
        }
        assertEquals(10, semaphore.availablePermits());
        assertEquals(0, semaphore.waiters());
        IllegalArgumentException constructor = assertThrows(IllegalArgumentException.class, () -> new AsyncWeightedSemaphore(0));
        assertEquals("permits: 0 (expected: >= 1)", constructor.getMessage());
    }

    /** Releasing more than was taken is refused, names the limit, and leaves the semaphore unchanged and usable. */
    @Test
    void overReleaseIsRefusedAndHarmless() {
        assertTrue(semaphore.tryAcquire(4));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> semaphore.release(5));
        assertTrue(thrown.getMessage().contains("released too many permits (expected: n <= 4"), thrown.getMessage());
        assertEquals(6, semaphore.availablePermits());
        assertThrows(IllegalArgumentException.class, () -> semaphore.release(0));
        assertThrows(IllegalStateException.class, () -> semaphore.release(Integer.MAX_VALUE), "no overflow");
        semaphore.release(4);
        assertThrows(IllegalStateException.class, () -> semaphore.release(1));
        assertEquals(10, semaphore.availablePermits());
        assertTrue(semaphore.tryAcquire(10));
    }

    /** withPermits releases its permits after success, failure, a throwing body and cancellation. */
    @Test
    void withPermitsReleasesOnEveryOutcome() {
        LoopFuture<String> ok = semaphore.withPermits(4, () -> Tasks.yieldNow().thenApply(v -> "ok"));
        assertEquals(6, semaphore.availablePermits());
        settle();
        assertEquals("ok", ok.join());
        assertEquals(10, semaphore.availablePermits());

        LoopFuture<String> failed = semaphore.withPermits(4, () -> CompletableFuture.failedFuture(new IllegalStateException("x")));
        settle();
        assertTrue(failed.isCompletedExceptionally());
        LoopFuture<String> thrown = semaphore.withPermits(4, () -> {
            throw new IllegalArgumentException("thrown");
        });
        settle();
        assertTrue(thrown.isCompletedExceptionally());
        assertEquals(10, semaphore.availablePermits());

        Task<Void> cancelled = loop.createTask(() -> semaphore.withPermits(9, () -> Tasks.sleep(Duration.ofHours(1))));
        loop.runOnce();
        assertEquals(1, semaphore.availablePermits());
        cancelled.cancel();
        settle();
        assertTrue(cancelled.isCancelled());
        assertEquals(10, semaphore.availablePermits());
        assertThrows(NullPointerException.class, () -> semaphore.withPermits(1, null));
        assertEquals(10, semaphore.availablePermits(), "a null body takes nothing");
    }

    /** toString shows free and total permits, what the head wants, and the waiters. */
    @Test
    void describesItself() {
        assertEquals("AsyncWeightedSemaphore[value:10/10]", semaphore.toString());
        assertTrue(semaphore.tryAcquire(8));
        semaphore.acquire(5);
        semaphore.acquire(1);
        assertEquals("AsyncWeightedSemaphore[value:2/10, head wants:5, waiters:2]", semaphore.toString());
        assertEquals(10, semaphore.totalPermits());
    }

    /** Use from a plain thread is refused; once bound, use from another loop is refused; nothing changes. */
    @Test
    @Timeout(10)
    void confinedToItsLoop() throws InterruptedException {
        assertInstanceOf(IllegalStateException.class, thrownOnOtherThread("plain-thread", () -> semaphore.acquire(1)));
        assertTrue(semaphore.tryAcquire(1));
        Throwable thrown = thrownOnOtherThread("second-loop-thread", () -> {
            EventLoop second = EventLoop.builder().name("second-loop").build();
            try {
                semaphore.release(1);
            } finally {
                second.close();
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("bound to"), thrown.getMessage());
        assertEquals(9, semaphore.availablePermits());
        semaphore.release(1);
    }

    /** 100,000 parked waiters, all cancelled, leave nothing behind; 100,000 more are all served in turn. */
    @Test
    void manyWaiters() {
        assertTrue(semaphore.tryAcquire(10));
        List<LoopFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            waiters.add(semaphore.acquire(1 + i % 10));
        }
        waiters.forEach(w -> w.cancel(true));
        assertEquals(0, semaphore.waiters());
        assertEquals(0, semaphore.availablePermits());
        int[] served = {0};
        for (int i = 0; i < 100_000; i++) {
            int n = 1 + i % 10;
            semaphore.acquire(n).thenRun(() -> {
                served[0]++;
                semaphore.release(n);
            });
        }
        semaphore.release(10);
        settle();
        assertEquals(100_000, served[0]);
        assertEquals(10, semaphore.availablePermits());
    }

    /** The progress probe never reports a head that fits but is still parked, after any step of a busy run. */
    @Test
    @Timeout(60)
    void noLostWakeupAfterAnyStep() throws InterruptedException {
        ProbeChecker checker = new ProbeChecker();
        onOtherThread("probe-runner", () -> {
            try (EventLoop busy = EventLoop.builder().clock(VirtualClock.autoAdvancing()).listener(checker).build()) {
                AsyncWeightedSemaphore weighted = new AsyncWeightedSemaphore(6);
                Random random = new Random(42);
                for (int i = 0; i < 300; i++) {
                    int n = 1 + random.nextInt(6);
                    long millis = random.nextInt(20);
                    Task<Void> task = busy.createTask(() -> weighted.withPermits(n, () -> Tasks.sleep(Duration.ofMillis(millis))));
                    if (random.nextInt(3) == 0) {
                        busy.callLater(Duration.ofMillis(random.nextInt(40)), task::cancel);
                    }
                }
                busy.runUntilIdle();
                assertEquals(6, weighted.availablePermits());
            }
        });
        assertEquals(List.of(), checker.violations());
        assertEquals(1, checker.probes().size());
        assertTrue(checker.steps() > 500, "the scenario ran: " + checker.steps() + " steps");
    }
}
