package io.github.loopsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.queue.AsyncLifoQueue;
import io.github.loopsync.queue.AsyncPriorityQueue;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncBarrier;
import io.github.loopsync.sync.AsyncBoundedSemaphore;
import io.github.loopsync.sync.AsyncCondition;
import io.github.loopsync.sync.AsyncEvent;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loop-binding rule, for every loop-confined primitive: bound by its first use of any kind,
 * refused at once on another loop, and after its loop has closed either moved (when idle) to the
 * next loop on the same thread, where it works through that loop, or refused at once.
 */
class LoopBindingTest {

    /** One primitive, driven through the operations the rule is about. */
    interface Subject {
        /** An operation that completes at once (a fast path) and leaves the primitive idle. */
        void useAtOnce();

        /** Parks a waiter and returns it. */
        LoopFuture<?> park();

        /** Lets the waiter of {@link #park()} through. */
        void wake();

        /** Gives back what the waiter of {@link #park()} took when it resumed (a lock, a permit). */
        default void giveBack() {
        }

        /** Leaves state that is not a waiter but ties the primitive to its loop, if it has such state. */
        default boolean hold() {
            return false;
        }
    }

    static Stream<Arguments> subjects() {
        return Stream.of(
                subject("AsyncLock", LoopBindingTest::lock),
                subject("AsyncSemaphore", () -> semaphore(new AsyncSemaphore(1))),
                subject("AsyncBoundedSemaphore", () -> semaphore(new AsyncBoundedSemaphore(1))),
                subject("AsyncEvent", LoopBindingTest::event),
                subject("AsyncCondition", LoopBindingTest::condition),
                subject("AsyncBarrier", LoopBindingTest::barrier),
                subject("AsyncQueue", () -> queue(new AsyncQueue<>())),
                subject("AsyncLifoQueue", () -> queue(new AsyncLifoQueue<>())),
                subject("AsyncPriorityQueue", () -> queue(new AsyncPriorityQueue<>())));
    }

    private static Arguments subject(String name, Supplier<Subject> make) {
        return Arguments.of(name, make);
    }

    private final List<EventLoop> loops = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    /** A hand-driven loop on the test thread with a virtual clock; the previous one must be closed. */
    private EventLoop openLoop(String name) {
        EventLoop loop = EventLoop.builder().name(name).clock(VirtualClock.autoAdvancing())
                .exceptionHandler((l, message, error, task) -> log.add("reported: " + message + ": " + error)).build();
        loops.add(loop);
        return loop;
    }

    @AfterEach
    void closeLoops() {
        loops.forEach(EventLoop::close);
    }

    /** Runs {@code use} on a new thread with a loop of its own, and returns what it threw. */
    private static Throwable thrownOnAnotherLoop(String loopName, Runnable use) throws InterruptedException {
        return LoopFixture.thrownOnOtherThread(loopName + "-thread", () -> {
            EventLoop other = EventLoop.builder().name(loopName).build();
            try {
                use.run();
            } finally {
                other.close();
            }
        });
    }

