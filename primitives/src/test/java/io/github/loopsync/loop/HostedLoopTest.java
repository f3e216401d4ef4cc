package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.spi.LoopHost;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.testing.Watchdog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * A loop hosted by a real single-threaded scheduled executor ({@link LoopHost#of}): binding,
 * the ordering rules, posts, cancellation from another thread, timers, batches and close. Waits go
 * through a {@link Watchdog} as failure guards only; nothing sleeps or measures time.
 */
@Timeout(60)
class HostedLoopTest {

    private ScheduledExecutorService executor;
    private EventLoop loop;
    private Watchdog watchdog;

    @BeforeEach
    void start(TestInfo test) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "host-thread"));
        loop = EventLoop.builder().name("hosted").startOn(LoopHost.of(executor));
        watchdog = Watchdog.watch(test.getDisplayName(), () -> LoopDiagnostics.describe(loop));
    }

    @AfterEach
    void stop() {
        try {
            loop.close();
            executor.shutdownNow();
        } finally {
            watchdog.close();
        }
    }

    /** Runs {@code action} as a plain task of the host (outside the loop's batches) and waits for it. */
    private <T> T onHost(Supplier<T> action) throws ExecutionException {
        return watchdog.get(executor.submit(action::get));
    }

    /** The loop binds to the host thread: it is that thread's current loop, also in the host's own tasks. */
    @Test
    void loopIsTheCurrentLoopOfTheHostThread() throws Exception {
        String insideLoop = watchdog.get(loop.submit(() -> CompletableFuture.completedFuture(
                Thread.currentThread().getName() + " " + (EventLoop.current() == loop) + " " + loop.isCurrent())));
        assertEquals("host-thread true true", insideLoop);
        assertSame(loop, onHost(EventLoop::currentOrNull));
        assertFalse(loop.inLoopThread());
        assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
    }

    /** The order of a scenario's callbacks, timers and posts is the same as on a loop with its own thread. */
    @Test
    void orderMatchesALoopWithItsOwnThread() throws Exception {
        List<String> expected = List.of("A", "B", "D", "timer", "C", "yielded", "post");
        assertEquals(expected, watchdog.get(loop.submit(() -> orderScenario(EventLoop.current()))));
        try (EventLoop own = EventLoop.builder().name("own-thread").start()) {
            assertEquals(expected, watchdog.get(own.submit(() -> orderScenario(EventLoop.current()))));
        }
    }

    /** FIFO, the iteration rule, a due timer behind ready callbacks, a post made during an iteration, a yield. */
    private CompletableFuture<List<String>> orderScenario(EventLoop on) {
        List<String> trace = new ArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        Consumer<String> record = event -> {
            trace.add(event);
            if (trace.size() == 7) {
                done.complete(List.copyOf(trace));
            }
        };
        on.callSoon(() -> {
            record.accept("A");
            on.callSoon(() -> record.accept("C"));
            postFromAnotherThreadAndWait(on, () -> record.accept("post"));
        });
        on.callSoon(() -> record.accept("B"));
        on.callLater(Duration.ZERO, () -> record.accept("timer"));
        on.createTask(() -> {
            record.accept("D");
            return Tasks.yieldNow().thenRun(() -> record.accept("yielded"));
        });
        return done;
    }

    private static void postFromAnotherThreadAndWait(EventLoop on, Runnable callback) {
        Thread poster = new Thread(() -> on.execute(callback), "poster");
        poster.start();
        try {
            poster.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts from several threads run once each and in each thread's order. */
    @Test
    void postsFromManyThreadsRunOnceInPerThreadOrder() throws Exception {
        int producers = 3;
        int postsEach = 20_000;
        List<List<Integer>> seen = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            List<Integer> mine = new ArrayList<>();
            seen.add(mine);
            threads.add(new Thread(() -> {
                for (int i = 0; i < postsEach; i++) {
                    int n = i;
                    loop.execute(() -> mine.add(n));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread producer : threads) {
            watchdog.join(producer);
        }
        List<List<Integer>> snapshot = watchdog.get(loop.submit(() -> {
            List<List<Integer>> copy = new ArrayList<>();
            seen.forEach(list -> copy.add(new ArrayList<>(list)));
            return CompletableFuture.completedFuture(copy);
        }));
        for (List<Integer> list : snapshot) {
            assertEquals(postsEach, list.size());
            for (int i = 0; i < postsEach; i++) {
                assertEquals(i, list.get(i), "out of order or duplicated");
            }
        }
    }

    /** Code in a plain host task (a handler) uses a primitive and creates a task; the loop runs it without a post. */
    @Test
    void hostTasksUsePrimitivesAndCreateTasks() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        onHost(() -> {
            AsyncLock lock = new AsyncLock();
            lock.acquire();                               // free: decided at once, no step needed
            LoopFuture<Void> second = lock.acquire();
            EventLoop.current().createTask(() -> {
                lock.release();
                return second.thenRun(() -> result.complete(Thread.currentThread().getName() + " " + lock.isLocked()));
            });
            return null;
        });
        assertEquals("host-thread true", watchdog.get(result));
    }

    /** Cancelling from another thread reaches a task parked on a lock; the lock goes to the next waiter. */
    @Test
    void cancellationFromAnotherThreadReachesTheParkedTask() throws Exception {
        AsyncLock lock = new AsyncLock();
        CompletableFuture<String> third = new CompletableFuture<>();
        List<Task<?>> tasks = watchdog.get(loop.submit(() -> {
            EventLoop on = EventLoop.current();
            lock.acquire();
            Task<Void> parked = on.createTask(() -> lock.withLock(() -> on.<Void>createFuture()));
            Task<Void> next = on.createTask(() -> lock.withLock(() -> {
                third.complete("granted after the cancelled waiter");
                return on.done();
            }));
            return Tasks.yieldNow().thenApply(v -> List.of(parked, next));
        }));
        assertTrue(tasks.get(0).cancel(), "cancelled from the test thread");
        loop.execute(lock::release);
        assertEquals("granted after the cancelled waiter", watchdog.get(third));
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        loop.execute(() -> tasks.get(0).whenComplete((v, e) -> cancelled.complete(e instanceof CancellationException)));
        assertTrue(watchdog.get(cancelled));
    }

    /** Timers fire on the host by deadline, equal deadlines in scheduling order; a cancelled one never fires. */
    @Test
    void timersFireByDeadlineOnTheHost() throws Exception {
        List<String> fired = watchdog.get(loop.submit(() -> {
            EventLoop on = EventLoop.current();
            List<String> trace = new ArrayList<>();
            long base = on.time();
            on.callAt(base + 3_000_000, () -> trace.add("3ms-a"));
            on.callAt(base + 1_000_000, () -> trace.add("1ms"));
            on.callAt(base + 3_000_000, () -> trace.add("3ms-b"));
            on.callAt(base + 2_000_000, () -> trace.add("2ms " + Thread.currentThread().getName()));
            TimerHandle cancelled = on.callLater(Duration.ofMillis(1), () -> trace.add("cancelled"));
            cancelled.cancel();
            return Tasks.sleep(Duration.ofMillis(4)).thenApply(v -> trace);
        }));
        assertEquals(List.of("1ms", "2ms host-thread", "3ms-a", "3ms-b"), fired);
        assertEquals(0, (int) watchdog.get(loop.submit(() -> CompletableFuture.completedFuture(EventLoop.current().pendingTimers()))));
    }

    /** A loop that never stops yielding still lets the host run its other tasks: batches are bounded. */
    @Test
    void batchesDoNotStarveTheHost() throws Exception {
        loop.execute(() -> EventLoop.current().createTask(() -> Loops.repeatWhile(() -> true, Tasks::yieldNow)));
        assertEquals("other work ran", onHost(() -> "other work ran"));
    }

    /** The driving methods refuse on a hosted loop: the host drives it. */
    @Test
    void drivingByHandIsRefused() throws Exception {
        IllegalStateException refused = onHost(() -> assertThrows(IllegalStateException.class, loop::runOnce));
        assertTrue(refused.getMessage().contains("which its host drives"), refused.getMessage());
    }

    /** close() from another thread cancels the tasks, lets their cleanup run on the host, and unbinds the thread. */
    @Test
    void closeFromAnotherThreadRunsTheCloseOnTheHost() throws Exception {
        CompletableFuture<String> cleanup = new CompletableFuture<>();
        watchdog.get(loop.submit(() -> {
            EventLoop.current().createTask(() -> Tasks.sleep(Duration.ofHours(1))
                    .whenComplete((v, e) -> cleanup.complete(e.getClass().getSimpleName() + " on " + Thread.currentThread().getName())));
            return Tasks.yieldNow();
        }));
        loop.close();
        assertTrue(loop.isClosed());
        assertEquals("LoopCancellationException on host-thread", cleanup.getNow(null));
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertNull(onHost(EventLoop::currentOrNull), "the host thread is free again");
    }

    /** close() on the host thread, between batches or from a callback, closes the loop there. */
    @Test
    void closeOnTheHostThread() throws Exception {
        assertTrue(onHost(() -> {
            loop.close();
            return loop.isClosed();
        }));
        ScheduledExecutorService second = Executors.newSingleThreadScheduledExecutor();
        try {
            EventLoop fromCallback = EventLoop.builder().startOn(LoopHost.of(second));
            fromCallback.execute(fromCallback::close);
            fromCallback.close();
            assertTrue(fromCallback.isClosed());
        } finally {
            second.shutdownNow();
        }
    }

    /** A host that reports its shutdown closes the loop on its thread, before it stops. */
    @Test
    void hostShutdownClosesTheLoop() throws Exception {
        List<Runnable> hooks = new ArrayList<>();
        LoopHost reporting = new ForwardingHost(LoopHost.of(executor)) {
            @Override
            public void onShutdown(Runnable closeLoop) {
                hooks.add(closeLoop);
            }
        };
        loop.close();
        EventLoop hosted = EventLoop.builder().startOn(reporting);
        CompletableFuture<Boolean> cleanedUp = new CompletableFuture<>();
        hosted.execute(() -> hosted.createTask(() -> hosted.createFuture().whenComplete((v, e) -> cleanedUp.complete(true))));
        assertEquals(1, hooks.size());
        assertTrue(onHost(() -> {
            hooks.get(0).run();                           // the host shutting down
            return hosted.isClosed();
        }));
        assertTrue(cleanedUp.getNow(false));
    }

    /** A host whose executor was shut down first makes close() fail with the reason instead of hanging. */
    @Test
    void closeAfterTheHostStoppedFailsClearly() throws Exception {
        executor.shutdown();
        watchdog.until("executor terminated", executor::isTerminated);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, loop::close);
        assertInstanceOf(RejectedExecutionException.class, thrown.getCause());
        loop = EventLoop.builder().build();               // for stop(): the refused loop stays as it was
    }

    /** A host that delegates everything, for tests that override one method. */
    private static class ForwardingHost implements LoopHost {
        private final LoopHost delegate;

        ForwardingHost(LoopHost delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean inHostThread() {
            return delegate.inHostThread();
        }

        @Override
        public void execute(Runnable task) {
            delegate.execute(task);
        }

        @Override
        public java.util.concurrent.Future<?> schedule(Runnable task, long delayNanos) {
            return delegate.schedule(task, delayNanos);
        }
    }

}
