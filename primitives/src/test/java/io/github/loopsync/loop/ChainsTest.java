package io.github.loopsync.loop;

import static io.github.loopsync.loop.FailureAssertions.assertSurfacesAs;
import static io.github.loopsync.loop.FailureAssertions.failureOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** rethrow, catching, catchingCompose, ensure and ensureCompose keep every exception itself. */
class ChainsTest extends LoopFixture {

    private CompletionStage<String> fetch(String page, Duration latency) {
        return Tasks.sleep(latency).thenApply(done -> page);
    }

    /** The chain form of try / catch (TimeoutException) / finally keeps the timeout itself. */
    @Test
    void tryCatchFinallyExample() {
        Task<String> reader = loop.createTask(() -> {
            // @start region=try-catch-finally
            // try { fetch within 1 s } catch (TimeoutException e) { use the cache } finally { close }
            CompletionStage<String> page = Chains.ensure(
                    Tasks.waitFor(() -> fetch("news", Duration.ofSeconds(5)), Duration.ofSeconds(1))
                         .exceptionally(Chains.catching(TimeoutException.class, timedOut -> "news (cached)")),
                    () -> log("connection closed"));
            // @end region=try-catch-finally
            return page;
        });
        settle();
        assertEquals("news (cached)", reader.join());
        assertLog("connection closed");
        assertEquals(Duration.ofSeconds(1), now());
    }

    /** rethrow throws the innermost cause, the same object, checked or not, without wrapping it. */
    @Test
    void rethrowThrowsTheCauseUnchanged() {
        IOException checked = new IOException("disk");
        Throwable wrapped = new CompletionException(new ExecutionException(new CompletionException(checked)));
        assertSame(checked, assertThrows(IOException.class, () -> {
            throw Chains.rethrow(wrapped);
        }));
        IllegalStateException plain = new IllegalStateException("plain");
        assertSame(plain, assertThrows(IllegalStateException.class, () -> {
            throw Chains.rethrow(plain);
        }));
    }

    /** A failure re-thrown through fifty stages arrives as itself, with no wrapper nested in another. */
    @Test
    void rethrowThroughManyStagesNestsNothing() {
        IllegalArgumentException original = new IllegalArgumentException("bad input");
        Task<String> task = loop.createTask(() -> {
            CompletionStage<String> stage = Tasks.yieldNow().thenApply(v -> {
                throw original;
            });
            for (int i = 0; i < 50; i++) {
                stage = stage.exceptionally(failure -> {
                    throw Chains.rethrow(failure);
                });
            }
            return stage;
        });
        settle();
        assertSurfacesAs(original, failureOf(task));
        assertSame(original, Tasks.unwrap(failureOf(task)));
    }

    /**
     * Broken twin: the idiom Chains replaces, {@code exceptionally(f -> { throw new
     * IllegalStateException(f); })}, buries a timeout under wrappers, one per catch clause.
     */
    @Test
    void wrappingIdiomLosesTheTimeout() {
        Task<String> task = loop.createTask(() -> {
            CompletionStage<String> stage = Tasks.waitFor(() -> fetch("slow", Duration.ofSeconds(9)), Duration.ofSeconds(1));
            for (int i = 0; i < 3; i++) {
                stage = stage.exceptionally(failure -> {
                    throw new IllegalStateException(failure);
                });
            }
            return stage;
        });
        settle();
        Throwable surfaced = Tasks.unwrap(failureOf(task));
        assertInstanceOf(IllegalStateException.class, surfaced, "the timeout is buried, not surfaced");
        int depth = 0;
        Throwable cause = surfaced;
        while (!(cause instanceof TimeoutException)) {
            cause = cause.getCause();
            depth++;
        }
        assertTrue(depth >= 3, "at least one wrapper per clause: " + FailureAssertions.describe(surfaced));
    }

    /** catching hands its handler the unwrapped exception of the type it names. */
    @Test
    void catchingRecoversFromTheNamedType() {
        Task<String> task = loop.createTask(() -> Tasks.waitFor(Tasks.sleep(Duration.ofSeconds(9)), Duration.ofSeconds(1))
                .thenApply(v -> "in time")
                .exceptionally(Chains.catching(TimeoutException.class, timedOut -> "timed out: " + timedOut.getClass().getSimpleName())));
        settle();
        assertEquals("timed out: TimeoutException", task.join());
    }

