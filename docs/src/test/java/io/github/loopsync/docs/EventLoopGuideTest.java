package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.TaskGroup;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/guide/event-loop.md, run as tests; the page shows their regions verbatim. */
class EventLoopGuideTest {

    /** Delivery happens at the loop's next step, never inside complete(). */
    @Test
    void deliveryIsDeferred() {
        // @start region=delivery
        List<String> printed = new ArrayList<>();
        try (EventLoop loop = EventLoop.builder().build()) {
            LoopFuture<String> reply = loop.createFuture();
            reply.thenAccept(text -> printed.add("got " + text));
            reply.complete("pong");   // decided; nothing has run yet
            assertEquals(List.of(), printed);
            loop.runOnce();           // the loop delivers it
            assertEquals(List.of("got pong"), printed);
        }
        // @end region=delivery
    }

    /** A task catches its cancellation, cleans up, and reports how it ended. */
    @Test
    void cancellationTravelsThroughTheChain() {
        // @start region=cancel-cleanup
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            Task<String> worker = loop.createTask(() ->
                    Tasks.sleep(Duration.ofMinutes(10))
                         .thenApply(done -> "finished")
                         .exceptionally(Chains.catching(CancellationException.class,
                                 cancelled -> "cancelled, cleaned up")));   // recovering ends the task normally
            loop.runOnce();        // the worker starts and sleeps
            worker.cancel();       // its sleep is cancelled at once
            loop.runUntilIdle();
            assertEquals("cancelled, cleaned up", worker.join());
        }
        // @end region=cancel-cleanup
    }

    /** A test of time-dependent code on a virtual clock: an hour passes instantly. */
    @Test
    void virtualTime() {
        // @start region=virtual-time
        VirtualClock clock = VirtualClock.autoAdvancing();
        try (EventLoop loop = EventLoop.builder().clock(clock).build()) {
            String result = loop.runUntilComplete(() ->
                    Tasks.waitFor(() -> Tasks.sleep(Duration.ofHours(1)).thenApply(v -> "slow"),
                                  Duration.ofMinutes(5))
                         .exceptionally(failure -> "timed out"));
            assertEquals("timed out", result);
            assertEquals(Duration.ofMinutes(5), clock.now());   // no real time passed
        }
        // @end region=virtual-time
    }

    /** Structured concurrency with a task group. */
    @Test
    void taskGroup() {
        // @start region=task-group
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            int total = loop.runUntilComplete(() ->
                    TaskGroup.run(group -> {
                        Task<Integer> a = group.createTask(() -> count("a", Duration.ofSeconds(1)));
                        Task<Integer> b = group.createTask(() -> count("b", Duration.ofSeconds(2)));
                        return a.thenCombine(b, Integer::sum);   // if either fails, the other is cancelled
                    }));
            assertEquals(3, total);
        }
        // @end region=task-group
    }

    private static CompletionStage<Integer> count(String name, Duration latency) {
        return Tasks.sleep(latency).thenApply(v -> name.length() + (int) latency.toSeconds() - 1);
    }

    /** Handing work to a loop running on its own thread. */
    @Test
    @Timeout(30)
    void crossThread() throws Exception {
        // @start region=cross-thread
        try (EventLoop loop = EventLoop.start()) {            // a loop on its own thread
            CompletableFuture<String> answer = loop.submit(() ->
                    Tasks.yieldNow().thenApply(v -> "computed on " + Thread.currentThread().getName()));
            String text = answer.get(10, TimeUnit.SECONDS);   // wait from this thread
            assertTrue(text.startsWith("computed on loopsync-"));
        }                                                       // close() waits for the loop thread
        // @end region=cross-thread
    }
}
