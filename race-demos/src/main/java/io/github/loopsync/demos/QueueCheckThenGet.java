package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Demo 8: two workers see that the queue is not empty, log that they are about to start, and then
 * take an item without waiting; the queue had one item, so the second {@code getNowait()} throws.
 * The fix lets the queue decide: {@code get()} waits for an item, so there is no check to go stale.
 * Re-expresses the queue discussion of chapter 12 of Fowler, <i>Python Concurrency with
 * asyncio</i> (never copied).
 */
public final class QueueCheckThenGet implements Demo {

    @Override
    public String id() {
        return "queue-check-then-get";
    }

    @Override
    public String title() {
        return "Queue check-then-get across an await";
    }

    @Override
    public String story() {
        return "Two workers serve one order queue. Each checks that an order is waiting, writes a log line "
                + "(an await), then takes the order without waiting.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, chapter 12, queues (re-expressed)";
    }

    // @start region=racy
    static CompletionStage<String> racyWorker(AsyncQueue<String> orders) {
        if (orders.isEmpty()) {
            return EventLoop.current().completedFuture("idle");
        }
        return log("about to take an order")               // other workers run here
                .thenApply(v -> orders.getNowait());       // the check above may be stale
    }
    // @end region=racy

    // @start region=fixed
    static CompletionStage<String> worker(AsyncQueue<String> orders) {
        return log("waiting for an order")
                .thenCompose(v -> orders.get());           // take-or-wait in one step
    }
    // @end region=fixed

    static CompletionStage<Void> log(String line) {
        return Tasks.sleep(Duration.ofMillis(1));
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        AsyncQueue<String> orders = new AsyncQueue<>();
        orders.putNowait("order-1");
        EventLoop loop = run.loop();
        return Tasks.gather(List.of(loop.createTask("W1", () -> racyWorker(orders)),
                loop.createTask("W2", () -> racyWorker(orders))));
    }

    /** One order now, a second 5 ms later: each worker gets one, whoever asks first. */
    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        AsyncQueue<String> orders = new AsyncQueue<>();
        orders.putNowait("order-1");
        EventLoop loop = run.loop();
        Task<String> first = loop.createTask("W1", () -> worker(orders));
        Task<String> second = loop.createTask("W2", () -> worker(orders));
        Task<Void> shop = loop.createTask("shop", () -> Tasks.sleep(Duration.ofMillis(5))
                .thenRun(() -> orders.putNowait("order-2")));
        return Tasks.gather(List.of(first, second, shop)).thenRun(() -> check(
                !first.join().equals(second.join()), "both workers took " + first.join()));
    }
}
