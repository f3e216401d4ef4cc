package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every waiter state of {@link AsyncCondition#awaitValue}: found at once, parked, cancelled while
 * parked, signalled or handed the lock then cancelled before resuming, timed out, cancelled from
 * another thread, and cancelled after the probe took its value; plus a probe that throws or
 * returns null. The probe here takes a job out of a deque, so a value taken twice or lost shows.
 */
class ConditionAwaitValueTest extends LoopFixture {
    private final AsyncCondition condition = new AsyncCondition();
    private final Deque<String> jobs = new ArrayDeque<>();

    private Optional<String> takeJob() {
        return Optional.ofNullable(jobs.poll());
    }

    private LoopFuture<String> awaitJobHoldingTheLock() {
        assertTrue(condition.tryAcquire());
        return condition.awaitValue(this::takeJob);
    }

    /** Adds a job and signals, holding the lock, as a producer does. */
    private void produce(String job, int signals) {
        assertTrue(condition.tryAcquire());
        jobs.add(job);
        condition.signal(signals);
        condition.release();
    }

    /** Found at once: completes with the value without waiting, and without needing the lock. */
    @Test
    void foundAtOnce() {
        jobs.add("a");
        LoopFuture<String> found = condition.awaitValue(this::takeJob);
        assertEquals("a", found.join());
        assertFalse(condition.isLocked());
        assertEquals(0, condition.waiters());
    }

    /** Parked: the lock is released while waiting; the value arrives with the lock held again. */
    @Test
    void parked() {
        LoopFuture<String> job = awaitJobHoldingTheLock();
        assertFalse(condition.isLocked());
        assertEquals(1, condition.waiters());
        produce("a", 1);
        settle();
        assertEquals("a", job.join());
        assertTrue(condition.isLocked());
        assertTrue(jobs.isEmpty());
        condition.release();
    }

    /** Woken with nothing to take: waits again, and completes with the value of a later check. */
    @Test
    void wokenEmptyWaitsAgain() {
        LoopFuture<String> job = awaitJobHoldingTheLock();
        assertTrue(condition.tryAcquire());
        condition.signal();
        condition.release();
        settle();
        assertFalse(job.isDone());
        assertEquals(1, condition.waiters(), "parked again after an empty check");
        produce("b", 1);
        settle();
        assertEquals("b", job.join());
        condition.release();
    }

    /** Cancelled while parked: fails once the lock is back, takes nothing, wakes no other waiter. */
    @Test
    void cancelledWhileParked() {
        LoopFuture<String> cancelled = awaitJobHoldingTheLock();
        LoopFuture<String> other = awaitJobHoldingTheLock();
        assertTrue(cancelled.cancel("stop"));
        settle();
        assertEquals("stop", assertThrows(CancellationException.class, cancelled::join).getMessage());
        assertTrue(condition.isLocked(), "it failed holding the lock");
        assertFalse(other.isDone(), "no spurious wake-up");
        condition.release();
        produce("a", 1);
        settle();
        assertEquals("a", other.join());
        condition.release();
    }

    /** Signalled then cancelled before resuming: the signal and the job pass to the next waiter. */
    @Test
    void signalledThenCancelled() {
        LoopFuture<String> first = awaitJobHoldingTheLock();
        LoopFuture<String> second = awaitJobHoldingTheLock();
        assertTrue(condition.tryAcquire());
        jobs.add("a");
        condition.signal();
        first.cancel(true);
        condition.release();
        settle();
        assertTrue(first.isCancelled());
        assertTrue(condition.isLocked());
        condition.release();
        settle();
        assertEquals("a", second.join(), "the signal and the job were not lost");
        condition.release();
    }

    /** Handed the lock, then cancelled before resuming: it ends cancelled holding the lock, and the job stays. */
    @Test
    void lockGrantedThenCancelled() {
        LoopFuture<String> waiter = awaitJobHoldingTheLock();
        assertTrue(condition.tryAcquire());
        jobs.add("a");
        condition.signal();
        condition.release();
        assertTrue(condition.isLocked(), "handed to the waiter");
        waiter.cancel(true);
        settle();
        assertTrue(waiter.isCancelled());
        assertEquals(List.of("a"), new ArrayList<>(jobs), "the probe did not run: the job is still there");
        assertTrue(condition.isLocked());
        condition.release();
    }

    /** The probe took its value, then the task is cancelled before it resumes: the value is not lost. */
    @Test
    void cancelledAfterTheProbeTookTheValue() {
        List<String> received = new ArrayList<>();
        Task<Void> consumer = loop.createTask(() -> condition.withLock(() -> condition.awaitValue(this::takeJob)
                .thenAccept(received::add)));
        settle();
        produce("a", 1);
        loop.runOnce();
        assertTrue(jobs.isEmpty(), "the probe ran and took the job");
        consumer.cancel();
        settle();
        assertEquals(List.of("a"), received, "the job taken is delivered, not dropped");
        assertFalse(condition.isLocked());
    }

    /** Timed out: fails with TimeoutException once the lock is re-acquired. */
    @Test
    void timedOut() {
        LoopFuture<String> waiter = awaitJobHoldingTheLock();
        waiter.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, waiter::join).getCause());
        assertTrue(condition.isLocked());
        assertEquals(0, condition.waiters());
        condition.release();
    }

    /** Cancelled from another thread before the loop saw it: it ends holding the lock; the live waiter gets the job. */
    @Test
    @Timeout(10)
    void cancelledOffLoop() throws InterruptedException {
        LoopFuture<String> cancelled = awaitJobHoldingTheLock();
        LoopFuture<String> other = awaitJobHoldingTheLock();
        assertTrue(condition.tryAcquire());
        onOtherThread("canceller", () -> assertTrue(cancelled.cancel("stop")));
        jobs.add("a");
        condition.signal();
        condition.release();
        settle();
        assertTrue(cancelled.isDone(), "cancelled, or satisfied before the cancellation arrived");
        assertTrue(condition.isLocked(), "either way it ends holding the lock");
        if (cancelled.isCancelled()) {
            condition.signal();
        } else {
            jobs.add("b");
            condition.signal();
        }
        condition.release();
        settle();
        assertTrue(other.isDone() && !other.isCompletedExceptionally(), "the live waiter got a job");
        condition.release();
        assertTrue(jobs.isEmpty(), "every job taken exactly once");
    }

    /** A probe that throws fails the wait with that exception, holding the lock. */
    @Test
    void probeThrows() {
        boolean[] broken = {false};
        assertTrue(condition.tryAcquire());
        LoopFuture<String> waiter = condition.awaitValue(() -> {
            if (broken[0]) {
                throw new IllegalArgumentException("bad state");
            }
            return Optional.empty();
        });
        assertTrue(condition.tryAcquire());
        broken[0] = true;
        condition.signal();
        condition.release();
        settle();
        assertInstanceOf(IllegalArgumentException.class, assertThrows(CompletionException.class, waiter::join).getCause());
        assertTrue(condition.isLocked());
        condition.release();
    }

    /** A probe that returns null instead of an Optional is a bug, reported as NullPointerException at once. */
    @Test
    void probeReturningNullIsRefused() {
        assertTrue(condition.tryAcquire());
        NullPointerException thrown = assertThrows(NullPointerException.class, () -> condition.awaitValue(() -> null));
        assertTrue(thrown.getMessage().contains("Optional"), thrown.getMessage());
        assertEquals(0, condition.waiters());
        condition.release();
    }
}
