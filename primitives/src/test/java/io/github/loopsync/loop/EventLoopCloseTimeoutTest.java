package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.engine.LoopInbox;
import io.github.loopsync.testing.Watchdog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * close() from another thread waits for a started loop's thread for a bounded time, then fails
 * with a report instead of hanging its caller. The stuck loops here are stuck for certain (a
 * wake-up broken on purpose, a callback that blocks), so the outcome does not depend on timing;
 * only the short close timeout passes in real time. No sleeps.
 */
class EventLoopCloseTimeoutTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    /** The loop's parked flag, reached the way only a test in this package can. */
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.privateLookupIn(LoopInbox.class, MethodHandles.lookup())
                    .findVarHandle(LoopInbox.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Thread loopThreadOf(EventLoop loop, Watchdog watchdog) throws Exception {
        return watchdog.get(loop.submit(() -> CompletableFuture.completedFuture(Thread.currentThread())));
    }

    private static boolean hasFrame(Throwable stack, String className, String method) {
        return Arrays.stream(stack.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(className) && frame.getMethodName().equals(method));
    }

    /**
     * A loop whose parked flag was cleared while it sleeps (the bug of a waker that clears the flag
     * and never unparks) sleeps through the stop request: close fails after its timeout, naming the
     * lost wake-up, with the inbox's state and the loop thread's stack, and leaves the thread alive.
     */
    @Test
    void closeOfALoopThatSleepsThroughTheStopRequestFailsWithADump() throws Exception {
        EventLoop loop = EventLoop.builder().name("deaf-loop").closeTimeout(SHORT).start();
        try (Watchdog watchdog = Watchdog.watch("a close that cannot complete", () -> LoopDiagnostics.describe(loop))) {
            Thread loopThread = loopThreadOf(loop, watchdog);
            LoopInbox inbox = loop.inbox();
            watchdog.until("the loop parked in its inbox",
                    () -> LockSupport.getBlocker(loopThread) == inbox && inbox.isParkedFlagSet());
            assertTrue(PARKED.compareAndSet(inbox, 1, 0), "the parked flag cleared under the sleeping loop");

            IllegalStateException thrown = assertThrows(IllegalStateException.class, loop::close);

            String message = thrown.getMessage();
            assertTrue(message.startsWith("close() of EventLoop[deaf-loop, closing] gave up after 200 ms"), message);
            assertTrue(message.contains("a lost wake-up"), message);
            assertTrue(message.contains("parked=0, 0 posts pending, stop requested, gate open"), message);
            assertTrue(hasFrame(thrown.getCause(), LoopInbox.class.getName(), "park"), "the cause carries the loop's stack");
            assertTrue(loopThread.isAlive(), "the loop thread is left running");
            assertFalse(loop.isClosed());

            LockSupport.unpark(loopThread);                  // the wake-up that was lost
            loop.close();
            assertFalse(loopThread.isAlive());
            assertTrue(loop.isClosed());
        }
    }

    /** A loop blocked inside a callback cannot close: close fails after its timeout with the callback's stack. */
    @Test
    void closeOfALoopBlockedInACallbackFailsWithItsStack() throws Exception {
        EventLoop loop = EventLoop.builder().name("busy-loop").closeTimeout(SHORT).start();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Watchdog watchdog = Watchdog.watch("a close blocked by a callback", () -> LoopDiagnostics.describe(loop))) {
            Thread loopThread = loopThreadOf(loop, watchdog);
            loop.execute(() -> {
                entered.countDown();
                awaitUninterruptibly(release);
            });
            watchdog.until("the callback blocked the loop", () -> entered.getCount() == 0
                    && loopThread.getState() == Thread.State.WAITING);

            IllegalStateException thrown = assertThrows(IllegalStateException.class, loop::close);

            String message = thrown.getMessage();
            assertTrue(message.contains("the loop thread is blocked inside a callback (WAITING on "), message);
            assertTrue(hasFrame(thrown.getCause(), CountDownLatch.class.getName(), "await"), "the cause shows where");
            release.countDown();
            loop.close();
            assertFalse(loopThread.isAlive());
            assertTrue(loop.isClosed());
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The close timeout must be positive. */
    @Test
    void closeTimeoutMustBePositive() {
        EventLoopBuilder builder = EventLoop.builder();
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> builder.closeTimeout(Duration.ZERO));
        assertEquals("closeTimeout: PT0S (expected: > 0)", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.closeTimeout(Duration.ofSeconds(-1)));
    }
}
