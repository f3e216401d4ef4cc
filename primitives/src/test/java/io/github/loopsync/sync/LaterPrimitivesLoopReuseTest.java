package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The loop-reuse rule (issue #12 part 4) for the primitives added after it: a primitive whose loop
 * has closed moves to the next loop that uses it when it is idle, with a waiter served on the first
 * loop, and refuses at once when something it lent or parked there is still outstanding.
 */
class LaterPrimitivesLoopReuseTest {

    private EventLoop loop;

    private EventLoop newLoop(String name) {
        loop = EventLoop.builder().name(name).clock(VirtualClock.autoAdvancing()).build();
        return loop;
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Closes the current loop (named {@code second}) and checks that {@code use} on a third one is refused, naming the closed loop. */
    private void assertRefusedOnTheNextLoop(Executable use) {
        loop.close();
        newLoop("third");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, use);
        assertTrue(thrown.getMessage().contains("bound to EventLoop[second, closed") && thrown.getMessage().contains("which is closed"),
                thrown.getMessage());
    }

    /** The read-write lock moves when free after a served waiter, and refuses while a write hold from the closed loop remains. */
    @Test
    void readWriteLock() {
        AsyncReadWriteLock lock = new AsyncReadWriteLock();
        EventLoop first = newLoop("first");
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> reader = lock.acquireRead();
        lock.releaseWrite();
        first.runUntilIdle();
        assertTrue(reader.isDone());
        lock.releaseRead();
        first.close();
        newLoop("second");
        assertTrue(lock.tryAcquireWrite(), "idle: it moved to the new loop");

        assertRefusedOnTheNextLoop(lock::acquireRead);
        assertTrue(lock.isWriteLocked());
    }

    /** The latch moves after its waiter was released, and refuses while a waiter is still parked on the closed loop. */
    @Test
    void countDownLatch() {
        AsyncCountDownLatch latch = new AsyncCountDownLatch(1);
        EventLoop first = newLoop("first");
        LoopFuture<Void> released = latch.await();
        latch.countDown();
        first.runUntilIdle();
        assertTrue(released.isDone());
        first.close();
        newLoop("second");
        assertTrue(latch.await().isDone(), "idle and open: it moved to the new loop");

        AsyncCountDownLatch closed = new AsyncCountDownLatch(1);
        closed.await();                                  // left parked
        assertRefusedOnTheNextLoop(closed::countDown);
    }

    /** The weighted semaphore moves when every permit is back, and refuses while permits taken on the closed loop are out. */
    @Test
    void weightedSemaphore() {
        AsyncWeightedSemaphore semaphore = new AsyncWeightedSemaphore(3);
        EventLoop first = newLoop("first");
        assertTrue(semaphore.tryAcquire(2));
        LoopFuture<Void> waiter = semaphore.acquire(3);
        semaphore.release(2);
        first.runUntilIdle();
        assertTrue(waiter.isDone());
        semaphore.release(3);
        first.close();
        newLoop("second");
        assertTrue(semaphore.tryAcquire(3), "idle: it moved to the new loop");

        semaphore.release(1);                            // two of three permits still out
        assertRefusedOnTheNextLoop(() -> semaphore.acquire(1));
        assertEquals(1, semaphore.availablePermits());
    }

    /** The limiter moves when nothing is lent, and refuses while a token lent on the closed loop is out. */
    @Test
    void capacityLimiter() {
        AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(1);
        EventLoop first = newLoop("first");
        assertTrue(limiter.tryAcquireOnBehalfOf("a"));
        LoopFuture<Void> waiter = limiter.acquireOnBehalfOf("b");
        limiter.releaseOnBehalfOf("a");
        first.runUntilIdle();
        assertTrue(waiter.isDone());
        limiter.releaseOnBehalfOf("b");
        first.close();
        newLoop("second");
        assertTrue(limiter.tryAcquireOnBehalfOf("c"), "idle: it moved to the new loop");

        assertRefusedOnTheNextLoop(() -> limiter.acquireOnBehalfOf("d"));
        assertEquals(1, limiter.borrowedTokens());
    }
}
