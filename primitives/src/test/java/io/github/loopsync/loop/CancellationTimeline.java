package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.testing.LoopFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Scaffolding for the composite-cancellation tests: a timeline of events stamped with virtual
 * time, cancellations and probes scheduled at given virtual times, and task bodies that react to a
 * cancellation the way a coroutine's {@code try/except/finally} does.
 *
 * <p>Every expected timeline in these tests was checked against CPython 3.13's asyncio running
 * the same scenario on a virtual-time loop; a test's Javadoc names the asyncio rule it pins.
 * Times are seconds since the test began. Each log line ends with {@link #state}, which a test
 * sets to show the resource it guards (for example {@code [locked]}).
 */
abstract class CancellationTimeline extends LoopFixture {

    /** How and when each {@link #track}ed future ended, by name: {@code "cancelled at 2s"}. */
    protected final Map<String, String> ended = new TreeMap<>();

    /** Appended to every timeline entry: the guarded resource's state at that moment. */
    protected Supplier<String> state = () -> "";

    /** {@code amount} seconds of loop time, to the millisecond. */
    static Duration seconds(double amount) {
        return Duration.ofMillis(Math.round(amount * 1000));
    }

    /** Adds {@code event} to the timeline: {@code "1.5s main cleaned [locked]"}. */
    protected void mark(String event) {
        log(stamp() + " " + event + state.get());
    }

    private String stamp() {
        return BigDecimal.valueOf(now().toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }

    /**
     * Runs {@code action} as a plain loop callback (in no task) {@code when} seconds from now; the
     * tests schedule before the loop runs, so that is virtual time {@code when}.
     */
    protected void at(double when, Runnable action) {
        loop.callLater(seconds(when), action);
    }

    /** Cancels {@code task} {@code when} seconds from now, noting it on the timeline. */
    protected void cancelAt(double when, Task<?> task) {
        at(when, () -> {
            mark("cancel " + task.name());
            task.cancel();
        });
    }

    /** Notes {@code what}'s outcome so far on the timeline {@code when} seconds from now. */
    protected void probeAt(double when, String name, Future<?> what) {
        at(when, () -> mark("probe " + name + " " + outcome(what)));
    }

    /** Notes on the timeline when {@code task} completes, and how. Call it outside any task. */
    protected void watch(Task<?> task) {
        watch(task.name(), task);
    }

    /** Notes on the timeline when {@code future} completes, and how. */
    protected <T, F extends Future<T> & CompletionStage<T>> void watch(String name, F future) {
        future.whenComplete((value, failure) -> mark(name + " " + outcome(future)));
    }

    /**
     * Records in {@link #ended} how and when {@code future} completes, for futures whose order
     * relative to the timeline's same-time events is not the property under test.
     */
    protected <T, F extends Future<T> & CompletionStage<T>> void track(String name, F future) {
        future.whenComplete((value, failure) -> ended.put(name, outcome(future) + " at " + stamp()));
    }

    /**
     * Asserts the timeline's entries regardless of the order of entries with the same time, for
     * scenarios where asyncio itself leaves that order open (a TaskGroup cancels its tasks in set
     * order). Each entry still carries its virtual time.
     */
    protected void assertTimelineInAnyOrder(String... expected) {
        List<String> wanted = new ArrayList<>(List.of(expected));
        List<String> actual = new ArrayList<>(log);
        Collections.sort(wanted);
        Collections.sort(actual);
        assertEquals(wanted, actual);
    }

    /**
     * How a future ended, read without blocking: {@code pending}, {@code cancelled}, {@code value
     * x} or {@code failed SomeException}.
     */
    static String outcome(Future<?> future) {
        if (!future.isDone()) {
            return "pending";
        }
        try {
            return "value " + future.get();
        } catch (CancellationException | ExecutionException failure) {
            return describe(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted reading a future that is done", interrupted);
        }
    }

    /** A failure as {@link #outcome} words it: {@code cancelled} or {@code failed SomeException}. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "no failure";
        }
        Throwable cause = Tasks.unwrap(failure);
        return cause instanceof CancellationException ? "cancelled" : "failed " + cause.getClass().getSimpleName();
    }

    /** Rethrows {@code failure} from a stage function, unwrapped, as {@code raise} in an except block. */
    static CompletionException rethrow(Throwable failure) {
        return new CompletionException(Tasks.unwrap(failure));
    }

    /**
     * A body that works for {@code work} seconds and returns {@code name}; if that wait fails (a
     * cancellation), it cleans up for one second and then returns {@code "<name> recovered"}, or
     * rethrows the failure if {@code recover} is false. asyncio: {@code try: await sleep(work)
     * except CancelledError: await sleep(1); return/raise}.
     */
    protected CompletionStage<String> cleansUpWhenCancelled(String name, double work, boolean recover) {
        return Tasks.sleep(seconds(work)).handle((ignored, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                mark(name + " worked");
                return CompletableFuture.completedFuture(name);
            }
            mark(name + " caught " + describe(failure));
            return Tasks.sleep(seconds(1)).<String>thenApply(ignored -> {
                mark(name + " cleaned");
                if (recover) {
                    return name + " recovered";
                }
                throw rethrow(failure);
            });
        });
    }

    /**
     * A body that works for one second, then cleans up for one second; if the cleanup is
     * cancelled, it rolls back for half a second and rethrows. asyncio: {@code await sleep(1);
     * try: await sleep(1) except CancelledError: await sleep(0.5); raise}.
     */
    protected CompletionStage<String> rollsBackWhenCleanupCancelled(String name) {
        return Tasks.sleep(seconds(1)).thenCompose(ignored -> {
            mark(name + " worked");
            return Tasks.sleep(seconds(1)).handle((done, failure) -> failure);
        }).thenCompose(failure -> {
            if (failure == null) {
                mark(name + " cleaned");
                return CompletableFuture.completedFuture(name);
            }
            mark(name + " cleanup interrupted");
            return Tasks.sleep(seconds(0.5)).<String>thenApply(ignored -> {
                mark(name + " rolled back");
                throw rethrow(failure);
            });
        });
    }
}
