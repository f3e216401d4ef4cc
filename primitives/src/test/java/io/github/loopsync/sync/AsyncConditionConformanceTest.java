package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's {@code test_locks.py} ConditionTests (3.13), re-expressed. {@code notify} is {@code
 * signal} here. Not ported: the {@code loop=} parameter half of {@code test_ambiguous_loops} (no
 * constructor takes a loop).
 */
class AsyncConditionConformanceTest extends LoopFixture {

    private final AsyncCondition condition = new AsyncCondition();
    private final List<Integer> result = new ArrayList<>();

    /** A task that acquires, waits, and appends {@code value}, keeping the lock. */
    private Task<Boolean> waitThenAppend(int value) {
        return loop.createTask(() -> condition.acquire().thenCompose(v -> condition.await()).thenApply(v -> result.add(value)));
    }

    /** A task that acquires, waits, appends {@code value} and releases. */
    private Task<Void> waitAppendRelease(int value) {
        return loop.createTask(() -> condition.acquire().thenCompose(v -> condition.await()).thenRun(() -> {
            result.add(value);
            condition.release();
        }));
    }

    /** test_wait: signalled waiters return one per release, each holding the lock. */
    @Test
    void test_wait() {
        waitThenAppend(1);
        waitThenAppend(2);
        waitThenAppend(3);
        loop.runOnce();
        assertEquals(List.of(), result);
        assertFalse(condition.isLocked());
        assertTrue(condition.acquire().isDone());
        condition.signal();
        loop.runOnce();
        assertEquals(List.of(), result);
        assertTrue(condition.isLocked());
        condition.release();
        loop.runOnce();
        assertEquals(List.of(1), result);
        assertTrue(condition.isLocked());
        condition.signal(2);
        loop.runOnce();
        assertEquals(List.of(1), result);
        assertTrue(condition.isLocked());
        condition.release();
        loop.runOnce();
        assertEquals(List.of(1, 2), result);
        assertTrue(condition.isLocked());
        condition.release();
        loop.runOnce();
        assertEquals(List.of(1, 2, 3), result);
        assertTrue(condition.isLocked());
    }

    /** test_wait_cancel: a cancelled wait fails, leaves no waiter, and returns holding the lock. */
    @Test
    void test_wait_cancel() {
        Task<Boolean> task = waitThenAppend(1);
        loop.runOnce();
        task.cancel();
        settle();
        assertTrue(task.isCancelled());
        assertEquals(0, condition.waiters());
        assertTrue(condition.isLocked(), "the lock was re-acquired before the cancellation surfaced");
    }

    /** test_wait_cancel_contested: cancel and release racing after a signal: the lock ends held either way (regression C1, bpo-22970). */
    @Test
    void test_wait_cancel_contested() {
        Task<Boolean> task = waitThenAppend(1);
        loop.runOnce();
        assertTrue(condition.acquire().isDone());
        condition.signal();
        loop.callSoon(task::cancel);
        loop.callSoon(condition::release);
        settle();
        assertTrue(task.isDone());
        assertTrue(condition.isLocked());
    }

    /** test_wait_cancel_after_notify: cancelled while re-acquiring after a signal, the task ends cancelled (regression C2, bpo-32841). */
    @Test
    void test_wait_cancel_after_notify() {
        Task<Boolean> task = waitThenAppend(1);
        loop.runOnce();
        assertTrue(condition.acquire().isDone());
        condition.signal();
        loop.runOnce();
        task.cancel();
        condition.release();
        settle();
        assertTrue(task.isCancelled(), "the cancellation was not swallowed");
        assertTrue(condition.isLocked());
        assertEquals(List.of(), result);
    }

