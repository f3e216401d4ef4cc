package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.bridge.BridgeQueue;
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Loops;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.queue.AsyncPriorityQueue;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.queue.QueueShutDownException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/queues.md, run as tests; the page shows their regions verbatim. */
class QueuesGuideTest {

    // @start region=workers
    /** A worker: take an order, process it, repeat until the queue shuts down (taskDone is called for it). */
    static CompletionStage<Void> worker(AsyncQueue<String> orders, List<String> processed) {
        return Loops.forEach(orders, order -> Tasks.sleep(Duration.ofMillis(order.length()))
                .thenRun(() -> processed.add(order)));
    }
    // @end region=workers

    /** Three workers drain a bounded queue; join waits until every order is processed. */
    @Test
    void workersAndJoin() {
        // @start region=join
        List<String> processed = new ArrayList<>();
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            AsyncQueue<String> orders = new AsyncQueue<>(2);          // producers wait beyond 2 orders
            List<Task<Void>> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(loop.createTask(() -> worker(orders, processed)));
            }
            String result = loop.runUntilComplete(() ->
                    orders.put("coffee")
                          .thenCompose(v -> orders.put("tea"))
                          .thenCompose(v -> orders.put("cake"))
                          .thenCompose(v -> orders.join())             // every order processed
                          .thenApply(v -> {
                              orders.shutdown();                       // the workers' loops end
                              return processed.size() + " orders processed";
                          }));
            assertEquals("3 orders processed", result);
            loop.runUntilIdle();
            for (Task<Void> worker : workers) {
                assertTrue(worker.isDone() && !worker.isCompletedExceptionally(), "the workers ended at the shutdown: " + worker);
            }
        }
        // @end region=join
        assertEquals(3, processed.size());
    }

    /** Equal priorities leave in arrival order. */
    @Test
    void priorities() {
        try (EventLoop loop = EventLoop.builder().build()) {
            // @start region=priority
            AsyncPriorityQueue<String> jobs = new AsyncPriorityQueue<>(0, Comparator.comparing(job -> job.charAt(0)));
            for (String job : List.of("b: backup", "a: alert 1", "c: cleanup", "a: alert 2")) {
                jobs.putNowait(job);
            }
            List<String> order = new ArrayList<>();
            while (!jobs.isEmpty()) {
                order.add(jobs.getNowait());
            }
            assertEquals(List.of("a: alert 1", "a: alert 2", "b: backup", "c: cleanup"), order);
            // @end region=priority
            loop.runUntilIdle();
        }
    }

    /** A thread feeds a loop task through a BridgeQueue. */
    @Test
    @Timeout(30)
    void bridge() throws Exception {
        // @start region=bridge
        try (EventLoop loop = EventLoop.start()) {
            BridgeQueue<Integer> readings = new BridgeQueue<>(loop, 100);
            Thread sensor = new Thread(() -> {
                try {
                    for (int i = 1; i <= 10; i++) {
                        readings.put(i);                     // blocks if the loop falls behind
                    }
                    readings.shutdown();                     // no more readings
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sensor.start();
            CompletableFuture<Integer> total = loop.submit(() -> sum(readings));
            assertEquals(55, total.get(10, TimeUnit.SECONDS));
            sensor.join();
        }
        // @end region=bridge
    }

    // @start region=bridge-sum
    static CompletionStage<Integer> sum(BridgeQueue<Integer> readings) {
        int[] total = {0};
        return Loops.repeat(() -> readings.get()
                        .thenApply(reading -> {
                            total[0] += reading;
                            return true;                     // go on
                        })
                        .exceptionally(Chains.catching(QueueShutDownException.class,
                                shutDown -> false)))         // drained and shut down: stop
                .thenApply(done -> total[0]);
    }
    // @end region=bridge-sum
}
