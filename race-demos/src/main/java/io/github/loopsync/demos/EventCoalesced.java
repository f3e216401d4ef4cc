package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Demo 11: triggers come faster than two workers can handle them, and an event cannot count. One
 * {@code set()} wakes both waiting workers, so one trigger is handled twice; a {@code set()} on an
 * event that is already set does nothing, so two later triggers merge into one wake-up and one of
 * them is never handled. The fix is a queue: one item per trigger, taken by exactly one worker.
 * Re-expresses listing 11.13 of Fowler, <i>Python Concurrency with asyncio</i> ("an event that
 * can't keep up"; never copied).
 */
public final class EventCoalesced implements Demo {

    @Override
    public String id() {
        return "event-coalesced";
    }

    @Override
    public String title() {
        return "An event that cannot keep up: triggers merged and handled twice";
    }

    @Override
    public String story() {
        return "A card terminal: three taps arrive 2 ms apart and each must be charged once; charging takes 10 ms. "
                + "Two workers wait on an event, clear it, and charge the latest tap.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listing 11.13 (re-expressed)";
    }

    // @start region=racy
    static final class EventTerminal {
        private final AsyncEvent tapped = new AsyncEvent();
        private int latestTap;
        final List<Integer> charged = new ArrayList<>();

        void tap(int card) {
            latestTap = card;
            tapped.set();                               // already set? then this tap merges with the last
        }

        CompletionStage<Void> work() {
            return tapped.await().thenCompose(v -> {
                tapped.clear();                         // every worker woken by one set() gets here
                return charge(charged, latestTap);
            }).thenCompose(v -> work());
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class QueueTerminal {
        private final AsyncQueue<Integer> taps = new AsyncQueue<>();
        final List<Integer> charged = new ArrayList<>();

        void tap(int card) {
            taps.putNowait(card);                       // one item per tap, kept until taken
        }

        CompletionStage<Void> work() {
            return taps.get()                           // each item goes to exactly one worker
                    .thenCompose(card -> charge(charged, card))
                    .thenCompose(v -> work());
        }
    }
    // @end region=fixed

    static CompletionStage<Void> charge(List<Integer> charged, int card) {
        charged.add(card);
        return Tasks.sleep(Duration.ofMillis(10));
    }

    /** Taps 1, 2 and 3, 2 ms apart; after 50 ms every tap should be charged once, and the workers stop. */
    private static CompletionStage<?> scenario(RaceRun run, IntConsumer tap, Supplier<CompletionStage<Void>> work,
            List<Integer> charged) {
        run.atEnd(() -> check(charged.stream().sorted().toList().equals(List.of(1, 2, 3)),
                "charged " + charged + " for taps [1, 2, 3]"));
        EventLoop loop = run.loop();
        List<Task<Void>> workers = List.of(loop.createTask("W1", work), loop.createTask("W2", work));
        Task<Void> terminal = loop.createTask("terminal", () -> {
            tap.accept(1);
            return Tasks.sleep(Duration.ofMillis(2))
                    .thenRun(() -> tap.accept(2))
                    .thenCompose(v -> Tasks.sleep(Duration.ofMillis(2)))
                    .thenRun(() -> tap.accept(3));
        });
        return terminal
                .thenCompose(v -> Tasks.sleep(Duration.ofMillis(50)))
                .thenCompose(v -> {
                    workers.forEach(Task::cancel);
                    return Tasks.gatherOutcomes(workers);
                });
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        EventTerminal terminal = new EventTerminal();
        return scenario(run, terminal::tap, terminal::work, terminal.charged);
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        QueueTerminal terminal = new QueueTerminal();
        return scenario(run, terminal::tap, terminal::work, terminal.charged);
    }
}
