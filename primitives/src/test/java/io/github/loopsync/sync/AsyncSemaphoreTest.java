package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AsyncSemaphore and AsyncBoundedSemaphore beyond the lock-like contract. */
class AsyncSemaphoreTest extends LoopFixture {

    /** With several permits, at most that many tasks are inside at once. */
    @Test
    void limitsConcurrencyToThePermits() {
        AsyncSemaphore semaphore = new AsyncSemaphore(3);
        int[] inside = {0};
        int[] peak = {0};
        for (int i = 0; i < 20; i++) {
            loop.createTask(() -> semaphore.withPermit(() -> {
                inside[0]++;
                peak[0] = Math.max(peak[0], inside[0]);
                return Tasks.sleep(java.time.Duration.ofMillis(5)).thenRun(() -> inside[0]--);
            }));
        }
        settle();
        assertEquals(3, peak[0]);
        assertEquals(3, semaphore.availablePermits());
    }

    /** Two releases with two waiters hand one permit to each: an unbounded semaphore counts releases. */
    @Test
    void eachReleaseHandsOnePermit() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        LoopFuture<Void> a = semaphore.acquire();
        LoopFuture<Void> b = semaphore.acquire();
        LoopFuture<Void> c = semaphore.acquire();
        semaphore.release();
        semaphore.release();
        settle();
        assertTrue(a.isDone() && b.isDone());
        assertFalse(c.isDone());
        assertEquals(0, semaphore.availablePermits());
    }

    /** A permit handed to a waiter that is then cancelled goes back to the semaphore when nobody else waits. */
    @Test
    void revokedPermitReturnsToTheSemaphore() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        LoopFuture<Void> only = semaphore.acquire();
        semaphore.release();
        assertEquals(0, semaphore.availablePermits());
        only.cancel(true);
        assertEquals(1, semaphore.availablePermits());
        assertTrue(semaphore.tryAcquire());
    }

    /** A bounded semaphore refuses over-release, stays unchanged and usable. */
    @Test
    void boundedOverReleaseIsRefusedAndHarmless() {
        AsyncBoundedSemaphore bounded = new AsyncBoundedSemaphore(2);
        assertTrue(bounded.tryAcquire());
        bounded.release();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, bounded::release);
        assertTrue(thrown.getMessage().contains("released too many times (bound: 2)"), thrown.getMessage());
        assertEquals(2, bounded.availablePermits());
        assertTrue(bounded.tryAcquire());
        assertTrue(bounded.tryAcquire());
        assertFalse(bounded.tryAcquire());
        bounded.release();
        bounded.release();
        assertEquals("AsyncBoundedSemaphore[unlocked, value:2]", bounded.toString());
    }

    /**
     * CPython's documented limitation, kept: only free permits are counted, so a holder releasing
     * twice makes another holder's legitimate release fail.
     */
    @Test
    void boundedCountsFreePermitsOnly() {
        AsyncBoundedSemaphore bounded = new AsyncBoundedSemaphore(2);
        assertTrue(bounded.tryAcquire());
        assertTrue(bounded.tryAcquire());
        bounded.release();
        bounded.release();
        assertThrows(IllegalStateException.class, bounded::release);
    }

    /**
     * A bounded semaphore of zero permits can never be released: it only ever hands out what was
     * released to it, and nothing was; an unbounded one of zero permits counts each release.
     */
    @Test
    void boundedOfZeroRefusesEveryRelease() {
        AsyncBoundedSemaphore bounded = new AsyncBoundedSemaphore(0);
        assertThrows(IllegalStateException.class, bounded::release);
        assertEquals(0, bounded.availablePermits());
        assertFalse(bounded.tryAcquire());
        AsyncSemaphore unbounded = new AsyncSemaphore(0);
        unbounded.release();
        assertEquals(1, unbounded.availablePermits());
    }

    /** FIFO across permits: waiters are served in arrival order whichever permit frees up. */
    @Test
    void fifoAcrossPermits() {
        AsyncSemaphore semaphore = new AsyncSemaphore(2);
        List<Integer> order = new ArrayList<>();
        semaphore.acquire();
        semaphore.acquire();
        for (int i = 0; i < 5; i++) {
            int n = i;
            semaphore.acquire().thenRun(() -> order.add(n));
        }
        for (int i = 0; i < 5; i++) {
            semaphore.release();
        }
        settle();
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }
}