    /** test_wait_unacquired: await without the lock is refused and parks nobody. */
    @Test
    void test_wait_unacquired() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, condition::await);
        assertTrue(thrown.getMessage().contains("un-acquired lock"));
        assertEquals(0, condition.waiters());
    }

    /**
     * test_wait_for: awaitValue stays blocked across signals while the predicate finds nothing,
     * then returns the predicate's value, as wait_for does.
     */
    @Test
    void test_wait_for() {
        String[] ready = {null};
        List<String> values = new ArrayList<>();
        loop.createTask(() -> condition.acquire()
                .thenCompose(v -> condition.awaitValue(() -> Optional.ofNullable(ready[0])))
                .thenAccept(value -> {
                    values.add(value);
                    condition.release();
                }));
        loop.runOnce();
        assertTrue(condition.acquire().isDone());
        condition.signal();
        condition.release();
        settle();
        assertEquals(List.of(), values);
        ready[0] = "ready";
        assertTrue(condition.acquire().isDone());
        condition.signal();
        condition.release();
        settle();
        assertEquals(List.of("ready"), values);
    }

    /** test_wait_for_unacquired: a true predicate returns (its value) without the lock; a false one needs it. */
    @Test
    void test_wait_for_unacquired() {
        assertTrue(condition.awaitUntil(() -> true).isDone());
        assertEquals(List.of(1, 2, 3), condition.awaitValue(() -> Optional.of(List.of(1, 2, 3))).join());
        assertThrows(IllegalStateException.class, () -> condition.awaitUntil(() -> false));
        assertThrows(IllegalStateException.class, () -> condition.awaitValue(Optional::empty));
        assertEquals(0, condition.waiters());
    }

    /** test_notify: signal(1) wakes one; signal(2048) wakes all that remain. */
    @Test
    void test_notify() {
        waitAppendRelease(1);
        waitAppendRelease(2);
        waitAppendRelease(3);
        loop.runOnce();
        condition.acquire();
        condition.signal(1);
        condition.release();
        settle();
        assertEquals(List.of(1), result);
        condition.acquire();
        condition.signal(1);
        condition.signal(2048);
        condition.release();
        settle();
        assertEquals(List.of(1, 2, 3), result);
    }

    /** test_notify_all: signalAll wakes every waiter. */
    @Test
    void test_notify_all() {
        waitAppendRelease(1);
        waitAppendRelease(2);
        loop.runOnce();
        condition.acquire();
        condition.signalAll();
        condition.release();
        settle();
        assertEquals(List.of(1, 2), result);
    }

    /** test_notify_unacquired: signal without the lock is refused. */
    @Test
    void test_notify_unacquired() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, condition::signal);
        assertTrue(thrown.getMessage().contains("un-acquired lock"));
    }

    /** test_notify_all_unacquired: signalAll without the lock is refused. */
    @Test
    void test_notify_all_unacquired() {
        assertThrows(IllegalStateException.class, condition::signalAll);
    }

    /** test_repr: lock state and waiters show in toString. */
    @Test
    void test_repr() {
        assertEquals("AsyncCondition[unlocked]", condition.toString());
        condition.acquire();
        assertEquals("AsyncCondition[locked]", condition.toString());
        condition.release();
        waitAppendRelease(1);
        waitAppendRelease(2);
        loop.runOnce();
        condition.acquire();
        assertEquals("AsyncCondition[locked, waiters:2]", condition.toString());
        condition.signalAll();
        condition.release();
        settle();
    }

    /** test_context_manager: withLock holds the lock inside and frees it after. */
    @Test
    void test_context_manager() {
        boolean[] inside = new boolean[1];
        condition.withLock(() -> {
            inside[0] = condition.isLocked();
            return loop.done();
        });
        settle();
        assertTrue(inside[0]);
        assertFalse(condition.isLocked());
    }

    /** test_explicit_lock: a condition over an existing lock shares its state both ways. */
    @Test
    void test_explicit_lock() {
        AsyncLock lock = new AsyncLock();
        AsyncCondition over = new AsyncCondition(lock);
        assertSame(lock, over.lock());
        lock.acquire();
        assertTrue(over.isLocked());
        over.release();
        assertFalse(lock.isLocked());
        over.acquire();
        assertTrue(lock.isLocked());
    }

    /** test_ambiguous_loops: once bound, the condition refuses another loop. */
    @Test
    @Timeout(10)
    void test_ambiguous_loops() throws InterruptedException {
        waitThenAppend(1);
        loop.runOnce();
        Throwable thrown = thrownOnOtherThread("second-loop-thread", () -> {
            EventLoop second = EventLoop.builder().build();
            try {
                condition.signal();
            } finally {
                second.close();
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("bound to"), thrown.getMessage());
    }

    /** test_timeout_in_block: a timed-out wait inside withLock re-acquires, so the release on exit succeeds (regression C3, bpo-33638). */
    @Test
    void test_timeout_in_block() {
        LoopFuture<Void> guarded = condition.withLock(() -> Tasks.waitFor(condition.await(), Duration.ofMillis(500)));
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, guarded::join).getCause());
        assertFalse(condition.isLocked(), "withLock released the re-acquired lock");
        assertEquals(List.of(), reported);
    }

    /** test_cancelled_error_wakeup: a cancellation while waiting surfaces as that same exception, with its message (regression C4, gh-111693). */
    @Test
    void test_cancelled_error_wakeup() {
        List<LoopFuture<Void>> waits = new ArrayList<>();
        Task<Void> task = loop.createTask(() -> condition.acquire().thenCompose(v -> {
            LoopFuture<Void> wait = condition.awaitUntil(() -> false);
            waits.add(wait);
            return wait;
        }));
        loop.runOnce();
        task.cancel("foo");
        settle();
        CancellationException fromTask = assertThrows(CancellationException.class, task::join);
        assertEquals("foo", fromTask.getMessage());
        CancellationException fromWait = assertThrows(CancellationException.class, waits.get(0)::join);
        assertSame(fromWait, fromTask, "the very instance the wait failed with");
        assertTrue(condition.isLocked());
    }

    /** test_cancelled_error_re_aquire: the same, when the cancellation arrives during re-acquisition (regression C4). */
    @Test
    void test_cancelled_error_re_aquire() {
        Task<Void> task = loop.createTask(() -> condition.acquire().thenCompose(v -> condition.awaitUntil(() -> false)));
        loop.runOnce();
        condition.acquire();
        condition.signal();
        loop.runOnce();
        task.cancel("foo");
        condition.release();
        settle();
        assertEquals("foo", assertThrows(CancellationException.class, task::join).getMessage());
        assertTrue(condition.isLocked());
    }

    private int state;

    private Task<Void> consumer() {
        return loop.createTask(() -> condition.withLock(() -> condition.awaitUntil(() -> state != 0).thenRun(() -> state--)));
    }

    /** test_cancelled_wakeup: a signalled waiter cancelled at once passes the signal to the other (regression C5, gh-112202). */
    @Test
    void test_cancelled_wakeup() {
        Task<Void> first = consumer();
        Task<Void> second = consumer();
        settle();
        condition.withLock(() -> {
            state++;
            condition.signal(1);
            first.cancel();
            return loop.done();
        });
        settle();
        assertEquals(0, state, "the second consumer took the signal");
        assertTrue(first.isCancelled());
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertFalse(condition.isLocked());
    }

    /** test_cancelled_wakeup_relock: the same, when the cancellation comes while the signalled waiter re-acquires (regression C5). */
    @Test
    void test_cancelled_wakeup_relock() {
        Task<Void> first = consumer();
        Task<Void> second = consumer();
        settle();
        condition.acquire();
        state++;
        condition.signal(1);
        loop.runOnce();
        first.cancel();
        condition.release();
        settle();
        assertEquals(0, state);
        assertTrue(first.isCancelled());
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertFalse(condition.isLocked());
    }
}
