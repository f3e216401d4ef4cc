package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.TaskGroup;
import io.github.loopsync.loop.TaskGroupException;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The side-by-side examples of docs/cheat-sheet.md, run as tests on a virtual clock (or, for the
 * thread hand-offs, on a started loop); the page shows their regions verbatim.
 */
class CheatSheetTest {

    /** create_task, gather, sleep and run: two tasks, their results in order. */
    @Test
    void tasksAndGather() {
        // @start region=tasks
        int total = EventLoop.run(() -> {                        // asyncio.run(main()) / runBlocking { }
            EventLoop loop = EventLoop.current();
            Task<Integer> a = loop.createTask(() ->             // create_task(...) / launch { } + async { }
                    Tasks.sleep(Duration.ofMillis(20)).thenApply(slept -> 1));   // await asyncio.sleep / delay
            Task<Integer> b = loop.createTask(() -> Tasks.yieldNow().thenApply(yielded -> 2));
            return Tasks.gather(a, b)                            // await gather(a, b) / awaitAll(a, b)
                        .thenApply(values -> values.get(0) + values.get(1));
        });
        assertEquals(3, total);
        // @end region=tasks
    }

    /** async with lock / Mutex.withLock; async with semaphore / Semaphore.withPermit. */
    @Test
    void lockAndSemaphore() {
        // @start region=with-lock
        AsyncLock lock = new AsyncLock();                       // asyncio.Lock() / Mutex()
        AsyncSemaphore slots = new AsyncSemaphore(2);           // asyncio.Semaphore(2) / Semaphore(2)
        List<String> log = new ArrayList<>();
        EventLoop.run(() -> Tasks.gather(
                lock.withLock(() -> {                           // async with lock: / mutex.withLock { }
                    log.add("in the critical section");
                    return Tasks.yieldNow();
                }),
                slots.withPermit(() -> {                        // async with sem: / semaphore.withPermit { }
                    log.add("holding one of two permits");
                    return Tasks.yieldNow();
                })));
        assertEquals(List.of("in the critical section", "holding one of two permits"), log);
        // @end region=with-lock
    }

    /** wait_for / withTimeout, and asyncio.timeout / withTimeoutOrNull-like recovery. */
    @Test
    void timeouts() {
        // @start region=timeouts
        VirtualClock clock = VirtualClock.autoAdvancing();
        try (EventLoop loop = EventLoop.builder().clock(clock).build()) {
            // await wait_for(slow(), 1) / withTimeout(1000) { slow() }: cancels the work, then fails
            CompletionException late = assertThrows(CompletionException.class, () -> loop.runUntilComplete(() ->
                    Tasks.waitFor(() -> Tasks.sleep(Duration.ofSeconds(5)), Duration.ofSeconds(1))));
            assertInstanceOf(TimeoutException.class, late.getCause());
            // async with asyncio.timeout(2): ... / withTimeoutOrNull(2000) { ... } ?: "fallback"
            String answer = loop.runUntilComplete(() -> Tasks.timeout(Duration.ofSeconds(2), scope ->
                            Tasks.sleep(Duration.ofSeconds(5)).thenApply(slept -> "on time"))
                    .exceptionally(failure -> "fallback"));
            assertEquals("fallback", answer);
            assertEquals(Duration.ofSeconds(3), clock.now());
        }
        // @end region=timeouts
    }

    /** TaskGroup / coroutineScope: a failure cancels the siblings. */
    @Test
    void taskGroup() {
        // @start region=task-group
        VirtualClock clock = VirtualClock.autoAdvancing();
        try (EventLoop loop = EventLoop.builder().clock(clock).build()) {
            List<String> log = new ArrayList<>();
            assertThrows(TaskGroupException.class, () -> loop.runUntilComplete(() ->
                    TaskGroup.run(group -> {                    // async with TaskGroup() as g: / coroutineScope { }
                        group.createTask(() -> Tasks.sleep(Duration.ofSeconds(10))    // g.create_task / launch
                                .thenRun(() -> log.add("never: cancelled by its sibling's failure")));
                        group.createTask(() -> Tasks.sleep(Duration.ofSeconds(1))
                                .thenRun(() -> {
                                    throw new IllegalStateException("boom");
                                }));
                        return loop.done();
                    })));
            assertEquals(List.of(), log);
            assertEquals(Duration.ofSeconds(1), clock.now());
        }
        // @end region=task-group
    }

    /** Queue / Channel: a bounded producer-consumer hand-off. */
    @Test
    void queueAsChannel() {
        // @start region=channel
        List<Integer> received = new ArrayList<>();
        EventLoop.run(() -> {
            AsyncQueue<Integer> channel = new AsyncQueue<>(1);   // asyncio.Queue(1) / Channel(1)
            EventLoop.current().createTask(() -> channel.put(1)  // await q.put(1) / channel.send(1)
                    .thenCompose(sent -> channel.put(2)));
            return channel.get().thenAccept(received::add)       // await q.get() / channel.receive()
                    .thenCompose(got -> channel.get()).thenAccept(received::add);
        });
        assertEquals(List.of(1, 2), received);
        // @end region=channel
    }

    /** call_soon_threadsafe, run_coroutine_threadsafe and to_thread / withContext(Dispatchers.IO). */
    @Test
    @Timeout(30)
    void threads() throws Exception {
        // @start region=threads
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (EventLoop loop = EventLoop.start()) {              // a loop on its own thread
            CompletableFuture<String> seen = new CompletableFuture<>();
            loop.execute(() -> seen.complete(Thread.currentThread().getName()));   // call_soon_threadsafe
            assertTrue(seen.get(10, TimeUnit.SECONDS).startsWith("loopsync-"));
            CompletableFuture<Integer> length = loop.submit(() ->                  // run_coroutine_threadsafe
                    EventLoop.current().runInExecutor(pool, () -> "blocking call".length()));   // to_thread
            assertEquals(13, length.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdown();
        }
        // @end region=threads
    }

    /** A loop future completed by hand: asyncio's loop.create_future() / CompletableDeferred. */
    @Test
    void futureCompletedByHand() {
        // @start region=future
        try (EventLoop loop = EventLoop.builder().build()) {
            String reply = loop.runUntilComplete(() -> {
                LoopFuture<String> answer = loop.createFuture();     // create_future() / CompletableDeferred()
                loop.callSoon(() -> answer.complete("pong"));              // fut.set_result / deferred.complete
                return answer;
            });
            assertEquals("pong", reply);
        }
        // @end region=future
    }
}