    /** catching re-throws a failure of another type unchanged, however many catch clauses it passes. */
    @Test
    void catchingLetsOtherTypesThroughUnchanged() {
        IllegalStateException original = new IllegalStateException("not mine");
        Task<String> task = loop.createTask(() -> {
            CompletionStage<String> stage = Tasks.yieldNow().thenApply(v -> {
                throw original;
            });
            for (int i = 0; i < 20; i++) {
                stage = stage.exceptionally(Chains.catching(TimeoutException.class, timedOut -> "wrong"));
            }
            return stage;
        });
        settle();
        assertSurfacesAs(original, failureOf(task));
    }

    /** What a catching handler throws propagates as itself. */
    @Test
    void catchingHandlerFailurePropagatesUnwrapped() {
        IllegalStateException translated = new IllegalStateException("translated");
        Task<String> task = loop.createTask(() -> Tasks.yieldNow().<String>thenApply(v -> {
            throw new IllegalArgumentException("first");
        }).exceptionally(Chains.catching(IllegalArgumentException.class, first -> {
            throw new CompletionException(translated);
        })));
        settle();
        assertSurfacesAs(translated, failureOf(task));
    }

    /** An Error passes even a catch of Throwable; only a catch naming an Error type stops it. */
    @Test
    void catchingNeverSwallowsAnErrorItDoesNotName() {
        StackOverflowError overflow = new StackOverflowError("deep");
        Task<String> passes = loop.createTask(() -> Tasks.yieldNow().<String>thenApply(v -> {
            throw overflow;
        }).exceptionally(Chains.catching(Throwable.class, any -> "swallowed"))
          .exceptionally(Chains.catching(Exception.class, any -> "swallowed")));
        Task<String> named = loop.createTask(() -> Tasks.yieldNow().<String>thenApply(v -> {
            throw overflow;
        }).exceptionally(Chains.catching(StackOverflowError.class, error -> "caught by name")));
        settle();
        assertSurfacesAs(overflow, failureOf(passes));
        assertEquals("caught by name", named.join());
        assertReportedOnce(overflow, 2);   // the loop also reported each throw, whatever the chain did with it
    }

    /** catchingCompose recovers with a stage that waits, and lets other types through. */
    @Test
    void catchingComposeRecoversWithAStage() {
        Task<String> recovered = loop.createTask(() -> Tasks.waitFor(() -> fetch("slow", Duration.ofSeconds(9)), Duration.ofSeconds(1))
                .exceptionallyCompose(Chains.catchingCompose(TimeoutException.class,
                        timedOut -> fetch("mirror", Duration.ofSeconds(2)))));
        IllegalStateException original = new IllegalStateException("other");
        Task<String> passed = loop.createTask(() -> Tasks.yieldNow().<String>thenApply(v -> {
            throw original;
        }).exceptionallyCompose(Chains.catchingCompose(TimeoutException.class, timedOut -> fetch("x", Duration.ZERO))));
        settle();
        assertEquals("mirror", recovered.join());
        assertEquals(Duration.ofSeconds(3), now());
        assertSurfacesAs(original, failureOf(passed));
    }

    /** ensure runs its cleanup on success, on failure and on cancellation, and passes the outcome on. */
    @Test
    void ensureRunsTheCleanupOnEveryOutcome() {
        IllegalStateException original = new IllegalStateException("failed");
        Task<String> succeeds = loop.createTask(() -> Chains.ensure(fetch("ok", Duration.ofSeconds(1)), () -> log("cleanup 1")));
        Task<String> fails = loop.createTask(() -> Chains.ensure(Tasks.sleep(Duration.ofSeconds(2)).<String>thenApply(v -> {
            throw original;
        }), () -> log("cleanup 2")));
        Task<String> cancelled = loop.createTask(() -> Chains.ensure(fetch("never", Duration.ofSeconds(3)), () -> log("cleanup 3")));
        loop.runOnce();
        cancelled.cancel();
        settle();
        assertEquals("ok", succeeds.join());
        assertSurfacesAs(original, failureOf(fails));
        assertTrue(cancelled.isCancelled());
        assertInstanceOf(CancellationException.class, Tasks.unwrap(failureOf(cancelled)));
        assertEquals(3, log.size());
        assertTrue(log.containsAll(java.util.List.of("cleanup 1", "cleanup 2", "cleanup 3")));
    }

