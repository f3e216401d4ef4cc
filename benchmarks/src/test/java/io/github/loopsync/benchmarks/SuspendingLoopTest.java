package io.github.loopsync.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import kotlin.Unit;
import kotlinx.coroutines.sync.Mutex;
import kotlinx.coroutines.sync.MutexKt;
import org.junit.jupiter.api.Test;

/** The hand-written coroutines of the kotlinx rows: how they run, and that a broken row is reported. */
class SuspendingLoopTest {

    /** Takes a mutex {@code turns} times, then fails with {@code failure} if one is given. */
    private static final class Taker extends SuspendingLoop {
        private final Mutex mutex;
        private final RuntimeException failure;
        private int left;

        Taker(Mutex mutex, int turns, RuntimeException failure) {
            this.mutex = mutex;
            this.left = turns;
            this.failure = failure;
        }

        @Override
        protected Object proceed() {
            while (left > 0) {
                if (mutex.lock(null, continuation()) == SUSPENDED) {
                    return SUSPENDED;
                }
                turn();
            }
            if (failure != null) {
                throw failure;
            }
            return Unit.INSTANCE;
        }

        @Override
        protected Object resumed(Object granted) {
            turn();
            return proceed();
        }

        private void turn() {
            mutex.unlock(null);
            left--;
        }

        @Override
        protected String progress() {
            return left + " turns left";
        }
    }

    /** A loop whose calls never suspend runs to its end in its start step, and the dispatcher runs nothing else. */
    @Test
    void aLoopThatNeverParksFinishesInItsFirstStep() {
        Mutex mutex = MutexKt.Mutex(false);
        assertEquals(1, SuspendingLoop.runAll(new RunQueueDispatcher(), null, new Taker(mutex, 1_000, null)));
        assertFalse(mutex.isLocked());
    }

    /** Parked coroutines are resumed through the dispatcher, one step per hand-off, in FIFO order. */
    @Test
    void parkedCoroutinesResumeThroughTheDispatcher() {
        Mutex mutex = MutexKt.Mutex(false);
        assertTrue(mutex.tryLock(null));
        // Two starts, the opening unlock, and one resumption per acquisition (every one a hand-off).
        assertEquals(2 + 1 + 6, SuspendingLoop.runAll(new RunQueueDispatcher(), () -> mutex.unlock(null),
                new Taker(mutex, 3, null), new Taker(mutex, 3, null)));
    }

    /** A coroutine left parked is reported as stalled, with what it had left to do. */
    @Test
    void aStalledCoroutineIsReported() {
        Mutex mutex = MutexKt.Mutex(false);
        assertTrue(mutex.tryLock(null));
        IllegalStateException stalled = assertThrows(IllegalStateException.class,
                () -> SuspendingLoop.runAll(new RunQueueDispatcher(), null, new Taker(mutex, 2, null)));
        assertEquals("a coroutine stalled with 2 turns left (expected: every coroutine completes normally)", stalled.getMessage());
    }

    /**
     * An exception thrown after a resumption fails the coroutine, as in compiled Kotlin: kotlinx
     * reports it to the thread's uncaught-exception handler, and runAll refuses with it as the cause.
     */
    @Test
    void aFailingCoroutineIsReportedWithItsException() {
        Mutex mutex = MutexKt.Mutex(false);
        assertTrue(mutex.tryLock(null));
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        List<Throwable> uncaught = new ArrayList<>();
        Thread thread = Thread.currentThread();
        Thread.UncaughtExceptionHandler previous = thread.getUncaughtExceptionHandler();
        thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        IllegalStateException failed;
        try {
            failed = assertThrows(IllegalStateException.class,
                    () -> SuspendingLoop.runAll(new RunQueueDispatcher(), () -> mutex.unlock(null), new Taker(mutex, 1, boom)));
        } finally {
            thread.setUncaughtExceptionHandler(previous);
        }
        assertEquals("a coroutine failed with 0 turns left (expected: every coroutine completes normally)", failed.getMessage());
        assertSame(boom, failed.getCause().getCause());
        assertEquals(List.of(boom), uncaught);
    }
}
