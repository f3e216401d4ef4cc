package io.github.loopsync.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.queue.QueueShutDownException;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BridgeQueue#shutdown()}, {@link BridgeQueue#shutdownNow()} and the loop's close, each with
 * {@value #N} parked getters and {@value #N} parked putters on each side: threads blocked in
 * {@code take} and {@code put}, and loop tasks waiting in {@code get} and {@code putAsync}. Every one
 * of them must be woken, not only the first. The loop is hand-driven on the test thread; the
 * blocked threads are real, and each is joined with a bound so that a thread left asleep fails the
 * test instead of hanging it.
 */
@Timeout(60)
class BridgeQueueShutdownTest {

    static final int N = 4;

    private EventLoop loop;
    /** A queue of capacity N, empty: getters park on it. */
    private BridgeQueue<String> empty;
    /** A queue of capacity 1 holding "x": putters park on it. */
    private BridgeQueue<String> full;
    private final List<Task<String>> loopGetters = new ArrayList<>();
    private final List<Task<Void>> loopPutters = new ArrayList<>();
    private final List<Blocked> takers = new ArrayList<>();
    private final List<Blocked> putters = new ArrayList<>();

    /** A thread blocked in a bridge call, and what the call returned or threw. */
    private static final class Blocked {
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final Thread thread;

        Blocked(String name, BlockingCall call) {
            thread = new Thread(() -> {
                try {
                    outcome.set(call.run());
                } catch (Throwable thrown) {
                    outcome.set(thrown);
                }
            }, name);
            thread.start();
            while (thread.isAlive() && thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }

        /** Joins the thread with a bound and returns its outcome; fails if it is still blocked. */
        Object outcome() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), thread.getName() + " was never woken");
            return outcome.get();
        }
    }

    /** A blocking call of the thread side. */
    private interface BlockingCall {
        Object run() throws Exception;
    }

    @BeforeEach
    void parkEveryone() throws InterruptedException {
        loop = EventLoop.builder().name("bridge-shutdown").clock(VirtualClock.autoAdvancing()).build();
        empty = new BridgeQueue<>(loop, N);
        full = new BridgeQueue<>(loop, 1);
        assertTrue(full.offer("x"));
        for (int i = 0; i < N; i++) {
            String item = "loop-" + i;
            loopGetters.add(loop.createTask(empty::get));
            loopPutters.add(loop.createTask(() -> full.putAsync(item)));
        }
        loop.runUntilIdle();
        for (int i = 0; i < N; i++) {
            String item = "thread-" + i;
            takers.add(new Blocked("taker-" + i, () -> empty.take()));
            putters.add(new Blocked("putter-" + i, () -> {
                full.put(item);
                return item;
            }));
        }
        assertEquals("BridgeQueue[size=0/" + N + ", getters=" + N + "]", empty.toString());
        assertEquals("BridgeQueue[size=1/1, putters=" + N + "]", full.toString());
        assertTrue(loopGetters.stream().noneMatch(Task::isDone) && loopPutters.stream().noneMatch(Task::isDone));
    }

    /** Closes the loop and ends every blocked thread, by interruption if a failed test left it asleep. */
    @AfterEach
    void closeLoop() throws InterruptedException {
        empty.shutdown();
        full.shutdown();
        loop.close();
        for (Blocked blocked : takers) {
            blocked.thread.interrupt();
            blocked.thread.join();
        }
        for (Blocked blocked : putters) {
            blocked.thread.interrupt();
            blocked.thread.join();
        }
    }

    /** A shutdown from another thread fails every parked putter and getter on both sides; the item left is still taken. */
    @Test
    void shutdownWakesEveryWaiterOnBothSides() throws InterruptedException {
        LoopFixture.onOtherThread("shutter", () -> {
            empty.shutdown();
            full.shutdown();
        });
        loop.runUntilIdle();
        assertAllShutDown(takers);
        assertAllShutDown(putters);
        loopGetters.forEach(BridgeQueueShutdownTest::assertShutDown);
        loopPutters.forEach(BridgeQueueShutdownTest::assertShutDown);
        assertEquals(List.of("x"), full.shutdownNow(), "no putter's item entered after the shutdown");
    }

    /**
     * A loop putter holding a reserved slot (its task has not resumed) when another thread shuts
     * the queue down: it fails like the others, its item never enters, and its slot is given back
     * exactly once.
     */
    @Test
    void shutdownRevokesASlotReservedForALoopPutter() throws InterruptedException {
        assertEquals("x", full.poll(Duration.ZERO));   // frees the slot: reserved for loop-0
        assertEquals(1, full.snapshot(1).inTransit());
        LoopFixture.onOtherThread("shutter", full::shutdown);
        loop.runUntilIdle();
        loopPutters.forEach(BridgeQueueShutdownTest::assertShutDown);
        assertAllShutDown(putters);
        assertEquals(0, full.snapshot(1).inTransit(), "the reserved slot is back, once");
        assertEquals(List.of(), full.shutdownNow(), "no putter's item entered");
        empty.shutdown();                               // the other queue's waiters end observed too
        loop.runUntilIdle();
        loopGetters.forEach(BridgeQueueShutdownTest::assertShutDown);
        assertAllShutDown(takers);
    }

    /** A shutdownNow on the loop thread fails every waiter on both sides and returns the items left. */
    @Test
    void shutdownNowWakesEveryWaiterOnBothSides() throws InterruptedException {
        assertEquals(List.of(), empty.shutdownNow());
        assertEquals(List.of("x"), full.shutdownNow());
        loop.runUntilIdle();
        assertAllShutDown(takers);
        assertAllShutDown(putters);
        loopGetters.forEach(BridgeQueueShutdownTest::assertShutDown);
        loopPutters.forEach(BridgeQueueShutdownTest::assertShutDown);
        assertEquals(0, full.size());
    }

    /**
     * Closing the loop cancels every loop task parked on the bridge and leaks no slot: the blocked
     * threads are then served by the thread side alone, and no cancelled putter's item enters.
     */
    @Test
    void closeWithdrawsEveryLoopWaiter() throws InterruptedException {
        loop.close();
        assertTrue(loopGetters.stream().allMatch(Task::isCancelled));
        assertTrue(loopPutters.stream().allMatch(Task::isCancelled));
        List<String> taken = new ArrayList<>();
        LoopFixture.onOtherThread("after-close", () -> {
            try {
                for (int i = 0; i < N; i++) {
                    assertTrue(empty.offer("item-" + i, Duration.ofSeconds(20)), "a slot leaked to a cancelled getter");
                }
                for (int i = 0; i <= N; i++) {
                    taken.add(full.poll(Duration.ofSeconds(20)));
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        List<Object> got = new ArrayList<>();
        for (Blocked taker : takers) {
            got.add(taker.outcome());
        }
        assertEquals(N, got.stream().distinct().filter(item -> item instanceof String).count(), "each taker got its own item: " + got);
        for (Blocked putter : putters) {
            assertInstanceOf(String.class, putter.outcome());
        }
        assertEquals("x", taken.get(0));
        assertTrue(taken.stream().skip(1).allMatch(item -> item.startsWith("thread-")), "taken: " + taken);
        assertEquals(0, full.size());
    }

    private static void assertAllShutDown(List<Blocked> blocked) throws InterruptedException {
        for (Blocked one : blocked) {
            assertInstanceOf(QueueShutDownException.class, one.outcome(), one.thread.getName());
        }
    }

    private static void assertShutDown(Task<?> task) {
        assertTrue(task.isDone(), task + " was never woken");
        assertInstanceOf(QueueShutDownException.class, assertThrows(CompletionException.class, task::join).getCause());
    }
}
