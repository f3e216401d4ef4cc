package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code test_locks.py} SemaphoreTests (3.13), re-expressed. Not ported: {@code
 * test_semaphore} ({@code await sem} does not compile in Java).
 */
class AsyncSemaphoreConformanceTest extends LoopFixture {

    private final List<String> result = new ArrayList<>();

    private Task<Boolean> acquireThenAppend(AsyncSemaphore semaphore, String value) {
        return loop.createTask(() -> semaphore.acquire().thenApply(v -> result.add(value)));
    }

    /** test_initial_value_zero: a semaphore with no permits is locked. */
    @Test
    void test_initial_value_zero() {
        assertTrue(new AsyncSemaphore(0).isLocked());
    }

    /** test_repr: value, locked state and waiters show in toString. */
    @Test
    void test_repr() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        assertEquals("AsyncSemaphore[unlocked, value:1]", semaphore.toString());
        semaphore.acquire();
        assertEquals("AsyncSemaphore[locked]", semaphore.toString());
        semaphore.acquire();
        assertEquals("AsyncSemaphore[locked, waiters:1]", semaphore.toString());
        semaphore.acquire();
        assertEquals("AsyncSemaphore[locked, waiters:2]", semaphore.toString());
    }

    /** test_semaphore_value: a negative number of permits is a bad argument. */
    @Test
    void test_semaphore_value() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> new AsyncSemaphore(-1));
        assertEquals("permits: -1 (expected: >= 0)", thrown.getMessage());
    }

    /** test_acquire: permits go to waiters at release, not to newcomers. */
    @Test
    void test_acquire() {
        AsyncSemaphore semaphore = new AsyncSemaphore(3);
        assertTrue(semaphore.acquire().isDone());
        assertTrue(semaphore.acquire().isDone());
        assertFalse(semaphore.isLocked());
        Task<Boolean> t1 = acquireThenAppend(semaphore, "1");
        Task<Boolean> t2 = acquireThenAppend(semaphore, "2");
        Task<Boolean> t3 = acquireThenAppend(semaphore, "3");
        loop.runOnce();
        assertEquals(List.of("1"), result);
        assertTrue(semaphore.isLocked());
        assertEquals(2, semaphore.waiters());
        assertEquals(0, semaphore.availablePermits());
        Task<Boolean> t4 = acquireThenAppend(semaphore, "4");
        semaphore.release();
        semaphore.release();
        assertEquals(0, semaphore.availablePermits(), "both permits were handed over");
        loop.runOnce();
        assertEquals(3, result.size());
        assertTrue(semaphore.isLocked());
        assertEquals(1, semaphore.waiters());
        assertEquals(0, semaphore.availablePermits());
        assertTrue(t1.isDone());
        assertEquals(2, (t2.isDone() ? 1 : 0) + (t3.isDone() ? 1 : 0) + (t4.isDone() ? 1 : 0));
    }

    /** test_acquire_cancel: a cancelled acquire fails and leaves no waiter. */
    @Test
    void test_acquire_cancel() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        Task<Void> task = loop.createTask(semaphore::acquire);
        loop.callSoon(task::cancel);
        settle();
        assertTrue(task.isCancelled());
        assertEquals(0, semaphore.waiters());
    }

    /** test_acquire_cancel_before_awoken: cancelled waiters are skipped by release (regression S1). */
    @Test
    void test_acquire_cancel_before_awoken() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        Task<Void> t1 = loop.createTask(semaphore::acquire);
        Task<Void> t2 = loop.createTask(semaphore::acquire);
        Task<Void> t3 = loop.createTask(semaphore::acquire);
        Task<Void> t4 = loop.createTask(semaphore::acquire);
        loop.runOnce();
        t1.cancel();
        t2.cancel();
        semaphore.release();
        loop.runOnce();
        loop.runOnce();
        assertTrue(t3.isDone());
        assertFalse(t4.isDone());
    }

    /** test_acquire_hang: a release after a cancellation still reaches the next waiter (regression S1). */
    @Test
    void test_acquire_hang() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        Task<Void> t1 = loop.createTask(semaphore::acquire);
        Task<Void> t2 = loop.createTask(semaphore::acquire);
        loop.runOnce();
        t1.cancel();
        semaphore.release();
        loop.runOnce();
        loop.runOnce();
        assertTrue(t2.isDone());
        assertTrue(semaphore.isLocked());
    }

    /** test_acquire_no_hang: a waiter granted then cancelled gives the permit back (regression S3, gh-90155). */
    @Test
    void test_acquire_no_hang() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        List<Task<Void>> second = new ArrayList<>();
        Task<Void> c1 = loop.createTask(() -> semaphore.acquire()
                .thenCompose(v -> {
                    second.add(loop.createTask(semaphore::acquire));
                    return Tasks.yieldNow();
                })
                .thenCompose(v -> Tasks.yieldNow())
                .thenRun(() -> {
                    semaphore.release();
                    second.get(0).cancel();
                }));
        settle();
        assertTrue(c1.isDone());
        assertTrue(second.get(0).isCancelled());
        assertTrue(semaphore.acquire().isDone(), "the permit came back: no hang");
    }

    /** test_release_not_acquired: a bounded semaphore refuses a release beyond its bound. */
    @Test
    void test_release_not_acquired() {
        AsyncBoundedSemaphore bounded = new AsyncBoundedSemaphore(1);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, bounded::release);
        assertTrue(thrown.getMessage().contains("released too many times"));
        assertEquals(1, bounded.availablePermits(), "unchanged");
    }

    /** test_release_no_waiters: acquire then release toggles isLocked. */
    @Test
    void test_release_no_waiters() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        semaphore.acquire();
        assertTrue(semaphore.isLocked());
        semaphore.release();
        assertFalse(semaphore.isLocked());
    }

    private CompletionStage<Void> twoRounds(AsyncSemaphore semaphore, String name) {
        return round(semaphore, name + "_1").thenCompose(v -> round(semaphore, name + "_2"));
    }

    private CompletionStage<Void> round(AsyncSemaphore semaphore, String label) {
        return semaphore.acquire().thenCompose(v -> {
            result.add(label);
            return Tasks.sleep(Duration.ofMillis(10));
        }).thenRun(semaphore::release);
    }

    /** test_acquire_fifo_order: releasing and re-acquiring queues behind the others (regression S2, bpo-45997). */
    @Test
    void test_acquire_fifo_order() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        for (String name : List.of("c1", "c2", "c3")) {
            loop.createTask(() -> twoRounds(semaphore, name));
        }
        settle();
        assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
    }

    /** test_acquire_fifo_order_2: a task that releases and re-acquires at once waits behind the queue (regression S3). */
    @Test
    void test_acquire_fifo_order_2() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        semaphore.acquire();
        result.add("1");
        loop.createTask(() -> semaphore.acquire().thenCompose(v -> {
            result.add("2");
            semaphore.release();
            return semaphore.acquire();
        }).thenRun(() -> result.add("4")));
        loop.createTask(() -> semaphore.acquire().thenRun(() -> {
            result.add("3");
            semaphore.release();
        }));
        loop.runOnce();
        semaphore.release();
        settle();
        assertEquals(List.of("1", "2", "3", "4"), result);
    }

    /** test_acquire_fifo_order_3: a cancelled head waiter is skipped; the others keep their order (regression S3). */
    @Test
    void test_acquire_fifo_order_3() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        Task<Boolean> c1 = acquireThenAppend(semaphore, "1");
        acquireThenAppend(semaphore, "2");
        acquireThenAppend(semaphore, "3");
        loop.runOnce();
        c1.cancel();
        loop.runOnce();
        semaphore.release();
        semaphore.release();
        settle();
        assertEquals(List.of("2", "3"), result);
    }

    /**
     * test_acquire_fifo_order_4 (3.13, regression S5). Deviation: CPython keeps c2 and c3 queued
     * behind c1, which was woken but has not run, so the order is [1, 2, 3, 4]. loopsync hands the
     * first permit to c1 at once; the two further permits are then free and nobody waits, so c2 and
     * c3 take them without waiting. Nobody overtakes a waiter: c1 was served first, and c4, which
     * arrives when no permit is left, waits.
     */
    @Test
    void test_acquire_fifo_order_4() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        loop.createTask(() -> semaphore.acquire().thenRun(() -> {
            result.add("1");
            loop.createTask(() -> semaphore.acquire().thenRun(() -> result.add("4")));
        }));
        loop.createTask(() -> {
            semaphore.release();
            semaphore.release();
            semaphore.release();
            assertEquals(2, semaphore.availablePermits());
            return semaphore.acquire().thenRun(() -> result.add("2"));
        });
        loop.createTask(() -> semaphore.acquire().thenRun(() -> result.add("3")));
        settle();
        assertEquals(List.of("2", "3", "1"), result);
        assertEquals(1, semaphore.waiters(), "c4 waits: every permit is held");
        semaphore.release();
        settle();
        assertEquals(List.of("2", "3", "1", "4"), result);
    }
}
