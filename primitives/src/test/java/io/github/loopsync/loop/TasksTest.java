package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** sleep, waitFor, timeout scopes, gather, asCompleted and wait. */
class TasksTest extends LoopFixture {

    private Task<String> after(Duration delay, String value) {
        return loop.createTask(() -> Tasks.sleep(delay).thenApply(v -> value));
    }

    private Task<String> failingAfter(Duration delay, RuntimeException failure) {
        return loop.createTask(() -> Tasks.sleep(delay).thenApply(v -> {
            throw failure;
        }));
    }

    /** waitFor returns the value when the work finishes in time, and removes its timer. */
    @Test
    void waitForInTime() {
        Task<String> outer = loop.createTask(() -> Tasks.waitFor(after(Duration.ofSeconds(1), "fast"), Duration.ofSeconds(5)));
        loop.runUntilIdle();
        assertEquals("fast", outer.join());
        assertEquals(Duration.ofSeconds(1), now());
        assertEquals(0, loop.pendingTimers());
    }

    /** waitFor cancels the work on timeout, waits for it to end, then fails with TimeoutException. */
    @Test
    void waitForTimesOutAndCancelsTheWork() {
        List<Task<String>> inner = new ArrayList<>();
        Task<String> outer = loop.createTask(() -> {
            Task<String> slow = after(Duration.ofSeconds(10), "slow");
            inner.add(slow);
            return Tasks.waitFor(slow, Duration.ofSeconds(2));
        });
        loop.runUntilIdle();
        assertTrue(inner.get(0).isCancelled());
        CompletionException thrown = assertThrows(CompletionException.class, outer::join);
        assertInstanceOf(TimeoutException.class, thrown.getCause());
        assertInstanceOf(CancellationException.class, thrown.getCause().getCause());
        assertEquals(Duration.ofSeconds(2), now());
    }

