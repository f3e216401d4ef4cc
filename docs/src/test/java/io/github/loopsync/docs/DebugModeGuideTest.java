package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopDebugWarning;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.sync.AsyncCapacityLimiter;
import io.github.loopsync.sync.AsyncCountDownLatch;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The examples of docs/guide/debug-mode.md, run as tests; the page shows their regions verbatim. */
class DebugModeGuideTest {

    /** Debug mode on for one loop, with its warnings collected instead of printed. */
    @Test
    void turnOnAndCollect() {
        // @start region=turn-on
        List<LoopDebugWarning> warnings = new ArrayList<>();
        VirtualClock clock = VirtualClock.manual();
        try (EventLoop loop = EventLoop.builder()
                .debug(true)                                        // or -Dloopsync.debug=true
                .slowCallbackThreshold(Duration.ofMillis(50))       // default 100 ms
                .clock(clock)
                .exceptionHandler((where, message, error, task) -> {
                    if (error instanceof LoopDebugWarning) {
                        warnings.add((LoopDebugWarning) error);      // its stack trace is the call site
                    }
                })
                .build()) {
            loop.callSoon(() -> clock.advance(Duration.ofMillis(80)));   // "blocks" for 80 ms of loop time
            loop.runOnce();
        }
        assertEquals(LoopDebugWarning.Kind.SLOW_CALLBACK, warnings.get(0).kind());
        // @end region=turn-on
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().startsWith("callback (a lambda in DebugModeGuideTest) ran for 80 ms"),
                warnings.get(0).getMessage());
        assertEquals("turnOnAndCollect", warnings.get(0).getStackTrace()[0].getMethodName().replaceAll("lambda\\$(\\w+)\\$\\d+", "$1"));
    }

    // @start region=forgotten-acquire
    /** Two tasks that should take turns in a critical section; the second forgets to wait for the lock. */
    static void enterTogether(EventLoop loop, AsyncLock lock, List<String> inside) {
        loop.createTask("careful", () -> lock.withLock(() -> {
            inside.add("careful");
            return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> inside.remove("careful"));
        }));
        loop.createTask("careless", () -> {
            lock.acquire();                          // BUG: nothing waits for the lock
            inside.add("careless");                  // runs at once, while "careful" is inside
            return loop.completedFuture(null);
        });
    }
    // @end region=forgotten-acquire

    /** The forgotten acquire: two tasks in the critical section, and the warning that says where. */
    @Test
    void forgottenAcquire() {
        List<LoopDebugWarning> warnings = new ArrayList<>();
        List<String> inside = new ArrayList<>();
        try (EventLoop loop = debugLoop(warnings)) {
            enterTogether(loop, new AsyncLock(), inside);
            loop.runOnce();
            assertEquals(List.of("careful", "careless"), inside);
        }
        // The forgotten waiter is also granted the lock when "careful" is cancelled at close, and
        // nobody ever releases it: the close reports that too.
        assertEquals(List.of(LoopDebugWarning.Kind.UNCHAINED_FUTURE, LoopDebugWarning.Kind.PENDING_AT_CLOSE,
                LoopDebugWarning.Kind.HELD_AT_CLOSE), warnings.stream().map(LoopDebugWarning::kind).collect(Collectors.toList()));
        LoopDebugWarning warning = warnings.get(0);
        assertTrue(warning.getMessage().contains("created at DebugModeGuideTest.lambda$enterTogether$"), warning.getMessage());
        assertEquals(warning.getStackTrace()[0], warnings.get(2).getStackTrace()[0], "held since that same acquire");
    }

    // @start region=close-report
    /** Leaves a lock held and a task pending: a loop in debug mode reports both when it closes. */
    static void leaveThingsBehind(EventLoop loop, AsyncLock lock) {
        loop.createTask("leaky", () -> lock.acquire()
                .thenCompose(held -> Tasks.sleep(Duration.ofMillis(5)))
                .thenApply(slept -> "done, but the lock is never released"));
        loop.createTask("stuck", () -> Tasks.sleep(Duration.ofDays(365)));
    }
    // @end region=close-report

    /** At close: the task still pending, and the lock left held. */
    @Test
    void closeReport() {
        List<LoopDebugWarning> warnings = new ArrayList<>();
        AsyncLock lock = new AsyncLock();
        try (EventLoop loop = debugLoop(warnings)) {
            leaveThingsBehind(loop, lock);
            loop.runUntilComplete(() -> Tasks.sleep(Duration.ofSeconds(1)));
        }
        assertEquals(List.of(LoopDebugWarning.Kind.PENDING_AT_CLOSE, LoopDebugWarning.Kind.HELD_AT_CLOSE),
                warnings.stream().map(LoopDebugWarning::kind).collect(Collectors.toList()));
        assertTrue(warnings.get(0).getMessage().startsWith("task stuck was still pending"), warnings.get(0).getMessage());
        assertTrue(warnings.get(1).getMessage().startsWith("AsyncLock[locked] was still held when the loop closed:"
                + " acquired by task leaky at DebugModeGuideTest.lambda$leaveThingsBehind$"), warnings.get(1).getMessage());
    }

    // @start region=close-report-more
    /** A token never given back and a latch nobody opens: a loop in debug mode reports both when it closes. */
    static void forgetTokenAndLatch(EventLoop loop, AsyncCapacityLimiter downloads, AsyncCountDownLatch warmedUp) {
        loop.createTask("fetch", () -> downloads.acquire()
                .thenApply(token -> "fetched, but the token is never given back"));
        loop.createTask("server", () -> warmedUp.await()           // nobody counts it down
                .thenApply(open -> "serving"));
    }
    // @end region=close-report-more

    /** At close: the task still pending, the latch's waiter, and the token still lent, with its borrower. */
    @Test
    void closeReportOfTheNewerPrimitives() {
        List<LoopDebugWarning> warnings = new ArrayList<>();
        try (EventLoop loop = debugLoop(warnings)) {
            forgetTokenAndLatch(loop, new AsyncCapacityLimiter(4), new AsyncCountDownLatch(1));
            loop.runUntilComplete(() -> Tasks.sleep(Duration.ofSeconds(1)));
        }
        assertEquals(List.of(LoopDebugWarning.Kind.PENDING_AT_CLOSE, LoopDebugWarning.Kind.PENDING_AT_CLOSE,
                LoopDebugWarning.Kind.HELD_AT_CLOSE), warnings.stream().map(LoopDebugWarning::kind).collect(Collectors.toList()));
        assertTrue(warnings.get(0).getMessage().startsWith("task server was still pending"), warnings.get(0).getMessage());
        assertTrue(warnings.get(1).getMessage().startsWith("AsyncCountDownLatch[count:1, waiters:1] still had a waiter"
                + " parked when "), warnings.get(1).getMessage());
        assertTrue(warnings.get(1).getMessage().contains(" began to close: waiting since a call by task server at"
                + " DebugModeGuideTest.lambda$forgetTokenAndLatch$"), warnings.get(1).getMessage());
        assertTrue(warnings.get(2).getMessage().startsWith("AsyncCapacityLimiter[borrowed:1/4] was still held when the"
                + " loop closed: a token lent to borrower task fetch at DebugModeGuideTest.lambda$forgetTokenAndLatch$"),
                warnings.get(2).getMessage());
    }

    private static EventLoop debugLoop(List<LoopDebugWarning> warnings) {
        return EventLoop.builder().debug(true).clock(VirtualClock.autoAdvancing())
                .exceptionHandler((where, message, error, task) -> warnings.add((LoopDebugWarning) error)).build();
    }
}
