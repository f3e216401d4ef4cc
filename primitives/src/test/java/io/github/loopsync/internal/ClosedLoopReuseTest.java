package io.github.loopsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reuse scenarios of issue #12 part 4: a lock or a queue used on a loop that was then closed,
 * and again on a new loop on the same thread. Before the fix the fast path still returned the
 * closed loop, so waiters were made on it and resumed inline, even after they were cancelled.
 */
class ClosedLoopReuseTest {

    private final List<String> log = new ArrayList<>();
    private EventLoop loop;

    private EventLoop newLoop(String name) {
        loop = EventLoop.builder().name(name).clock(VirtualClock.autoAdvancing())
                .exceptionHandler((l, message, error, task) -> log.add("reported: " + message + ": " + error)).build();
        return loop;
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** A lock used on a closed loop works on the new one: a task cancelled while parked never runs its critical section, and the next waiter resumes after release() has returned. */
    @Test
    void lockReusedAfterCloseKeepsItsCancellationAndHandOffRules() {
        AsyncLock lock = new AsyncLock();
        EventLoop first = newLoop("first");
        assertTrue(lock.tryAcquire());
        LoopFuture<Void> contended = lock.acquire();      // a waiter parked: the lock was bound for good
        lock.release();
        first.runUntilIdle();
        assertTrue(contended.isDone());
        lock.release();
        first.close();

        EventLoop second = newLoop("second");
        Task<Void> holder = second.createTask(() -> lock.acquire()
                .thenCompose(v -> Tasks.sleep(Duration.ofSeconds(1)))
                .thenRun(() -> {
                    log.add("holder releases");
                    lock.release();
                    log.add("release returned");
                }));
        Task<Void> cancelled = second.createTask(() -> lock.withLock(() -> {
            log.add("cancelled task's critical section");
            return second.done();
        }));
        Task<Void> next = second.createTask(() -> lock.acquire().thenRun(() -> {
            log.add("next waiter resumed");
            lock.release();
        }));
        second.runOnce();                                  // all three start; two park
        assertEquals(2, lock.waiters());
        cancelled.cancel();
        second.runUntilIdle();

        assertTrue(cancelled.isCancelled());
        assertTrue(holder.isDone() && next.isDone());
        assertEquals(List.of("holder releases", "release returned", "next waiter resumed"), log);
        assertFalse(lock.isLocked());
    }

    /** A queue used on a closed loop works on the new one: a getter cancelled while parked gets no item, and the other getter gets it. */
    @Test
    void queueReusedAfterCloseGivesNoItemToACancelledGetter() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        EventLoop first = newLoop("first");
        LoopFuture<String> parked = queue.get();          // a getter parked: the queue was bound for good
        queue.putNowait("warm-up");
        first.runUntilIdle();
        assertEquals("warm-up", parked.getNow(null));
        first.close();

        EventLoop second = newLoop("second");
        Task<String> cancelled = second.createTask(queue::get);
        Task<String> waiting = second.createTask(queue::get);
        second.runOnce();
        cancelled.cancel();
        second.runOnce();
        queue.putNowait("item");
        second.runUntilIdle();

        assertTrue(cancelled.isCancelled());
        assertEquals("item", waiting.getNow(null));
        assertEquals(0, queue.size());
        assertEquals(List.of(), log);
    }

    /** A queue whose getter was left parked on a loop that has closed refuses the new loop at once; nothing is handed to the stranded getter. */
    @Test
    void queueWithAGetterLeftOnTheClosedLoopRefusesAtOnce() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        EventLoop first = newLoop("first");
        LoopFuture<String> stranded = queue.get();         // outside any task: closing leaves it parked
        first.close();

        newLoop("second");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> queue.putNowait("item"));
        assertTrue(thrown.getMessage().contains("bound to EventLoop[first, closed") && thrown.getMessage().contains("which is closed"), thrown.getMessage());
        assertThrows(IllegalStateException.class, queue::get);
        assertFalse(stranded.isDone());
        assertEquals(0, queue.size());
    }

    /** A lock still held when its loop closed refuses the new loop at once, instead of making its acquirers wait forever. */
    @Test
    void lockHeldWhenItsLoopClosedRefusesAtOnce() {
        AsyncLock lock = new AsyncLock();
        newLoop("first");
        assertTrue(lock.tryAcquire());
        loop.close();

        newLoop("second");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, lock::acquire);
        assertTrue(thrown.getMessage().contains("bound to EventLoop[first, closed") && thrown.getMessage().contains("which is closed"), thrown.getMessage());
        assertTrue(lock.isLocked());
        assertEquals(0, lock.waiters());
    }
}