    /** waitFor with a body runs it as a task, which the timeout cancels. */
    @Test
    void waitForSupplierRunsTheWorkAsATask() {
        Task<String> outer = loop.createTask(() -> Tasks.waitFor(
                () -> Tasks.sleep(Duration.ofMinutes(1)).thenApply(v -> "never"), Duration.ofSeconds(1)));
        loop.runUntilIdle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, outer::join).getCause());
        assertEquals(Duration.ofSeconds(1), now());
    }

    /** Work that absorbs the timeout's cancellation and returns a value wins (asyncio's rule). */
    @Test
    void waitForReturnsTheValueOfWorkThatAbsorbsTheCancellation() {
        Task<String> outer = loop.createTask(() -> Tasks.waitFor(
                () -> Tasks.sleep(Duration.ofMinutes(1)).handle((v, e) -> "absorbed"), Duration.ofSeconds(1)));
        loop.runUntilIdle();
        assertEquals("absorbed", outer.join());
    }

    /** Cancelling the task waiting in waitFor cancels the work, and the result is a cancellation, not a timeout. */
    @Test
    void cancellingTheWaiterOfWaitForCancelsTheWork() {
        List<Task<String>> inner = new ArrayList<>();
        Task<String> outer = loop.createTask(() -> {
            Task<String> slow = after(Duration.ofSeconds(10), "slow");
            inner.add(slow);
            return Tasks.waitFor(slow, Duration.ofSeconds(5));
        });
        loop.runOnce();
        outer.cancel();
        loop.runUntilIdle();
        assertTrue(inner.get(0).isCancelled());
        assertTrue(outer.isCancelled());
        assertEquals(0, loop.pendingTimers());
    }

    /** A timeout scope can be pushed back by the work it guards. */
    @Test
    void timeoutCanBeRescheduled() {
        Task<String> outer = loop.createTask(() -> Tasks.timeout(Duration.ofSeconds(2), timeout ->
                Tasks.sleep(Duration.ofSeconds(1)).thenCompose(v -> {
                    timeout.rescheduleIn(Duration.ofSeconds(5));
                    return Tasks.sleep(Duration.ofSeconds(3));
                }).thenApply(v -> "made it")));
        loop.runUntilIdle();
        assertEquals("made it", outer.join());
        assertEquals(Duration.ofSeconds(4), now());
    }

    /** An expired timeout scope fails with TimeoutException and refuses to be rescheduled. */
    @Test
    void expiredTimeoutFailsAndCannotBeRescheduled() {
        List<io.github.loopsync.loop.Timeout> scopes = new ArrayList<>();
        Task<Void> outer = loop.createTask(() -> Tasks.timeout(Duration.ofSeconds(1), timeout -> {
            scopes.add(timeout);
            return Tasks.sleep(Duration.ofSeconds(9));
        }));
        loop.runUntilIdle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, outer::join).getCause());
        io.github.loopsync.loop.Timeout timeout = scopes.get(0);
        assertTrue(timeout.isExpired());
        IllegalStateException misuse = assertThrows(IllegalStateException.class, () -> timeout.reschedule(0));
        assertTrue(misuse.getMessage().contains("expired"));
    }

    /** A timeout scope without a deadline never expires until one is set. */
    @Test
    void timeoutWithoutDeadline() {
        Task<String> outer = loop.createTask(() -> Tasks.timeoutAt(Long.MAX_VALUE, timeout ->
                Tasks.sleep(Duration.ofDays(3)).thenApply(v -> "no deadline")));
        loop.runUntilIdle();
        assertEquals("no deadline", outer.join());
    }

    /** gather returns values in input order, whatever order the work finished in. */
    @Test
    void gatherKeepsInputOrder() {
        Task<List<String>> outer = loop.createTask(() -> Tasks.gather(
                after(Duration.ofSeconds(3), "a"), after(Duration.ofSeconds(1), "b"), after(Duration.ofSeconds(2), "c")));
        loop.runUntilIdle();
        assertEquals(List.of("a", "b", "c"), outer.join());
        assertEquals(Duration.ofSeconds(3), now());
    }

    /** gather of nothing is an empty list. */
    @Test
    void gatherOfNothing() {
        Task<List<String>> outer = loop.createTask(() -> Tasks.gather(List.<CompletableFuture<String>>of()));
        loop.runUntilIdle();
        assertEquals(List.of(), outer.join());
    }

    /** gather fails fast with the first failure and lets the other work run on (asyncio's default). */
    @Test
    void gatherFailsFastWithoutCancellingTheRest() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Task<String>> slow = new ArrayList<>();
        Task<List<String>> outer = loop.createTask(() -> {
            Task<String> ok = after(Duration.ofSeconds(5), "ok");
            slow.add(ok);
            return Tasks.gather(ok, failingAfter(Duration.ofSeconds(1), boom));
        });
        loop.runUntilIdle();
        assertEquals(boom, assertThrows(CompletionException.class, outer::join).getCause());
        assertEquals("ok", slow.get(0).join());
        reported.removeIf(r -> r.error == boom);
    }

    /** Cancelling a gather cancels every child; the gather ends cancelled once they have ended. */
    @Test
    void cancellingAGatherCancelsItsChildren() {
        List<Task<String>> children = new ArrayList<>();
        Task<List<String>> outer = loop.createTask(() -> {
            children.add(after(Duration.ofSeconds(1), "a"));
            children.add(after(Duration.ofSeconds(2), "b"));
            return Tasks.gather(children.get(0), children.get(1));
        });
        loop.runOnce();
        outer.cancel();
        loop.runUntilIdle();
        assertTrue(children.get(0).isCancelled());
        assertTrue(children.get(1).isCancelled());
        assertTrue(outer.isCancelled());
    }

    /** gatherOutcomes reports each value and failure and never fails itself. */
    @Test
    void gatherOutcomesCollectsFailures() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<List<Outcome<String>>> outer = loop.createTask(() -> Tasks.gatherOutcomes(List.of(
                after(Duration.ofSeconds(1), "a"), failingAfter(Duration.ofSeconds(2), boom))));
        loop.runUntilIdle();
        List<Outcome<String>> outcomes = outer.join();
        assertEquals(Outcome.success("a"), outcomes.get(0));
        assertEquals(Outcome.failure(boom), outcomes.get(1));
        assertFalse(outcomes.get(1).isSuccess());
        assertThrows(IllegalStateException.class, () -> outcomes.get(1).value());
        assertThrows(IllegalStateException.class, () -> outcomes.get(0).failure());
    }

    /** asCompleted hands out results in the order the work finishes. */
    @Test
    void asCompletedFollowsCompletionOrder() {
        Task<String> outer = loop.createTask(() -> {
            List<LoopFuture<String>> ordered = Tasks.asCompleted(List.of(
                    after(Duration.ofSeconds(3), "slow"), after(Duration.ofSeconds(1), "fast"), after(Duration.ofSeconds(2), "mid")));
            return ordered.get(0).thenCombine(ordered.get(1), (a, b) -> a + "," + b)
                    .thenCombine(ordered.get(2), (ab, c) -> ab + "," + c);
        });
        loop.runUntilIdle();
        assertEquals("fast,mid,slow", outer.join());
    }

    /** wait(FIRST_COMPLETED) returns when one is done and leaves the others running. */
    @Test
    void waitFirstCompleted() {
        List<Task<String>> work = new ArrayList<>();
        Task<WaitResult<String>> outer = loop.createTask(() -> {
            work.add(after(Duration.ofSeconds(2), "a"));
            work.add(after(Duration.ofSeconds(1), "b"));
            return Tasks.wait(work, ReturnWhen.FIRST_COMPLETED);
        });
        while (!outer.isDone()) {
            loop.runOnce();
        }
        WaitResult<String> result = outer.join();
        assertEquals(Set.of(work.get(1)), result.done());
        assertEquals(Set.of(work.get(0)), result.pending());
        assertFalse(work.get(0).isCancelled());
        loop.runUntilIdle();
        assertEquals("a", work.get(0).join());
    }

    /** wait(FIRST_EXCEPTION) returns at the first failure. */
    @Test
    void waitFirstException() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Task<String>> work = new ArrayList<>();
        Task<WaitResult<String>> outer = loop.createTask(() -> {
            work.add(after(Duration.ofSeconds(5), "a"));
            work.add(failingAfter(Duration.ofSeconds(1), boom));
            return Tasks.wait(work, ReturnWhen.FIRST_EXCEPTION);
        });
        while (!outer.isDone()) {
            loop.runOnce();
        }
        assertEquals(Set.of(work.get(1)), outer.join().done());
        assertEquals(Duration.ofSeconds(1), now());
        work.get(1).exceptionally(e -> null);
        loop.runUntilIdle();
    }

    /** wait(ALL_COMPLETED) with a timeout returns the partition at the deadline. */
    @Test
    void waitAllCompletedWithTimeout() {
        List<Task<String>> work = new ArrayList<>();
        Task<WaitResult<String>> outer = loop.createTask(() -> {
            work.add(after(Duration.ofSeconds(1), "a"));
            work.add(after(Duration.ofSeconds(10), "b"));
            return Tasks.wait(work, ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(3));
        });
        while (!outer.isDone()) {
            loop.runOnce();
        }
        assertEquals(Duration.ofSeconds(3), now());
        assertEquals(Set.of(work.get(0)), outer.join().done());
        assertEquals(Set.of(work.get(1)), outer.join().pending());
        loop.runUntilIdle();
    }

    /** wait on nothing is a bad argument. */
    @Test
    void waitOnNothingIsRejected() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Tasks.wait(List.<LoopFuture<String>>of(), ReturnWhen.ALL_COMPLETED));
        assertTrue(thrown.getMessage().contains("empty"));
    }

    /** The helpers need a loop thread and say so. */
    @Test
    void helpersOffTheLoopThreadAreRefused() throws Exception {
        Throwable thrown = thrownOnOtherThread("plain-thread", () -> Tasks.sleep(Duration.ofSeconds(1)));
        assertInstanceOf(IllegalStateException.class, thrown);
    }
}
