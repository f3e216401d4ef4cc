package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** Running, closing, the exception handler, the SPI hooks and loop confinement. */
class EventLoopLifecycleTest extends LoopFixture {

    private static final String FRESH_THREAD = "lifecycle-test-thread";

    /** run(main) runs on the calling thread and returns main's value. */
    @Test
    @Timeout(10)
    void runReturnsTheValueOfMain() throws Exception {
        List<Object> result = new ArrayList<>();
        onOtherThread(FRESH_THREAD, () -> result.add(EventLoop.run(() -> Tasks.yieldNow().thenApply(v -> Thread.currentThread().getName()))));
        assertEquals(List.of(FRESH_THREAD), result);
    }

    /** run(main) rethrows an unchecked failure as it is and wraps a checked one. */
    @Test
    @Timeout(10)
    void runRethrowsTheFailureOfMain() throws Exception {
        List<Throwable> thrown = new ArrayList<>();
        onOtherThread(FRESH_THREAD, () -> {
            try {
                EventLoop.run(() -> CompletableFuture.failedFuture(new IllegalArgumentException("unchecked")));
            } catch (Throwable t) {
                thrown.add(t);
            }
            try {
                EventLoop.run(() -> CompletableFuture.failedFuture(new IOException("checked")));
            } catch (Throwable t) {
                thrown.add(t);
            }
        });
        assertInstanceOf(IllegalArgumentException.class, thrown.get(0));
        assertInstanceOf(CompletionException.class, thrown.get(1));
        assertInstanceOf(IOException.class, thrown.get(1).getCause());
    }

