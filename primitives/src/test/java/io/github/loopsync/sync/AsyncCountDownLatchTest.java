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
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AsyncCountDownLatch}: opening, errors, confinement, and every waiter state of {@code
 * await()}: parked, cancelled while parked, released then cancelled before resuming, timed out,
 * and cancelled from another thread but not yet withdrawn by the loop.
 */
class AsyncCountDownLatchTest extends LoopFixture {

    private final AsyncCountDownLatch latch = new AsyncCountDownLatch(2);

    private static boolean succeeded(LoopFuture<?> future) {
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /** await() on a latch at zero completes at once, without waiting a step. */
    @Test
    void openLatchDoesNotWait() {
        AsyncCountDownLatch open = new AsyncCountDownLatch(0);
        assertTrue(succeeded(open.await()));
        latch.countDown();
        latch.countDown();
        assertTrue(succeeded(latch.await()));
        assertEquals("AsyncCountDownLatch[open]", latch.toString());
    }

    /** The count-down that reaches zero releases every waiter, all in the same step, in arrival order. */
    @Test
    void zeroReleasesAllWaitersTogether() {
        for (String name : List.of("a", "b", "c")) {
            loop.createTask(name, () -> latch.await().thenRun(() -> log(name + "@" + now().toMillis())));
        }
        settle();
        assertEquals(3, latch.waiters());
        latch.countDown();
        settle();
        assertLog();
        assertEquals("AsyncCountDownLatch[count:1, waiters:3]", latch.toString());
        loop.callLater(Duration.ofMillis(5), latch::countDown);
        settle();
        assertLog("a@5", "b@5", "c@5");
        assertEquals(0, latch.waiters());
    }

    /** Counting below zero is refused and changes nothing; a negative initial count is refused. */
    @Test
    void countDownBelowZeroIsRefused() {
        latch.countDown();
        latch.countDown();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, latch::countDown);
        assertTrue(thrown.getMessage().contains("already zero"), thrown.getMessage());
        assertEquals(0, latch.count());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new AsyncCountDownLatch(-1));
        assertEquals("count: -1 (expected: >= 0)", negative.getMessage());
    }

    /** Parked: counted and pending until zero; released at the next step. */
    @Test
    void parked() {
        LoopFuture<Void> waiter = latch.await();
        assertFalse(waiter.isDone());
        latch.countDown();
        latch.countDown();
        assertEquals(0, latch.waiters());
        loop.runOnce();
        assertTrue(succeeded(waiter));
    }

    /** Cancelled while parked: withdrawn at once; the count and the other waiters are unaffected. */
    @Test
    void cancelledWhileParked() {
        LoopFuture<Void> cancelled = latch.await();
        LoopFuture<Void> other = latch.await();
        assertTrue(cancelled.cancel(true));
        assertEquals(1, latch.waiters());
        assertEquals(2, latch.count());
        latch.countDown();
        latch.countDown();
        settle();
        assertTrue(cancelled.isCancelled());
        assertTrue(succeeded(other));
    }

    /** Released then cancelled before resuming: it ends cancelled; the others are released; the latch stays open. */
    @Test
    void releasedThenCancelled() {
        LoopFuture<Void> waiter = latch.await();
        LoopFuture<Void> other = latch.await();
        latch.countDown();
        latch.countDown();
        assertTrue(waiter.cancel(true));
        settle();
        assertTrue(waiter.isCancelled());
        assertTrue(succeeded(other));
        assertTrue(succeeded(latch.await()));
    }

    /** Timed out: withdrawn with its timer; the latch still opens for the others. */
    @Test
    void timedOut() {
        LoopFuture<Void> waiter = latch.await();
        LoopFuture<Void> patient = latch.await();
        waiter.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, waiter::join).getCause());
        assertEquals(1, latch.waiters());
        assertEquals(0, loop.pendingTimers());
        latch.countDown();
        latch.countDown();
        settle();
        assertTrue(succeeded(patient));
    }

    /** Cancelled from another thread, not yet withdrawn: the opening skips it and releases every live waiter. */
    @Test
    @Timeout(10)
    void cancelledOffLoopNotYetWithdrawn() throws InterruptedException {
        LoopFuture<Void> cancelled = latch.await();
        LoopFuture<Void> second = latch.await();
        LoopFuture<Void> third = latch.await();
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel(true)));
        assertEquals(3, latch.waiters(), "the loop has not run the withdrawal yet");
        latch.countDown();
        latch.countDown();
        assertEquals(0, latch.waiters());
        settle();
        assertTrue(cancelled.isCancelled());
        assertTrue(succeeded(second) && succeeded(third));
    }

    /** Cancelling the task parked in await() withdraws the wait; the task ends cancelled. */
    @Test
    void taskCancellationReachesTheWait() {
        Task<Void> task = loop.createTask(latch::await);
        settle();
        task.cancel();
        assertEquals(0, latch.waiters());
        settle();
        assertTrue(task.isCancelled());
    }

    /** 100,000 waiters: all cancelled, then 100,000 more all released, leave none behind. */
    @Test
    void manyWaiters() {
        List<LoopFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            waiters.add(latch.await());
        }
        waiters.forEach(w -> w.cancel(true));
        assertEquals(0, latch.waiters());
        waiters.clear();
        for (int i = 0; i < 100_000; i++) {
            waiters.add(latch.await());
        }
        latch.countDown();
        latch.countDown();
        settle();
        assertTrue(waiters.stream().allMatch(AsyncCountDownLatchTest::succeeded));
    }

    /** Use from a thread without a loop, or from another loop once bound, is refused. */
    @Test
    @Timeout(10)
    void confinedToItsLoop() throws InterruptedException {
        assertInstanceOf(IllegalStateException.class, thrownOnOtherThread("plain", latch::countDown));
        assertEquals(2, latch.count());
        LoopFuture<Void> waiter = latch.await();
        Throwable thrown = thrownOnOtherThread("second-loop-thread", () -> {
            EventLoop second = EventLoop.builder().name("second-loop").build();
            try {
                latch.countDown();
            } finally {
                second.close();
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("bound to"), thrown.getMessage());
        waiter.cancel(true);
    }

    /** The progress probe never reports a lost wake-up after any step of a run with cancellations and timeouts. */
    @Test
    @Timeout(60)
    void noLostWakeupAfterAnyStep() throws InterruptedException {
        ProbeChecker checker = new ProbeChecker();
        onOtherThread("probe-runner", () -> {
            try (EventLoop busy = EventLoop.builder().clock(VirtualClock.autoAdvancing()).listener(checker).build()) {
                Random random = new Random(16);
                for (int round = 0; round < 20; round++) {
                    AsyncCountDownLatch shared = new AsyncCountDownLatch(3);
                    for (int i = 0; i < 10; i++) {
                        long delay = random.nextInt(20);
                        boolean counter = i % 4 == 3;
                        Task<Void> task = busy.createTask(() -> counter
                                ? Tasks.sleep(Duration.ofMillis(delay)).thenRun(() -> {
                                    if (shared.count() > 0) {
                                        shared.countDown();
                                    }
                                })
                                : Tasks.waitFor(shared.await(), Duration.ofMillis(delay + 1)).handle((v, e) -> (Void) null));
                        if (random.nextInt(4) == 0) {
                            busy.callLater(Duration.ofMillis(random.nextInt(10)), task::cancel);
                        }
                    }
                    busy.runUntilIdle();
                }
            }
        });
        assertEquals(List.of(), checker.violations());
        assertEquals(20, checker.probes().size());
    }
}
