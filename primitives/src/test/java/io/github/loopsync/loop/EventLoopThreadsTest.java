package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.testing.LoopFixture;
import io.github.loopsync.testing.Watchdog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The any-thread entry points of a started loop: the inbox, the park/wake handshake, close racing
 * posts, submit, runInExecutor and wrap. These tests use real threads and wait through a {@link
 * Watchdog}, which reports the inbox's state and every thread's stack if a wait stalls; they never
 * sleep and never measure time.
 */
@Timeout(60)
class EventLoopThreadsTest {

    private EventLoop loop;
    private ExecutorService pool;
    /** Every wait of a test goes through it: a stall reports the loop's inbox and every thread. */
    private Watchdog watchdog;

    @BeforeEach
    void start(TestInfo test) {
        loop = EventLoop.builder().name("threads-test-loop").start();
        pool = Executors.newFixedThreadPool(2);
        watchdog = Watchdog.watch(test.getDisplayName(), () -> LoopDiagnostics.describe(loop));
    }

    @AfterEach
    void stop() {
        try {
            loop.close();
            pool.shutdownNow();
        } finally {
            watchdog.close();
        }
    }

    /** Runs a loop-confined read on the loop and waits for it. */
    private <T> T onLoop(java.util.function.Supplier<T> read) throws Exception {
        return watchdog.get(loop.submit(() -> CompletableFuture.completedFuture(read.get())));
    }