    /** A primitive used only on its fast path is bound by it: a use from another loop fails at once, naming both loops. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Timeout(10)
    void fastPathBindsAndAnotherLoopIsRefused(String name, Supplier<Subject> make) throws InterruptedException {
        EventLoop first = openLoop("loop-a");
        Subject subject = make.get();
        subject.useAtOnce();
        Throwable thrown = thrownOnAnotherLoop("loop-b", subject::park);
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("from EventLoop[loop-b") && thrown.getMessage().contains("bound to EventLoop[loop-a"),
                thrown.getMessage());
        LoopFuture<?> parked = subject.park();                    // still usable on its own loop
        subject.wake();
        first.runUntilIdle();
        assertTrue(parked.isDone() && !parked.isCompletedExceptionally(), parked.toString());
        assertEquals(List.of(), log);
    }

    /** An idle primitive whose loop has closed moves to the next loop on the same thread, and resumes waiters through it, never inside the waking call. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Timeout(10)
    void idleAfterCloseMovesToTheNewLoop(String name, Supplier<Subject> make) throws InterruptedException {
        EventLoop first = openLoop("loop-a");
        Subject subject = make.get();
        subject.useAtOnce();
        LoopFuture<?> old = subject.park();
        subject.wake();
        first.runUntilIdle();
        assertTrue(old.isDone());
        subject.giveBack();
        first.close();

        EventLoop second = openLoop("loop-b");
        LoopFuture<?> parked = subject.park();
        assertSame(second, parked.loop(), "the new waiter delivers through the new loop");
        parked.thenRun(() -> log.add("resumed"));
        subject.wake();
        log.add("woken");
        assertEquals(List.of("woken"), log, "nothing resumes inside the waking call");
        second.runUntilIdle();
        assertEquals(List.of("woken", "resumed"), log);

        Throwable thrown = thrownOnAnotherLoop("loop-c", subject::useAtOnce);
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("bound to EventLoop[loop-b"), thrown.getMessage());
    }

    /** A primitive left with a parked waiter on a loop that has closed refuses the next loop at once and touches nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Timeout(10)
    void waiterLeftOnClosedLoopRefusesTheNewLoop(String name, Supplier<Subject> make) {
        EventLoop first = openLoop("loop-a");
        Subject subject = make.get();
        LoopFuture<?> stranded = subject.park();          // outside any task: closing does not cancel it
        stranded.whenComplete((value, failure) -> log.add("stranded waiter completed"));
        first.close();

        EventLoop second = openLoop("loop-b");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, subject::wake);
        assertTrue(thrown.getMessage().contains("bound to EventLoop[loop-a, closed") && thrown.getMessage().contains("which is closed"), thrown.getMessage());
        assertThrows(IllegalStateException.class, subject::park);
        second.runUntilIdle();
        assertFalse(stranded.isDone());
        assertEquals(List.of(), log);
    }

    /** A lock still held, or a permit still taken, on a loop that has closed refuses the next loop at once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @Timeout(10)
    void heldOnClosedLoopRefusesTheNewLoop(String name, Supplier<Subject> make) {
        openLoop("loop-a");
        Subject subject = make.get();
        if (!subject.hold()) {
            loops.get(0).close();
            return;                                        // nothing of this kind to hold: the waiter case covers it
        }
        loops.get(0).close();
        openLoop("loop-b");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, subject::park);
        assertTrue(thrown.getMessage().contains("which is closed"), thrown.getMessage());
    }

    /** After its loop has closed, a primitive used from the same thread with no loop running is refused, not served through the closed loop. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void closedLoopThreadWithoutLoopIsRefused(String name, Supplier<Subject> make) {
        EventLoop first = openLoop("loop-a");
        Subject subject = make.get();
        subject.useAtOnce();
        first.close();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, subject::useAtOnce);
        assertTrue(thrown.getMessage().contains("runs no event loop"), thrown.getMessage());
    }

    // ---------------------------------------------------------------- the subjects

    private static Subject lock() {
        AsyncLock lock = new AsyncLock();
        return new Subject() {
            @Override
            public void useAtOnce() {
                assertTrue(lock.tryAcquire());
                lock.release();
            }

            @Override
            public LoopFuture<?> park() {
                if (!lock.isLocked()) {
                    assertTrue(lock.tryAcquire());
                }
                return lock.acquire();
            }

            @Override
            public void wake() {
                lock.release();
            }

            @Override
            public void giveBack() {
                lock.release();
            }

            @Override
            public boolean hold() {
                return lock.tryAcquire();
            }
        };
    }

    private static Subject semaphore(AsyncSemaphore semaphore) {
        return new Subject() {
            @Override
            public void useAtOnce() {
                assertTrue(semaphore.tryAcquire());
                semaphore.release();
            }

            @Override
            public LoopFuture<?> park() {
                if (semaphore.availablePermits() > 0) {
                    assertTrue(semaphore.tryAcquire());
                }
                return semaphore.acquire();
            }

            @Override
            public void wake() {
                semaphore.release();
            }

            @Override
            public void giveBack() {
                semaphore.release();
            }

            @Override
            public boolean hold() {
                return semaphore.tryAcquire();
            }
        };
    }

    private static Subject event() {
        AsyncEvent event = new AsyncEvent();
        return new Subject() {
            @Override
            public void useAtOnce() {
                event.set();
                event.clear();
            }

            @Override
            public LoopFuture<?> park() {
                event.clear();
                return event.await();
            }

            @Override
            public void wake() {
                event.set();
            }
        };
    }

    private static Subject condition() {
        AsyncCondition condition = new AsyncCondition();
        return new Subject() {
            @Override
            public void useAtOnce() {
                assertTrue(condition.awaitUntil(() -> true).isDone());
            }

            @Override
            public LoopFuture<?> park() {
                assertTrue(condition.tryAcquire());
                return condition.await();
            }

            @Override
            public void wake() {
                assertTrue(condition.tryAcquire());
                condition.signal();
                condition.release();
            }

            @Override
            public void giveBack() {
                condition.release();
            }
        };
    }

    private static Subject barrier() {
        AsyncBarrier barrier = new AsyncBarrier(2);
        return new Subject() {
            @Override
            public void useAtOnce() {
                barrier.reset();                          // a barrier's only operation that never waits
            }

            @Override
            public LoopFuture<?> park() {
                return barrier.await();
            }

            @Override
            public void wake() {
                assertTrue(barrier.await().isDone());   // the last arrival passes at once
            }
        };
    }

    private static Subject queue(AsyncQueue<Integer> queue) {
        return new Subject() {
            @Override
            public void useAtOnce() {
                queue.putNowait(1);
                assertEquals(1, queue.getNowait());
            }

            @Override
            public LoopFuture<?> park() {
                return queue.get();
            }

            @Override
            public void wake() {
                queue.putNowait(2);
            }
        };
    }
}
