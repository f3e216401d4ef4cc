package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Loop futures: decided, then delivered through the loop; cancellation wins until delivery. */
class LoopFutureTest extends LoopFixture {

    /** A waiter-like future that records the primitive hooks. */
    static final class RecordingWaiter extends LoopFuture<String> {
        final List<String> hooks = new ArrayList<>();

        RecordingWaiter(EventLoop loop) {
            super(loop);
        }

        boolean grantValue(String value) {
            return grant(value);
        }

        @Override
        protected void onWithdrawn() {
            hooks.add("withdrawn");
        }

        @Override
        protected void onGrantRevoked(String granted) {
            hooks.add("revoked " + granted);
        }

        /** If set, onDelivery is recorded and then runs this. */
        Runnable atDelivery;

        @Override
        protected void onDelivery() {
            if (atDelivery != null) {
                hooks.add(isCompletedExceptionally() ? "delivered failure" : "delivered " + join());
                atDelivery.run();
            }
        }
    }

    /**
     * The outcome is committed before onDelivery runs: a primitive acting on its grant there (an
     * item enters the queue, a slot frees) can rely on it, and a cancellation from another thread
     * arriving meanwhile loses instead of handing the grant back a second time.
     */
    @Test
    void aGrantIsFinalWhenThePrimitiveSeesItsDelivery() {
        RecordingWaiter waiter = new RecordingWaiter(loop);
        List<Boolean> cancelAnswers = new ArrayList<>();
        waiter.atDelivery = () -> {
            try {
                onOtherThread("canceller", () -> cancelAnswers.add(waiter.cancel("late")));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        assertTrue(waiter.grantValue("item"));
        settle();
        assertEquals(List.of(false), cancelAnswers, "a cancellation after the commit must be refused");
        assertEquals("item", waiter.join());
        assertEquals(List.of("delivered item"), waiter.hooks, "no revocation after the delivery");
    }

    /** complete() never runs dependents inline: they run at the loop's next step. */
    @Test
    void completionIsDeliveredAtTheNextStepNotInline() {
        LoopFuture<String> future = loop.createFuture();
        future.thenAccept(value -> log("got " + value));
        assertTrue(future.complete("x"));
        assertLog();
        assertFalse(future.isDone(), "a value becomes visible when delivered");
        loop.runOnce();
        assertLog("got x");
        assertTrue(future.isDone());
        assertEquals("x", future.join());
    }

    /** failedFuture reads as failed at once and reaches its dependents at the next step; null is refused. */
    @Test
    void failedFutureFailsAtOnceAndDeliversAtTheNextStep() {
        LoopFuture<String> failed = loop.failedFuture(new IllegalStateException("broken"));
        failed.whenComplete((value, failure) -> log("saw " + Tasks.unwrap(failure).getMessage()));
        assertTrue(failed.isCompletedExceptionally());
        assertLog();
        loop.runOnce();
        assertLog("saw broken");
        assertThrows(NullPointerException.class, () -> loop.failedFuture(null));
    }

    /** A second completion loses to the first decision. */
    @Test
    void firstDecisionWins() {
        LoopFuture<String> future = loop.createFuture();
        assertTrue(future.complete("first"));
        assertFalse(future.complete("second"));
        loop.runOnce();
        assertEquals("first", future.join());
        assertFalse(future.completeExceptionally(new IllegalStateException("late")));
        assertFalse(future.cancel(true), "a delivered value is final");
    }

    /** Cancellation is visible immediately, and its delivery to dependents is still deferred. */
    @Test
    void cancellationIsVisibleAtOnceAndDeliveredLater() {
        LoopFuture<String> future = loop.createFuture();
        future.whenComplete((value, failure) -> log("dependent saw " + failure.getClass().getSimpleName()));
        assertTrue(future.cancel("stop"));
        assertTrue(future.isCancelled());
        assertTrue(future.isDone());
        assertLog();
        CancellationException thrown = assertThrows(CancellationException.class, future::join);
        assertEquals("stop", thrown.getMessage());
        assertEquals(0, thrown.getStackTrace().length, "a cancellation records no stack trace by default");
        loop.runOnce();
        assertLog("dependent saw LoopCancellationException");
    }

    /** A value decided but not delivered is overridden by a cancellation. */
    @Test
    void cancellationOverridesAnUndeliveredValue() {
        LoopFuture<String> future = loop.createFuture();
        future.complete("too late");
        assertTrue(future.cancel(false));
        loop.runOnce();
        assertTrue(future.isCancelled());
        assertThrows(CancellationException.class, future::join);
    }

    /** Cancelling a pending waiter calls the withdraw hook, on the loop thread, exactly once. */
    @Test
    void cancellingAPendingWaiterWithdrawsIt() {
        RecordingWaiter waiter = new RecordingWaiter(loop);
        waiter.cancel(true);
        waiter.cancel(true);
        assertEquals(List.of("withdrawn"), waiter.hooks);
    }

    /** A grant overridden by a cancellation before delivery is handed back through the hook. */
    @Test
    void cancellingAfterAGrantHandsTheGrantBack() {
        RecordingWaiter waiter = new RecordingWaiter(loop);
        assertTrue(waiter.grantValue("lock"));
        assertTrue(waiter.isGrantPending());
        assertTrue(waiter.cancel(true));
        assertEquals(List.of("revoked lock"), waiter.hooks);
        loop.runOnce();
        assertTrue(waiter.isCancelled());
    }

    /** A grant to a waiter that was already cancelled fails, so the primitive can move on. */
    @Test
    void grantToACancelledWaiterFails() {
        RecordingWaiter waiter = new RecordingWaiter(loop);
        waiter.cancel(true);
        assertFalse(waiter.grantValue("lock"));
    }

    /** A timeout (orTimeout) counts as a cancellation: it withdraws the wait, in loop time. */
    @Test
    void orTimeoutUsesLoopTimeAndWithdraws() {
        RecordingWaiter waiter = new RecordingWaiter(loop);
        waiter.orTimeout(5, TimeUnit.SECONDS);
        loop.runUntilIdle();
        assertEquals(Duration.ofSeconds(5), now());
        assertTrue(waiter.isCompletedExceptionally());
        CompletionException thrown = assertThrows(CompletionException.class, waiter::join);
        assertInstanceOf(TimeoutException.class, thrown.getCause());
        assertEquals(List.of("withdrawn"), waiter.hooks);
        assertEquals(0, loop.pendingTimers());
    }

    /** A future completed before its timeout cancels the timeout's timer. */
    @Test
    void orTimeoutTimerIsRemovedOnCompletion() {
        LoopFuture<String> future = loop.createFuture();
        future.orTimeout(5, TimeUnit.SECONDS);
        assertEquals(1, loop.pendingTimers());
        future.complete("in time");
        loop.runOnce();
        assertEquals(0, loop.pendingTimers());
        assertEquals("in time", future.join());
    }

    /**
     * A dependent stage's orTimeout also runs on the loop's clock (not CompletableFuture's
     * wall-clock thread), and it times out only that stage: the wait underneath goes on.
     */
    @Test
    void dependentStageTimeoutUsesLoopTimeAndLeavesTheWaitAlone() {
        RecordingWaiter waiter = new RecordingWaiter(loop);
        LoopFuture<String> derived = waiter.thenApply(v -> "derived").orTimeout(5, TimeUnit.SECONDS);
        assertEquals(1, loop.pendingTimers());
        loop.runUntilIdle();
        assertEquals(Duration.ofSeconds(5), now());
        CompletionException thrown = assertThrows(CompletionException.class, derived::join);
        assertInstanceOf(TimeoutException.class, thrown.getCause());
        assertFalse(waiter.isDone(), "the wait underneath is not withdrawn");
        assertEquals(List.of(), waiter.hooks);
    }

    /** A dependent stage completed in time removes its timer; completeOnTimeout supplies a value in loop time. */
    @Test
    void dependentStageTimersAreLoopTimers() {
        LoopFuture<String> answered = loop.createFuture();
        LoopFuture<String> silent = loop.createFuture();
        LoopFuture<String> inTime = answered.thenApply(v -> v + "!").orTimeout(5, TimeUnit.SECONDS);
        LoopFuture<String> fallback = silent.thenApply(v -> v + "?").completeOnTimeout("default", 1, TimeUnit.SECONDS);
        assertEquals(2, loop.pendingTimers());
        answered.complete("done");
        loop.runUntilIdle();
        assertEquals("done!", inTime.join());
        assertEquals("default", fallback.join());
        assertEquals(Duration.ofSeconds(1), now(), "the 5 s timer was removed when its stage completed");
        assertEquals(0, loop.pendingTimers());
    }

    /** completeOnTimeout supplies a value after loop time passes. */
    @Test
    void completeOnTimeoutSuppliesAValue() {
        LoopFuture<String> future = loop.createFuture();
        future.completeOnTimeout("default", 1, TimeUnit.MINUTES);
        loop.runUntilIdle();
        assertEquals("default", future.join());
        assertEquals(Duration.ofMinutes(1), now());
    }

    /** Blocking on an unfinished future from the loop thread fails fast instead of deadlocking. */
    @Test
    void blockingOnTheLoopThreadIsRefused() {
        LoopFuture<String> future = loop.createFuture();
        IllegalStateException join = assertThrows(IllegalStateException.class, future::join);
        assertTrue(join.getMessage().contains("would block the loop"), join.getMessage());
        assertThrows(IllegalStateException.class, future::get);
        assertThrows(IllegalStateException.class, () -> future.thenApply(v -> v).join());
        future.complete("done");
        loop.runOnce();
        assertEquals("done", future.getNow("absent"));
    }

    /** getNow reports a decided failure before delivery and the fallback while a value is pending. */
    @Test
    void getNowSeesDecisions() throws Exception {
        LoopFuture<String> pending = loop.createFuture();
        assertEquals("absent", pending.getNow("absent"));
        pending.complete("value");
        assertEquals("absent", pending.getNow("absent"), "undelivered values are not visible");
        LoopFuture<String> failed = loop.createFuture();
        failed.completeExceptionally(new IllegalArgumentException("bad"));
        CompletionException thrown = assertThrows(CompletionException.class, () -> failed.getNow("absent"));
        assertInstanceOf(IllegalArgumentException.class, thrown.getCause());
        ExecutionException viaGet = assertThrows(ExecutionException.class, failed::get);
        assertInstanceOf(IllegalArgumentException.class, viaGet.getCause());
        loop.runOnce();
    }

    /** Async variants of dependent stages run on the loop by default. */
    @Test
    void asyncDependentsRunOnTheLoop() {
        LoopFuture<String> future = loop.createFuture();
        Thread testThread = Thread.currentThread();
        future.thenApplyAsync(value -> {
            log("on loop thread: " + (Thread.currentThread() == testThread));
            return value;
        });
        future.complete("x");
        loop.runUntilIdle();
        assertLog("on loop thread: true");
    }

    /** completeExceptionally(null) is a programming error, reported as such. */
    @Test
    void nullFailureIsRejected() {
        LoopFuture<String> future = loop.createFuture();
        assertThrows(NullPointerException.class, () -> future.completeExceptionally(null));
        assertFalse(future.isDone());
    }

    /** A cancellation from another thread is decided there and its bookkeeping runs on the loop. */
    @Test
    @Timeout(10)
    void crossThreadCancelHopsOntoTheLoop() throws Exception {
        RecordingWaiter waiter = new RecordingWaiter(loop);
        onOtherThread("canceller", () -> waiter.cancel(true));
        assertTrue(waiter.isCancelled(), "decided on the cancelling thread");
        assertEquals(List.of(), waiter.hooks, "bookkeeping has not run yet: it belongs to the loop");
        loop.runUntilIdle();
        assertEquals(List.of("withdrawn"), waiter.hooks);
    }

    /** A completion from another thread is delivered on the loop thread. */
    @Test
    @Timeout(10)
    void crossThreadCompletionIsDeliveredOnTheLoop() throws Exception {
        LoopFuture<String> future = loop.createFuture();
        Thread testThread = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();
        future.thenRun(() -> ranOn.add(Thread.currentThread()));
        onOtherThread("completer", () -> future.complete("from afar"));
        assertEquals(List.of(), ranOn);
        loop.runUntilIdle();
        assertEquals(List.of(testThread), ranOn);
        assertSame("from afar", future.join());
    }

    /** Creating a future off the loop thread names the loop and the thread. */
    @Test
    @Timeout(10)
    void createFutureOffTheLoopThreadIsRefused() throws Exception {
        Throwable thrown = thrownOnOtherThread("intruder", loop::createFuture);
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("test-loop"));
        assertTrue(thrown.getMessage().contains("intruder"));
    }

    /** toString tells the state. */
    @Test
    void toStringShowsTheState() {
        RecordingWaiter waiter = new RecordingWaiter(loop);
        assertTrue(waiter.toString().contains("pending"), waiter.toString());
        waiter.grantValue("x");
        assertTrue(waiter.toString().contains("granted"), waiter.toString());
        waiter.cancel(true);
        assertTrue(waiter.toString().contains("cancelled"), waiter.toString());
        assertNull(null);
        loop.runOnce();
    }
}