    /** Posts from several threads all run exactly once, and each thread's posts run in its order. */
    @Test
    void postsFromManyThreadsRunOnceInPerThreadOrder() throws Exception {
        int producers = 4;
        int postsEach = 20_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            seen.add(new ArrayList<>());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            List<Integer> mine = seen.get(p);
            Thread producer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < postsEach; i++) {
                    int n = i;
                    loop.execute(() -> mine.add(n));
                }
            });
            threads.add(producer);
            producer.start();
        }
        go.countDown();
        for (Thread producer : threads) {
            watchdog.join(producer);
        }
        List<List<Integer>> snapshot = onLoop(() -> {
            List<List<Integer>> copy = new ArrayList<>();
            for (List<Integer> list : seen) {
                copy.add(new ArrayList<>(list));
            }
            return copy;
        });
        for (List<Integer> list : snapshot) {
            assertEquals(postsEach, list.size());
            for (int i = 0; i < postsEach; i++) {
                assertEquals(i, list.get(i), "out of order or duplicated");
            }
        }
    }

    /** An idle, parked loop wakes for every post: a thousand round trips never hang. */
    @Test
    void idleLoopWakesForEveryPost() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            CompletableFuture<Integer> reply = new CompletableFuture<>();
            int n = i;
            loop.execute(() -> reply.complete(n));
            assertEquals(i, watchdog.get(reply));
        }
    }

    /** Closing while other threads post neither hangs nor loses a post that was accepted. */
    @Test
    void closeRacingPostsLosesNothingAccepted() throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong ran = new AtomicLong();
        CountDownLatch producing = new CountDownLatch(2);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            Thread producer = new Thread(() -> {
                for (;;) {
                    try {
                        loop.execute(ran::incrementAndGet);
                        accepted.incrementAndGet();
                        producing.countDown();
                    } catch (RejectedExecutionException closed) {
                        return;
                    }
                }
            });
            threads.add(producer);
            producer.start();
        }
        watchdog.until("both producers posting", () -> producing.getCount() == 0);
        loop.close();
        for (Thread producer : threads) {
            watchdog.join(producer);
        }
        assertTrue(loop.isClosed());
        assertEquals(accepted.get(), ran.get(), "every accepted post ran, and nothing else did");
    }

    /** A post after close is rejected with RejectedExecutionException. */
    @Test
    void postAfterCloseIsRejected() {
        loop.close();
        RejectedExecutionException thrown = assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertTrue(thrown.getMessage().contains("threads-test-loop"));
        assertThrows(RejectedExecutionException.class, () -> loop.submit(() -> CompletableFuture.completedFuture(1)));
    }

    /** close() from another thread waits for the loop thread to finish, and the thread carries the loop's name. */
    @Test
    void closeReleasesTheThread() throws Exception {
        Thread loopThread = onLoop(Thread::currentThread);
        assertEquals("threads-test-loop", loopThread.getName());
        loop.close();
        assertFalse(loopThread.isAlive());
    }

    /** submit runs a task on the loop and hands its value to the calling thread. */
    @Test
    void submitReturnsTheTaskValue() throws Exception {
        CompletableFuture<String> result = loop.submit(() -> Tasks.yieldNow().thenApply(v -> Thread.currentThread().getName()));
        assertEquals("threads-test-loop", watchdog.get(result));
    }

    /** Cancelling a submitted future cancels the task on the loop. */
    @Test
    void cancellingASubmittedFutureCancelsTheTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<Task<?>> tasks = new ArrayList<>();
        CompletableFuture<String> result = loop.submit(() -> {
            tasks.add(Task.current());
            started.countDown();
            return EventLoop.current().<String>createFuture();
        });
        watchdog.until("the task started", () -> started.getCount() == 0);
        assertTrue(result.cancel(true));
        assertThrows(CancellationException.class, () -> watchdog.get(result));
        assertTrue(onLoop(() -> tasks.get(0).isCancelled()));
    }

    /** runInExecutor runs blocking work elsewhere and delivers the value on the loop thread. */
    @Test
    void runInExecutorDeliversOnTheLoop() throws Exception {
        CompletableFuture<String> result = loop.submit(() -> {
            EventLoop here = EventLoop.current();
            return here.runInExecutor(pool, () -> Thread.currentThread().getName())
                    .thenApply(workerName -> workerName + " -> " + Thread.currentThread().getName());
        });
        String text = watchdog.get(result);
        assertTrue(text.endsWith(" -> threads-test-loop"), text);
        assertFalse(text.startsWith("threads-test-loop"), text);
    }

    /** A failure of executor work reaches the loop as that failure. */
    @Test
    void runInExecutorDeliversFailures() {
        CompletableFuture<String> result = loop.submit(() -> EventLoop.current().runInExecutor(pool, () -> {
            throw new java.io.IOException("disk");
        }));
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> watchdog.get(result));
        assertInstanceOf(java.io.IOException.class, thrown.getCause());
    }

    /** Cancelling executor work before it starts stops it from running. */
    @Test
    void cancellingExecutorWorkBeforeItStarts() throws Exception {
        CountDownLatch blockWorkers = new CountDownLatch(1);
        pool.execute(() -> await(blockWorkers));
        pool.execute(() -> await(blockWorkers));
        AtomicLong ran = new AtomicLong();
        CompletableFuture<Boolean> cancelled = loop.submit(() -> {
            LoopFuture<Long> work = EventLoop.current().runInExecutor(pool, ran::incrementAndGet);
            work.cancel(true);
            return CompletableFuture.completedFuture(work.isCancelled());
        });
        assertTrue(watchdog.get(cancelled));
        onLoop(() -> null);
        blockWorkers.countDown();
        pool.shutdown();
        watchdog.until("the pool terminated", pool::isTerminated);
        assertEquals(0, ran.get(), "the cancelled work never ran");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** wrap brings a foreign future's outcome onto the loop thread. */
    @Test
    void wrapDeliversForeignOutcomesOnTheLoop() throws Exception {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        CompletableFuture<String> result = loop.submit(() -> EventLoop.current().wrap(foreign)
                .thenApply(value -> value + " on " + Thread.currentThread().getName()));
        pool.execute(() -> foreign.complete("hello"));
        assertEquals("hello on threads-test-loop", watchdog.get(result));
    }

    /** Cross-thread cancellation of a submission to a loop the test thread drives by hand. */
    @Nested
    class DrivenOnTheTestThread extends LoopFixture {

        /**
         * A cancel from another thread decides the submitted future at once, even while the task is in
         * the middle of its steps, and the task's later value does not override it (found by
         * SubmitLincheckTest: cancel used to return true while the future could still complete with a value).
         */
        @Test
        void cancelFromAnotherThreadDecidesTheSubmittedFutureAtOnce() throws Exception {
            List<String> steps = new ArrayList<>();
            CompletableFuture<Integer> result = loop.submit(() -> {
                steps.add("started");
                return Tasks.yieldNow().thenApply(v -> {
                    steps.add("finished");
                    return 1;
                });
            });
            loop.runOnce();                                         // takes the post in and creates the task
            loop.runOnce();                                         // the task starts and yields
            assertEquals(List.of("started"), steps);
            boolean[] cancelled = new boolean[2];
            onOtherThread("canceller", () -> {
                cancelled[0] = result.cancel(false);
                cancelled[1] = result.isCancelled();
            });
            assertTrue(cancelled[0], "cancel succeeded");
            assertTrue(cancelled[1], "and the future was cancelled when cancel returned");
            loop.runUntilIdle();
            assertTrue(result.isCancelled(), "the task's value does not override the cancellation");
            assertTrue(result.cancel(false), "cancelling again still answers true, as CompletableFuture does");
            assertTrue(result.isCancelled());
        }

        /** A cancel from another thread before the loop takes the submission in means the body never runs. */
        @Test
        void cancelBeforeTheLoopStartsTheTaskMeansTheBodyNeverRuns() throws Exception {
            List<String> steps = new ArrayList<>();
            CompletableFuture<Integer> result = loop.submit(() -> {
                steps.add("started");
                return CompletableFuture.completedFuture(1);
            });
            onOtherThread("canceller", () -> result.cancel(false));
            loop.runUntilIdle();
            assertTrue(result.isCancelled());
            assertEquals(List.of(), steps);
        }
    }
}
