package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The loop's scheduling order: FIFO, the iteration rule, timers, yields. */
class EventLoopOrderTest extends LoopFixture {

    /** Callbacks scheduled with callSoon run in the order they were scheduled. */
    @Test
    void readyQueueIsFifo() {
        for (int i = 1; i <= 5; i++) {
            int n = i;
            loop.callSoon(() -> log("c" + n));
        }
        assertEquals(5, loop.runOnce());
        assertLog("c1", "c2", "c3", "c4", "c5");
    }

    /** A callback made ready during an iteration runs in the next iteration, not the current one. */
    @Test
    void callbacksScheduledDuringAnIterationRunInTheNext() {
        loop.callSoon(() -> {
            log("a");
            loop.callSoon(() -> log("a-child"));
        });
        loop.callSoon(() -> log("b"));
        assertEquals(2, loop.runOnce());
        assertLog("a", "b");
        assertEquals(1, loop.runOnce());
        assertLog("a", "b", "a-child");
        assertEquals(0, loop.runOnce());
    }

    /** Timers fire in deadline order, and timers with equal deadlines in scheduling order. */
    @Test
    void timersFireByDeadlineThenInsertionOrder() {
        loop.callLater(Duration.ofMillis(30), () -> log("30ms"));
        loop.callLater(Duration.ofMillis(10), () -> log("10ms-first"));
        loop.callLater(Duration.ofMillis(20), () -> log("20ms"));
        loop.callLater(Duration.ofMillis(10), () -> log("10ms-second"));
        loop.callLater(Duration.ofMillis(10), () -> log("10ms-third"));
        loop.runUntilIdle();
        assertLog("10ms-first", "10ms-second", "10ms-third", "20ms", "30ms");
        assertEquals(Duration.ofMillis(30), now());
    }

    /** A due timer joins the ready queue behind callbacks that were already ready. */
    @Test
    void dueTimerRunsAfterAlreadyReadyCallbacks() {
        loop.callLater(Duration.ZERO, () -> log("timer"));
        loop.callSoon(() -> log("soon"));
        loop.runOnce();
        assertLog("soon", "timer");
    }

    /** A cancelled timer never fires and is removed from the pending set at once. */
    @Test
    void cancelledTimerNeverFires() {
        TimerHandle handle = loop.callLater(Duration.ofSeconds(1), () -> log("fired"));
        loop.callLater(Duration.ofSeconds(2), () -> log("other"));
        assertEquals(2, loop.pendingTimers());
        assertTrue(handle.cancel());
        assertFalse(handle.cancel(), "second cancel reports nothing to do");
        assertEquals(1, loop.pendingTimers());
        loop.runUntilIdle();
        assertLog("other");
        assertTrue(handle.isCancelled());
    }

    /** Removing timers from the middle of the heap keeps the rest in order. */
    @Test
    void cancellingManyTimersKeepsHeapOrder() {
        TimerHandle[] handles = new TimerHandle[100];
        for (int i = 0; i < 100; i++) {
            int n = (i * 37) % 100;
            handles[i] = loop.callLater(Duration.ofMillis(n), () -> log(String.format("%03d", n)));
        }
        for (int i = 0; i < 100; i += 3) {
            handles[i].cancel();
        }
        loop.runUntilIdle();
        assertEquals(100 - 34, log.size());
        for (int i = 1; i < log.size(); i++) {
            assertTrue(log.get(i - 1).compareTo(log.get(i)) < 0, "timers out of order: " + log);
        }
    }

    /** yieldNow (asyncio's sleep(0)) costs exactly one iteration: other ready work runs first. */
    @Test
    void yieldNowCostsOneIteration() {
        loop.createTask(() -> {
            log("a1");
            return Tasks.yieldNow().thenRun(() -> log("a2"));
        });
        loop.createTask(() -> {
            log("b1");
            return Tasks.yieldNow().thenRun(() -> log("b2"));
        });
        loop.runOnce();
        assertLog("a1", "b1");
        loop.runOnce();
        assertLog("a1", "b1", "a2", "b2");
    }

    /** A zero sleep is a yield, not a timer. */
    @Test
    void sleepZeroIsAYield() {
        loop.createTask(() -> Tasks.sleep(Duration.ZERO).thenRun(() -> log("resumed")));
        loop.runOnce();
        assertEquals(0, loop.pendingTimers());
        loop.runOnce();
        assertLog("resumed");
    }

    /** Tasks start in creation order, at the next iteration, never inside createTask. */
    @Test
    void tasksStartInCreationOrderAtTheNextStep() {
        loop.createTask(() -> {
            log("t1");
            return CompletableFuture.completedFuture(null);
        });
        loop.createTask(() -> {
            log("t2");
            return CompletableFuture.completedFuture(null);
        });
        assertLog();
        loop.runOnce();
        assertLog("t1", "t2");
    }

    /** asyncio's T-L 14 order: waiters woken one after the other resume in that order, after a task that was already ready. */
    @Test
    void wokenWaitersResumeAfterAlreadyReadyTasks() {
        LoopFuture<Void> first = loop.createFuture();
        LoopFuture<Void> second = loop.createFuture();
        loop.createTask(() -> first.thenRun(() -> log("1")));
        loop.createTask(() -> second.thenRun(() -> log("2")));
        loop.runUntilIdle();
        loop.createTask(() -> {
            log("3");
            return CompletableFuture.completedFuture(null);
        });
        first.complete(null);
        second.complete(null);
        loop.runUntilIdle();
        assertLog("3", "1", "2");
    }

    /** Virtual time: ten seconds of sleep take no real time and end at exactly ten seconds. */
    @Test
    void virtualTimeJumpsToTheNextTimer() {
        Task<Long> task = loop.createTask(() -> Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> loop.time()));
        loop.runUntilIdle();
        assertEquals(Duration.ofSeconds(10).toNanos(), task.join());
    }
}