    /** run(main) cancels tasks left running when main completes, and lets them clean up. */
    @Test
    @Timeout(10)
    void runCancelsLeftoverTasks() throws Exception {
        List<String> events = new ArrayList<>();
        onOtherThread(FRESH_THREAD, () -> EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            LoopFuture<String> never = loop.createFuture();
            loop.createTask(() -> never.handle((v, e) -> {
                events.add("background saw " + e.getClass().getSimpleName() + ": " + e.getMessage());
                return null;
            }));
            return Tasks.yieldNow();
        }));
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("background saw LoopCancellationException"), events.get(0));
        assertTrue(events.get(0).contains("is closing"), events.get(0));
    }

    /** run(main) on a thread that already runs a loop is refused. */
    @Test
    void runInsideALoopThreadIsRefused() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> EventLoop.run(() -> CompletableFuture.completedFuture(1)));
        assertTrue(thrown.getMessage().contains("already runs"), thrown.getMessage());
    }

    /** close() from a callback takes effect when the callback returns: main is cancelled and the loop closes. */
    @Test
    void closeFromACallbackCancelsMain() {
        CancellationException thrown = assertThrows(CancellationException.class, () -> loop.runUntilComplete(() -> {
            loop.close();
            return loop.createFuture();
        }));
        assertTrue(thrown.getMessage().contains("closing"));
        assertTrue(loop.isClosed());
    }

    /** Closing fails sleeps that no task owns, and closing twice is harmless. */
    @Test
    void closeFailsPendingSleepsOutsideTasks() {
        List<Throwable> failures = new ArrayList<>();
        loop.callSoon(() -> Tasks.sleep(Duration.ofHours(1)).whenComplete((v, e) -> failures.add(e)));
        loop.runOnce();
        loop.close();
        loop.close();
        assertEquals(1, failures.size());
        assertInstanceOf(CancellationException.class, failures.get(0));
    }

    /** After close, loop-thread calls fail with IllegalStateException and posts with RejectedExecutionException. */
    @Test
    void closedLoopRefusesWork() {
        loop.close();
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
        assertThrows(IllegalStateException.class, () -> loop.createTask(() -> CompletableFuture.completedFuture(1)));
        assertThrows(IllegalStateException.class, loop::runOnce);
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertThrows(IllegalStateException.class, EventLoop::current, "the thread is free again");
    }

    /** An exception escaping a callback reaches the handler and the loop carries on. */
    @Test
    void callbackExceptionsReachTheHandler() {
        IllegalStateException boom = new IllegalStateException("boom");
        loop.callSoon(() -> {
            throw boom;
        });
        loop.callSoon(() -> log("still running"));
        loop.runOnce();
        assertLog("still running");
        assertEquals(1, reported.size());
        assertSame(boom, reported.get(0).error);
        assertTrue(reported.get(0).message.contains("raised"));
        reported.clear();
    }

    /** An exception thrown by a dependent stage outside any task is reported too. */
    @Test
    void exceptionsFromDeliveredDependentsReachTheHandler() {
        LoopFuture<String> future = loop.createFuture();
        future.whenComplete((v, e) -> {
            throw new IllegalArgumentException("in a dependent");
        }).exceptionally(e -> {
            log("the chain itself saw " + e.getMessage());   // the failure itself, not a CompletionException
            return null;
        });
        future.complete("x");
        loop.runOnce();
        assertLog("the chain itself saw in a dependent");
    }

    /** A handler that throws cannot stop the loop. */
    @Test
    void throwingHandlerDoesNotStopTheLoop() {
        loop.setExceptionHandler((l, message, error, task) -> {
            throw new IllegalStateException("handler failed");
        });
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            loop.callSoon(() -> {
                throw new IllegalArgumentException("first");
            });
            loop.callSoon(() -> log("after"));
            loop.runOnce();
        } finally {
            System.setErr(original);
        }
        assertLog("after");
        assertTrue(captured.toString().contains("the exception handler raised"), captured.toString());
    }

    /** The listener sees every step with its task and a description. */
    @Test
    void listenerSeesEveryStep() {
        List<String> steps = new ArrayList<>();
        EventLoop observed = openSecondLoopOnFreshThread(steps);
        assertFalse(steps.isEmpty());
        assertTrue(steps.contains("before observed-task"), steps.toString());
        assertTrue(steps.contains("after"), steps.toString());
        assertTrue(observed.isClosed());
    }

    private EventLoop openSecondLoopOnFreshThread(List<String> steps) {
        EventLoop[] made = new EventLoop[1];
        try {
            onOtherThread(FRESH_THREAD, () -> {
                try (EventLoop other = EventLoop.builder().clock(VirtualClock.autoAdvancing()).listener(new LoopListener() {
                    @Override
                    public void beforeStep(EventLoop l, Task<?> task, Object step) {
                        steps.add("before " + (task == null ? "callback" : task.name()));
                    }

                    @Override
                    public void afterStep(EventLoop l) {
                        steps.add("after");
                    }
                }).build()) {
                    made[0] = other;
                    other.createTask("observed-task", () -> Tasks.sleep(Duration.ofSeconds(1)));
                    other.runUntilIdle();
                }
            });
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return made[0];
    }

    /** A custom ready policy decides the order: here always the newest ready callback. */
    @Test
    @Timeout(10)
    void readyPolicyChoosesTheNextCallback() throws Exception {
        List<String> order = new ArrayList<>();
        onOtherThread(FRESH_THREAD, () -> {
            try (EventLoop lifo = EventLoop.builder().readyPolicy(ready -> ready.size() - 1).build()) {
                lifo.callSoon(() -> order.add("a"));
                lifo.callSoon(() -> order.add("b"));
                lifo.callSoon(() -> order.add("c"));
                lifo.runOnce();
            }
        });
        assertEquals(List.of("c", "b", "a"), order);
    }

    /** A policy that answers out of range is reported, not obeyed. */
    @Test
    @Timeout(10)
    void readyPolicyOutOfRangeIsRefused() throws Exception {
        List<Throwable> thrown = new ArrayList<>();
        onOtherThread(FRESH_THREAD, () -> {
            int[] calls = {0};
            try (EventLoop broken = EventLoop.builder().readyPolicy(ready -> calls[0]++ == 0 ? 7 : 0).build()) {
                broken.callSoon(() -> { });
                try {
                    broken.runOnce();
                } catch (IllegalStateException expected) {
                    thrown.add(expected);
                }
            }
        });
        assertTrue(thrown.get(0).getMessage().contains("chose index 7"), thrown.get(0).getMessage());
    }

    /** EventLoop.current() names the thread when no loop runs there. */
    @Test
    @Timeout(10)
    void currentOffALoopThread() throws Exception {
        assertSame(loop, EventLoop.current());
        List<Throwable> thrown = new ArrayList<>();
        onOtherThread(FRESH_THREAD, () -> {
            try {
                EventLoop.current();
            } catch (Throwable t) {
                thrown.add(t);
            }
        });
        assertTrue(thrown.get(0).getMessage().contains("lifecycle-test-thread"), thrown.get(0).getMessage());
    }

    /** Every loop-thread-only method throws IllegalStateException naming the loop and the thread when called from elsewhere. */
    @Test
    @Timeout(10)
    void loopOnlyMethodsRefuseOtherThreads() throws Exception {
        TimerHandle timer = loop.callLater(Duration.ofSeconds(1), () -> { });
        List<Executable> calls = List.of(
                () -> loop.callSoon(() -> { }),
                () -> loop.callLater(Duration.ofSeconds(1), () -> { }),
                () -> loop.callAt(0, () -> { }),
                () -> loop.createTask(() -> CompletableFuture.completedFuture(1)),
                () -> loop.createFuture(),
                () -> loop.time(),
                () -> loop.tasks(),
                () -> loop.pendingTimers(),
                () -> loop.setExceptionHandler((l, m, e, t) -> { }),
                () -> loop.runOnce(),
                () -> loop.runUntilIdle(),
                () -> loop.runUntilComplete(() -> CompletableFuture.completedFuture(1)),
                () -> loop.wrap(new CompletableFuture<>()),
                timer::cancel);
        List<Throwable> thrown = new ArrayList<>();
        onOtherThread(FRESH_THREAD, () -> {
            for (Executable call : calls) {
                try {
                    call.execute();
                    thrown.add(null);
                } catch (Throwable t) {
                    thrown.add(t);
                }
            }
        });
        assertEquals(calls.size(), thrown.size());
        for (int i = 0; i < thrown.size(); i++) {
            Throwable t = thrown.get(i);
            assertInstanceOf(IllegalStateException.class, t, "call #" + i);
            assertTrue(t.getMessage().contains("test-loop") && t.getMessage().contains("lifecycle-test-thread"),
                    "call #" + i + ": " + t.getMessage());
        }
        assertEquals(1, loop.pendingTimers(), "nothing changed");
    }

    /** runOnce from inside a callback would re-enter the loop and is refused. */
    @Test
    void drivingTheLoopFromACallbackIsRefused() {
        loop.callSoon(() -> {
            try {
                loop.runOnce();
            } catch (IllegalStateException expected) {
                log(expected.getMessage().contains("re-entrantly") ? "refused" : expected.getMessage());
            }
        });
        loop.runOnce();
        assertLog("refused");
    }

    /** A second loop cannot be bound to a thread that has one. */
    @Test
    void oneLoopPerThread() {
        assertThrows(IllegalStateException.class, () -> EventLoop.builder().build());
    }
}
