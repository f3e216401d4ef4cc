package io.github.loopsync.loop;

import static io.github.loopsync.loop.DebugWarnings.assertPointsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.bridge.BridgeQueue;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncBarrier;
import io.github.loopsync.sync.AsyncCondition;
import io.github.loopsync.sync.AsyncEvent;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import io.github.loopsync.loop.spi.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's rule for forgotten waits: a future returned by a waiting operation (a primitive's
 * waiter, a sleep, {@code awaitUntil}, a {@code BridgeQueue}'s loop-side get or put) that, when
 * the loop callback that created it returns, is neither failed nor cancelled and has no dependent
 * stage or listener, is reported as never chained on.
 */
class DebugModeUnchainedFutureTest {

    private final DebugWarnings reports = new DebugWarnings();
    private final EventLoop loop = EventLoop.builder().name("debug-test").clock(VirtualClock.autoAdvancing())
            .exceptionHandler(reports).debug(true).build();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** The forgotten acquire that lets two tasks into one critical section is reported at the line of the acquire. */
    @Test
    void forgottenAcquireIsReported() {
        AsyncLock lock = new AsyncLock();
        List<String> inside = new ArrayList<>();
        loop.createTask("careful", () -> lock.withLock(() -> {
            inside.add("careful");
            return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> inside.remove("careful"));
        }));
        loop.createTask("careless", () -> {
            lock.acquire();                                     // forgot to chain: runs on at once
            inside.add("careless");
            return loop.completedFuture(null);
        });
        loop.runOnce();
        assertEquals(List.of("careful", "careless"), inside, "both are inside: the bug debug mode points at");
        LoopDebugWarning warning = reports.single(LoopDebugWarning.Kind.UNCHAINED_FUTURE);
        assertPointsAt(warning, getClass(), "forgottenAcquireIsReported");
        assertTrue(warning.getMessage().startsWith("acquire of AsyncLock[locked"), warning.getMessage());
        assertTrue(warning.getMessage().contains("was never chained on: nothing waited for it when the callback that"
                + " created it (callback 'start of careless' of task careless) returned"), warning.getMessage());
        assertEquals("careless", reports.tasks.get(0).name());
    }

    /** A forgotten sleep, queue get, event wait and semaphore acquire are each reported once. */
    @Test
    void everyKindOfForgottenWaitIsReported() {
        AsyncQueue<String> queue = new AsyncQueue<>(0);
        AsyncEvent event = new AsyncEvent();
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        loop.callSoon(() -> {
            Tasks.sleep(Duration.ofSeconds(1));
            queue.get();
            event.await();
            semaphore.acquire();
        });
        loop.runOnce();
        List<LoopDebugWarning> warnings = reports.of(LoopDebugWarning.Kind.UNCHAINED_FUTURE);
        assertEquals(4, warnings.size(), reports.warnings::toString);
        for (LoopDebugWarning warning : warnings) {
            assertPointsAt(warning, getClass(), "everyKindOfForgottenWaitIsReported");
        }
        assertTrue(warnings.get(0).getMessage().startsWith("sleep(PT1S)"), warnings.get(0).getMessage());
        semaphore.release();
        event.set();
        queue.putNowait("unblock");
    }

    /** Waits that are chained on, handed to a combinator, returned to a task, cancelled or completed at once are not reported. */
    @Test
    void waitsThatAreObservedAreNotReported() {
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        AsyncEvent event = new AsyncEvent();
        AsyncQueue<Integer> queue = new AsyncQueue<>(1);
        AsyncBarrier barrier = new AsyncBarrier(2);
        AsyncCondition condition = new AsyncCondition();
        boolean[] ready = {false};
        loop.createTask(() -> lock.acquire().thenCompose(held -> Tasks.sleep(Duration.ofMillis(5)))
                .whenComplete((value, failure) -> lock.release()));
        loop.createTask(() -> lock.acquire());                  // returned: the task waits for it
        loop.createTask(() -> Tasks.gather(semaphore.acquire(), semaphore.acquire(), event.await()));
        loop.createTask(() -> Tasks.waitFor(queue.get(), Duration.ofSeconds(1)));
        loop.createTask(() -> lock.withLock(() -> Tasks.yieldNow()));
        loop.createTask(() -> Tasks.wait(List.of(barrier.await(), barrier.await()), ReturnWhen.ALL_COMPLETED));
        loop.createTask(() -> condition.withLock(() -> condition.awaitUntil(() -> ready[0])));
        loop.createTask(() -> TaskGroup.run(group -> {
            group.createTask(() -> Tasks.sleep(Duration.ofMillis(1)));
            return loop.completedFuture(null);
        }));
        loop.callSoon(() -> {
            lock.acquire().cancel(true);                        // withdrawn at once: nothing to wait for
            event.await().orTimeout(1, TimeUnit.SECONDS).exceptionally(failure -> null);
            lock.tryAcquire();
            lock.release();                                     // a fast path: nothing parked, nothing reported
        });
        loop.runUntilIdle();
        loop.callSoon(() -> condition.withLock(() -> {
            ready[0] = true;
            condition.signalAll();
            return loop.completedFuture(null);
        }));
        loop.callSoon(() -> {
            event.set();
            semaphore.release();
            queue.putNowait(7);
        });
        loop.runUntilIdle();
        reports.assertNone();
    }

    /** A BridgeQueue's loop-side get that nobody chains on loses the item it will be handed: it is reported. */
    @Test
    void forgottenBridgeGetIsReported() {
        BridgeQueue<String> bridge = new BridgeQueue<>(loop, 4);
        loop.callSoon(() -> {
            bridge.get();
            bridge.get().thenAccept(item -> { });
        });
        loop.runOnce();
        assertPointsAt(reports.single(LoopDebugWarning.Kind.UNCHAINED_FUTURE), getClass(), "forgottenBridgeGetIsReported");
    }

    /** A future created by code that drives the loop from outside its callbacks is not checked: there is no callback end. */
    @Test
    void futuresCreatedOutsideCallbacksAreNotChecked() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        CompletionStage<Void> waiting = semaphore.acquire();
        loop.runOnce();
        semaphore.release();
        loop.runUntilIdle();
        assertTrue(waiting.toCompletableFuture().isDone());
        reports.assertNone();
    }
}
