package io.github.loopsync.loop;

import static io.github.loopsync.loop.FailureAssertions.assertSurfacesAs;
import static io.github.loopsync.loop.FailureAssertions.assertSurfacesAsA;
import static io.github.loopsync.loop.FailureAssertions.describe;
import static io.github.loopsync.loop.FailureAssertions.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import io.github.loopsync.testing.LoopFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Timeouts and cancellations surface as themselves through the composites: the very {@code
 * TimeoutException} that {@link Tasks#waitFor} raised, and a {@code CancellationException}, reach
 * the code chained on {@code withLock}, {@code withPermit}, {@code gather} and {@link TaskGroup}
 * with at most the one {@code CompletionException} that {@code CompletableFuture} itself puts
 * around a dependent's failure, never a wrapper nested in another.
 */
class ErrorIdentityTest extends LoopFixture {

    private final List<CompletionStage<?>> timed = new ArrayList<>();

    /** Work that overruns a one-second waitFor; remembers the waitFor future to read its timeout. */
    private CompletionStage<String> overrunning() {
        CompletionStage<String> wait = Tasks.waitFor(
                () -> Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "late"), Duration.ofSeconds(1));
        timed.add(wait);
        return wait;
    }

    /** The TimeoutException the first overrunning waitFor raised, unwrapped. */
    private TimeoutException raisedTimeout() {
        return assertSurfacesAsA(TimeoutException.class, failureOf(timed.get(0)));
    }

    /** A timeout inside withLock reaches the caller as the same TimeoutException, and the lock is free. */
    @Test
    void timeoutThroughWithLock() {
        AsyncLock lock = new AsyncLock();
        Task<String> task = loop.createTask(() -> lock.withLock(this::overrunning));
        settle();
        assertSurfacesAs(raisedTimeout(), failureOf(task));
        assertFalse(lock.isLocked());
    }

    /** Cancelling a task inside withLock surfaces as a CancellationException, and the lock is free. */
    @Test
    void cancellationThroughWithLock() {
        AsyncLock lock = new AsyncLock();
        Task<String> task = loop.createTask(() -> lock.withLock(
                () -> Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "done")));
        loop.callLater(Duration.ofSeconds(1), task::cancel);
        settle();
        assertSurfacesAsA(CancellationException.class, failureOf(task));
        assertTrue(task.isCancelled());
        assertFalse(lock.isLocked());
    }

    /** Cancelling a task waiting to acquire in withLock surfaces as a CancellationException. */
    @Test
    void cancellationWhileAcquiringWithLock() {
        AsyncLock lock = new AsyncLock();
        loop.createTask(() -> lock.withLock(() -> Tasks.sleep(Duration.ofSeconds(5))));
        Task<String> waiting = loop.createTask(() -> lock.withLock(() -> loop.completedFuture("never")));
        loop.callLater(Duration.ofSeconds(1), waiting::cancel);
        settle();
        assertSurfacesAsA(CancellationException.class, failureOf(waiting));
        assertFalse(lock.isLocked());
    }

    /** A timeout inside withPermit reaches the caller as the same TimeoutException, and the permit is back. */
    @Test
    void timeoutThroughWithPermit() {
        AsyncSemaphore permits = new AsyncSemaphore(1);
        Task<String> task = loop.createTask(() -> permits.withPermit(this::overrunning));
        settle();
        assertSurfacesAs(raisedTimeout(), failureOf(task));
        assertEquals(1, permits.availablePermits());
    }

    /** Cancelling a task inside withPermit surfaces as a CancellationException, and the permit is back. */
    @Test
    void cancellationThroughWithPermit() {
        AsyncSemaphore permits = new AsyncSemaphore(1);
        Task<String> task = loop.createTask(() -> permits.withPermit(
                () -> Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "done")));
        loop.callLater(Duration.ofSeconds(1), task::cancel);
        settle();
        assertSurfacesAsA(CancellationException.class, failureOf(task));
        assertEquals(1, permits.availablePermits());
    }

    /** gather fails with the same TimeoutException one of its stages raised. */
    @Test
    void timeoutThroughGather() {
        Task<List<String>> task = loop.createTask(() -> Tasks.gather(
                loop.createTask(this::overrunning),
                loop.createTask(() -> Tasks.sleep(Duration.ofMillis(10)).thenApply(v -> "fast"))));
        settle();
        assertSurfacesAs(raisedTimeout(), failureOf(task));
    }

    /** Cancelling a task waiting in gather surfaces as a CancellationException. */
    @Test
    void cancellationThroughGather() {
        Task<List<String>> task = loop.createTask(() -> Tasks.gather(
                loop.createTask(() -> Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "a")),
                loop.createTask(() -> Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "b"))));
        loop.callLater(Duration.ofSeconds(1), task::cancel);
        settle();
        assertSurfacesAsA(CancellationException.class, failureOf(task));
    }

    /** A member's timeout appears in the TaskGroupException as the same TimeoutException. */
    @Test
    void timeoutThroughTaskGroup() {
        Task<String> task = loop.createTask(() -> TaskGroup.run(group -> {
            group.createTask(this::overrunning);
            return Tasks.sleep(Duration.ofSeconds(5)).thenApply(v -> "body");
        }));
        settle();
        TaskGroupException thrown = assertSurfacesAsA(TaskGroupException.class, failureOf(task));
        assertEquals(1, thrown.exceptions().size(), thrown.exceptions().toString());
        assertSame(raisedTimeout(), thrown.exceptions().get(0), describe(thrown.exceptions().get(0)));
    }

    /** Cancelling the task waiting on a group surfaces as a CancellationException. */
    @Test
    void cancellationThroughTaskGroup() {
        Task<String> task = loop.createTask(() -> TaskGroup.run(group -> {
            group.createTask(() -> Tasks.sleep(Duration.ofSeconds(10)));
            return Tasks.sleep(Duration.ofSeconds(10)).thenApply(v -> "body");
        }));
        loop.callLater(Duration.ofSeconds(1), task::cancel);
        settle();
        assertSurfacesAsA(CancellationException.class, failureOf(task));
    }

    /**
     * The crawler of issue 12, written with Chains: eight fetches under a lock and a timeout, each
     * catching only IOException; the group reports the timeouts themselves.
     */
    @Test
    void crawlerTimeoutsSurfaceAsThemselves() {
        AsyncSemaphore connections = new AsyncSemaphore(8);
        Task<String> crawl = loop.createTask(() -> TaskGroup.run(group -> {
            for (int page = 0; page < 8; page++) {
                group.createTask(() -> connections.withPermit(this::overrunning)
                        .exceptionally(Chains.catching(IOException.class, failed -> "skipped")));
            }
            return loop.completedFuture("crawled");
        }));
        settle();
        TaskGroupException thrown = assertSurfacesAsA(TaskGroupException.class, failureOf(crawl));
        assertEquals(8, thrown.exceptions().size());
        for (Throwable failure : thrown.exceptions()) {
            assertTrue(failure instanceof TimeoutException, "expected a TimeoutException itself, got " + describe(failure));
        }
        assertEquals(8, connections.availablePermits());
    }
}
