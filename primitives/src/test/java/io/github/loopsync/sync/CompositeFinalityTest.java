package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A composite future whose value stands for work already done (withLock's body, awaitUntil's
 * predicate loop, waitFor's inner stage) cannot be overridden by a late task cancellation: the
 * work's result reaches the caller and the cancellation waits for the task's next wait. The
 * harness found the awaitUntil case losing a signal before this rule.
 */
class CompositeFinalityTest extends LoopFixture {

    /** An awaitUntil that succeeded is seen by the caller even if the task is cancelled before it resumes. */
    @Test
    void satisfiedAwaitUntilIsNotOverridden() {
        AsyncCondition condition = new AsyncCondition();
        int[] state = {0};
        List<String> events = new ArrayList<>();
        Task<Void> consumer = loop.createTask(() -> condition.withLock(() -> condition.awaitUntil(() -> state[0] > 0)
                .thenRun(() -> {
                    state[0]--;
                    events.add("consumed");
                })));
        settle();
        condition.withLock(() -> {
            state[0]++;
            condition.signal();
            return loop.done();
        });
        // The lock was handed to the consumer; one step resumes it and re-checks the predicate,
        // which decides awaitUntil's future. A cancellation right then must not undo that.
        loop.runOnce();
        assertEquals(1, state[0]);
        assertTrue(events.isEmpty());
        consumer.cancel();
        settle();
        assertEquals(0, state[0], "the unit was consumed, not lost");
        assertEquals(List.of("consumed"), events);
        assertFalse(condition.isLocked());
    }

    /** A withLock whose body finished delivers the body's value even if its task is cancelled meanwhile. */
    @Test
    void finishedWithLockBodyIsNotOverridden() {
        AsyncLock lock = new AsyncLock();
        AsyncQueue<String> queue = new AsyncQueue<>();
        queue.putNowait("item");
        List<String> received = new ArrayList<>();
        LoopFuture<String> guarded = lock.withLock(queue::get);
        guarded.thenAccept(received::add);
        assertTrue(guarded.isDone(), "the body finished at once; its value is final");
        assertFalse(guarded.cancel(true), "a final value cannot be cancelled");
        settle();
        assertEquals(List.of("item"), received, "the item taken inside the lock was not lost");
    }

    /** A composite's final value is readable on the loop thread before its delivery, by every form of get. */
    @Test
    void finalValueIsReadableBeforeDeliveryByEveryGet() throws Exception {
        AsyncLock lock = new AsyncLock();
        LoopFuture<String> guarded = lock.withLock(() -> loop.completedFuture("value"));
        assertTrue(guarded.isDone(), "the body finished at once; its value is final");
        assertEquals("value", guarded.join());
        assertEquals("value", guarded.get());
        assertEquals("value", guarded.get(0, TimeUnit.SECONDS));
        settle();
        assertFalse(lock.isLocked());
    }

    /** waitFor that got its inner value keeps it when the waiting task is cancelled before resuming. */
    @Test
    void completedWaitForIsNotOverridden() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        List<String> received = new ArrayList<>();
        Task<Void> task = loop.createTask(() -> Tasks.waitFor(queue.get(), Duration.ofSeconds(5)).thenAccept(received::add));
        loop.runOnce();   // the task starts and waits
        queue.putNowait("item");
        loop.runOnce();   // the getter resumes; waitFor decides its value
        task.cancel();
        settle();
        assertEquals(List.of("item"), received);
        assertEquals(0, queue.size());
    }
}
