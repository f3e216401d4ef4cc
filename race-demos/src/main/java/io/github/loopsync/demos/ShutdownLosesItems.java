package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.queue.QueueShutDownException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Demo 13: a shop closes by cancelling its workers. A worker cancelled between {@code get()} and
 * {@code taskDone()} loses the order it was shipping, and an order placed after closing is
 * accepted into a queue nobody reads. The fix shuts the queue down (Python 3.13 semantics): later
 * orders are refused, the workers drain what was accepted and stop at their next {@code get()};
 * and each worker calls {@code taskDone()} in a finally-like {@code whenComplete}, so even a
 * worker cancelled mid-order reports the order and cannot leave {@code join()} waiting. The proof
 * lets the harness inject a cancellation anywhere. Re-expresses the order-queue shutdown of
 * chapter 12 of Fowler, <i>Python Concurrency with asyncio</i> (never copied).
 */
public final class ShutdownLosesItems implements Demo {

    @Override
    public String id() {
        return "shutdown-loses-items";
    }

    @Override
    public String title() {
        return "A shutdown that cancels workers loses orders";
    }

    @Override
    public String story() {
        return "A shop accepts three orders into a queue served by two workers; shipping an order takes 10 ms. "
                + "The shop closes at 15 ms, and a late customer orders at 17 ms.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, chapter 12, an order queue with workers (re-expressed)";
    }

    static final class Shop {
        final AsyncQueue<String> orders = new AsyncQueue<>();
        final List<String> accepted = new ArrayList<>();
        final List<String> refused = new ArrayList<>();
        final List<String> shipped = new ArrayList<>();
        final List<String> interrupted = new ArrayList<>();

        void place(String order) {
            try {
                orders.putNowait(order);
                accepted.add(order);
            } catch (QueueShutDownException closed) {
                refused.add(order);                             // the customer is told the shop is closed
            }
        }

        CompletionStage<Void> ship(String order) {
            return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> shipped.add(order));
        }
    }

    // @start region=racy
    static CompletionStage<Void> racyWorker(Shop shop) {
        return shop.orders.get()
                .thenCompose(shop::ship)
                .thenRun(shop.orders::taskDone)                 // skipped if cancelled while shipping
                .thenCompose(v -> racyWorker(shop));
    }

    static CompletionStage<?> racyClose(Shop shop, List<Task<Void>> workers) {
        workers.forEach(Task::cancel);                          // BUG: a worker may be mid-order
        return Tasks.gatherOutcomes(workers);                   // and the queue still takes orders
    }
    // @end region=racy

    // @start region=fixed
    static CompletionStage<Void> worker(Shop shop) {
        return shop.orders.get()                                // fails once shut down and drained
                .thenCompose(order -> shop.ship(order).whenComplete((v, failure) -> {
                    if (failure != null) {
                        shop.interrupted.add(order);            // reported, not silently lost
                    }
                    shop.orders.taskDone();                     // always, like a finally block
                }))
                .thenCompose(v -> worker(shop));
    }

    static CompletionStage<?> close(Shop shop, List<Task<Void>> workers) {
        shop.orders.shutdown();                                 // refuse new orders, keep the accepted
        return shop.orders.join()                               // every accepted order done
                .thenCompose(v -> Tasks.gatherOutcomes(workers));  // each stops at its next get()
    }
    // @end region=fixed

    private static CompletionStage<?> scenario(RaceRun run, boolean racy) {
        Shop shop = new Shop();
        run.atEnd(() -> {
            List<String> done = new ArrayList<>(shop.shipped);
            done.addAll(shop.interrupted);
            check(done.stream().sorted().toList().equals(shop.accepted), "accepted " + shop.accepted
                    + ", shipped " + shop.shipped + ", reported interrupted " + shop.interrupted);
        });
        EventLoop loop = run.loop();
        List<Task<Void>> workers = List.of(
                loop.createTask("W1", () -> racy ? racyWorker(shop) : worker(shop)),
                loop.createTask("W2", () -> racy ? racyWorker(shop) : worker(shop)));
        List.of("a", "b", "c").forEach(shop::place);
        Task<Void> late = loop.createTask("late", () -> Tasks.sleep(Duration.ofMillis(17))
                .thenRun(() -> shop.place("d")));
        Supplier<CompletionStage<?>> closing = racy ? () -> racyClose(shop, workers) : () -> close(shop, workers);
        return Tasks.sleep(Duration.ofMillis(15))               // closing time
                .thenCompose(v -> closing.get())
                .thenCompose(v -> Tasks.gatherOutcomes(List.of(late)));
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        return scenario(run, true);
    }

    /**
     * Every schedule within 2 deviations from FIFO, with the harness free to cancel any one task
     * at any wait: an order interrupted that way must be reported, and nothing may hang.
     */
    @Override
    public RaceOptions proveFixed() {
        return RaceOptions.defaults().strategy(Strategy.DELAY_BOUNDED).maxDelays(2).cancellations(1)
                .maxSchedules(1_000);
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        return scenario(run, false);
    }
}
