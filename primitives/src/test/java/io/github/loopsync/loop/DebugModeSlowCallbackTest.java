package io.github.loopsync.loop;

import static io.github.loopsync.loop.DebugWarnings.assertPointsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's slow-callback warning and how debug mode is switched on. A callback "runs long" by
 * moving the loop's virtual clock while it runs, so that no test waits for real time.
 */
class DebugModeSlowCallbackTest {

    private final VirtualClock clock = VirtualClock.manual();
    private final DebugWarnings reports = new DebugWarnings();

    private EventLoop loop(UnaryOperator<EventLoopBuilder> settings) {
        return settings.apply(EventLoop.builder().name("debug-test").clock(clock).exceptionHandler(reports)).build();
    }

    /** A callback that holds the loop 150 ms is reported with a readable name and the line that scheduled it. */
    @Test
    void slowCallbackIsReportedWithItsSchedulingSite() {
        try (EventLoop loop = loop(builder -> builder.debug(true))) {
            loop.callSoon(() -> clock.advance(Duration.ofMillis(150)));
            loop.runOnce();
            LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.SLOW_CALLBACK);
            assertPointsAt(warning, getClass(), "slowCallbackIsReportedWithItsSchedulingSite");
            String message = warning.getMessage();
            assertTrue(message.startsWith("callback (a lambda in DebugModeSlowCallbackTest) ran for 150 ms and blocked"
                    + " the loop (slow-callback threshold: 100 ms); created at "), message);
            assertEquals("debug mode: a callback blocked the loop", reports.headlines.get(0));
        }
    }

    /** A callback just under the threshold, and a slow one on a loop not in debug mode, are not reported. */
    @Test
    void fastCallbacksAndLoopsWithoutDebugModeReportNothing() {
        try (EventLoop loop = loop(builder -> builder.debug(true))) {
            loop.callSoon(() -> clock.advance(Duration.ofMillis(99)));
            loop.callSoon(() -> { });
            loop.runOnce();
        }
        try (EventLoop loop = loop(builder -> builder.debug(false))) {
            assertFalse(loop.isDebug());
            loop.callSoon(() -> clock.advance(Duration.ofSeconds(10)));
            loop.runOnce();
        }
        reports.assertNone();
    }

    /** A task's first step is named after the task and points at the line that created the task. */
    @Test
    void slowTaskStepPointsAtTheTaskCreation() {
        try (EventLoop loop = loop(builder -> builder.debug(true))) {
            Task<String> task = loop.createTask("crunch", () -> {
                clock.advance(Duration.ofMillis(250));
                return loop.completedFuture("done");
            });
            loop.runUntilIdle();
            assertEquals("done", task.join());
            LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.SLOW_CALLBACK);
            assertPointsAt(warning, getClass(), "slowTaskStepPointsAtTheTaskCreation");
            assertTrue(warning.getMessage().startsWith("callback 'start of crunch' of task crunch ran for 250 ms"),
                    warning.getMessage());
            assertEquals(task, reports.tasks.get(0));
        }
    }

    /** A task that blocks after resuming from a sleep is reported as that task's step, resuming after the sleep. */
    @Test
    void slowContinuationNamesTheFutureItResumedAfter() {
        try (EventLoop loop = loop(builder -> builder.debug(true))) {
            loop.createTask("sleeper", () -> Tasks.sleep(Duration.ofMillis(5))
                    .thenRun(() -> clock.advance(Duration.ofMillis(120))));
            loop.runOnce();                                     // starts and sleeps
            clock.advance(Duration.ofMillis(5));
            loop.runUntilIdle();
            LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.SLOW_CALLBACK);
            assertTrue(warning.getMessage().startsWith("the step of task sleeper resuming after sleep(PT0.005S)"),
                    warning.getMessage());
            assertPointsAt(warning, getClass(), "slowContinuationNamesTheFutureItResumedAfter");
        }
    }

    /** A timer callback points at the callLater that scheduled it; an anonymous class is named by where it is written. */
    @Test
    void slowTimerPointsAtCallLater() {
        try (EventLoop loop = loop(builder -> builder.debug(true))) {
            loop.callLater(Duration.ofMillis(10), new Runnable() {
                @Override
                public void run() {
                    clock.advance(Duration.ofMillis(100));
                }
            });
            clock.advance(Duration.ofMillis(10));
            loop.runUntilIdle();
            LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.SLOW_CALLBACK);
            assertTrue(warning.getMessage().startsWith("callback (an anonymous class in DebugModeSlowCallbackTest) ran for"
                    + " 100 ms"), warning.getMessage());
            assertPointsAt(warning, getClass(), "slowTimerPointsAtCallLater");
        }
    }

    /** A callback posted from another thread points at the post, on that thread. */
    @Test
    void slowPostPointsAtThePostingThread() throws InterruptedException {
        try (EventLoop loop = loop(builder -> builder.debug(true))) {
            LoopFixture.onOtherThread("poster", () -> loop.execute(() -> clock.advance(Duration.ofMillis(300))));
            loop.runOnce();
            LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.SLOW_CALLBACK);
            assertTrue(warning.getMessage().contains("posted from another thread ran for 300 ms"), warning.getMessage());
            assertPointsAt(warning, getClass(), "slowPostPointsAtThePostingThread");
        }
    }

    /** The builder's threshold replaces the default, and the system property sets it for builders that do not. */
    @Test
    void thresholdComesFromTheBuilderElseTheSystemProperty() {
        try (EventLoop loop = loop(builder -> builder.debug(true).slowCallbackThreshold(Duration.ofMillis(20)))) {
            loop.callSoon(() -> clock.advance(Duration.ofMillis(19)));
            loop.callSoon(() -> clock.advance(Duration.ofMillis(20)));
            loop.runOnce();
        }
        withProperty(DebugMonitor.SLOW_CALLBACK_PROPERTY, "5", () -> {
            try (EventLoop loop = loop(builder -> builder.debug(true))) {
                loop.callSoon(() -> clock.advance(Duration.ofMillis(4)));
                loop.callSoon(() -> clock.advance(Duration.ofMillis(5)));
                loop.runOnce();
            }
            try (EventLoop loop = loop(builder -> builder.debug(true).slowCallbackThreshold(Duration.ofSeconds(1)))) {
                loop.callSoon(() -> clock.advance(Duration.ofMillis(999)));
                loop.runOnce();
            }
        });
        List<String> messages = reports.warnings.stream().map(Throwable::getMessage).collect(Collectors.toList());
        assertEquals(2, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains("ran for 20 ms and blocked the loop (slow-callback threshold: 20 ms)"), messages.get(0));
        assertTrue(messages.get(1).contains("ran for 5 ms and blocked the loop (slow-callback threshold: 5 ms)"), messages.get(1));
    }

    /** Bad thresholds are refused with the expected range: on the builder at once, from the property at build. */
    @Test
    void badThresholdsAreRefused() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> EventLoop.builder().slowCallbackThreshold(Duration.ZERO));
        assertEquals("slowCallbackThreshold: PT0S (expected: > 0)", zero.getMessage());
        withProperty(DebugMonitor.SLOW_CALLBACK_PROPERTY, "soon", () -> {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> EventLoop.builder().debug(true).build());
            assertEquals("loopsync.debug.slowCallbackMillis: soon (expected: a whole number of milliseconds > 0)",
                    bad.getMessage());
        });
    }

    /** -Dloopsync.debug=true turns debug mode on, and the builder's setting wins over it either way. */
    @Test
    void builderOptionWinsOverTheSystemProperty() {
        withProperty(DebugMonitor.DEBUG_PROPERTY, "true", () -> {
            try (EventLoop loop = loop(UnaryOperator.identity())) {
                assertTrue(loop.isDebug());
            }
            try (EventLoop loop = loop(builder -> builder.debug(false))) {
                assertFalse(loop.isDebug());
            }
        });
        withProperty(DebugMonitor.DEBUG_PROPERTY, "false", () -> {
            try (EventLoop loop = loop(builder -> builder.debug(true))) {
                assertTrue(loop.isDebug());
            }
        });
        try (EventLoop loop = loop(UnaryOperator.identity())) {
            assertEquals(Boolean.getBoolean(DebugMonitor.DEBUG_PROPERTY), loop.isDebug());
        }
    }

    private static void withProperty(String key, String value, Runnable body) {
        String previous = System.getProperty(key);
        System.setProperty(key, value);
        try {
            body.run();
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }
}