    /** A cleanup failure after success propagates; after a failure it is added to it as suppressed. */
    @Test
    void ensureCleanupFailureIsSuppressedBehindTheWorksFailure() {
        IllegalStateException workFailure = new IllegalStateException("work");
        IllegalArgumentException cleanupFailure = new IllegalArgumentException("cleanup");
        Task<String> afterSuccess = loop.createTask(() -> Chains.ensure(fetch("ok", Duration.ofSeconds(1)), () -> {
            throw cleanupFailure;
        }));
        Task<String> afterFailure = loop.createTask(() -> Chains.ensure(Tasks.yieldNow().<String>thenApply(v -> {
            throw workFailure;
        }), () -> {
            throw cleanupFailure;
        }));
        settle();
        assertSurfacesAs(cleanupFailure, failureOf(afterSuccess));
        assertSurfacesAs(workFailure, failureOf(afterFailure));
        assertArrayEquals(new Throwable[] {cleanupFailure}, workFailure.getSuppressed());
    }

    /** A cleanup that throws an Error is never hidden: it propagates with the work's exception suppressed. */
    @Test
    void ensureCleanupErrorReplacesAnException() {
        IllegalStateException workFailure = new IllegalStateException("work");
        StackOverflowError overflow = new StackOverflowError("cleanup overflowed");
        Task<String> task = loop.createTask(() -> Chains.ensure(Tasks.yieldNow().<String>thenApply(v -> {
            throw workFailure;
        }), () -> {
            throw overflow;
        }));
        settle();
        assertSurfacesAs(overflow, failureOf(task));
        assertArrayEquals(new Throwable[] {workFailure}, overflow.getSuppressed());
        assertReportedOnce(overflow, 1);
    }

    /** The loop reported {@code error} exactly {@code times} times (once per throw); forgets the reports. */
    private void assertReportedOnce(Throwable error, int times) {
        assertEquals(times, reported.size(), reported.toString());
        reported.forEach(report -> assertSame(error, report.error));
        reported.clear();
    }

    /** ensureCompose waits for an asynchronous cleanup before passing the outcome on. */
    @Test
    void ensureComposeWaitsForTheCleanup() {
        Task<String> task = loop.createTask(() -> Chains.ensureCompose(fetch("ok", Duration.ofSeconds(1)),
                () -> Tasks.sleep(Duration.ofSeconds(2)).thenRun(() -> log("closed at " + now().toSeconds() + " s"))));
        settle();
        assertEquals("ok", task.join());
        assertLog("closed at 3 s");
        assertEquals(Duration.ofSeconds(3), now());
    }

    /** ensureCompose keeps the work's failure and adds a failed or throwing cleanup to it as suppressed. */
    @Test
    void ensureComposeSuppressesCleanupFailures() {
        IllegalStateException first = new IllegalStateException("work 1");
        IllegalStateException second = new IllegalStateException("work 2");
        IllegalArgumentException stageFailure = new IllegalArgumentException("cleanup stage");
        IllegalArgumentException thrownFailure = new IllegalArgumentException("cleanup throw");
        Task<String> failedStage = loop.createTask(() -> Chains.ensureCompose(Tasks.yieldNow().<String>thenApply(v -> {
            throw first;
        }), () -> CompletableFuture.failedFuture(stageFailure)));
        Task<String> thrown = loop.createTask(() -> Chains.ensureCompose(Tasks.yieldNow().<String>thenApply(v -> {
            throw second;
        }), () -> {
            throw thrownFailure;
        }));
        settle();
        assertSurfacesAs(first, failureOf(failedStage));
        assertArrayEquals(new Throwable[] {stageFailure}, first.getSuppressed());
        assertSurfacesAs(second, failureOf(thrown));
        assertArrayEquals(new Throwable[] {thrownFailure}, second.getSuppressed());
    }

    /** A cancelled task still runs an asynchronous cleanup to its end before it finishes cancelled. */
    @Test
    void ensureComposeCleanupRunsAfterCancellation() {
        Task<String> task = loop.createTask(() -> Chains.ensureCompose(fetch("never", Duration.ofMinutes(1)),
                () -> Tasks.sleep(Duration.ofSeconds(2)).thenRun(() -> log("cleaned up"))));
        loop.runOnce();
        task.cancel();
        settle();
        assertLog("cleaned up");
        assertTrue(task.isCancelled());
        assertEquals(Duration.ofSeconds(2), now());
    }
}
