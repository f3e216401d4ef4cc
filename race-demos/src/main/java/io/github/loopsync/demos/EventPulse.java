package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncEvent;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Demo 5: a doorbell rung with {@code set()} then {@code clear()} wakes whoever is waiting at that
 * moment and nobody else; a ring while the worker is busy is lost. The fix is a queue, which keeps
 * every ring until it is taken. Re-expresses the event discussion of chapter 11 of Fowler,
 * <i>Python Concurrency with asyncio</i> (never copied).
 */
public final class EventPulse implements Demo {

    @Override
    public String id() {
        return "event-pulse";
    }

    @Override
    public String title() {
        return "Event pulses lost by set() then clear()";
    }

    @Override
    public String story() {
        return "A producer rings a doorbell twice; a worker waits for the bell, handles the job, and waits again. "
                + "The bell is an event pulsed with set() then clear().";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, chapter 11, events (re-expressed)";
    }

    // @start region=racy
    static final class Doorbell {
        private final AsyncEvent bell = new AsyncEvent();
        int handled;

        void ring() {
            bell.set();                                 // wakes the tasks waiting right now...
            bell.clear();                               // ...and nobody who comes later
        }

        CompletionStage<Void> work() {
            return bell.await()
                    .thenCompose(v -> handleJob())      // busy: a ring now is lost
                    .thenCompose(v -> work());
        }

        private CompletionStage<Void> handleJob() {
            handled++;
            return Tasks.sleep(Duration.ofMillis(10));
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class JobQueue {
        private final AsyncQueue<String> jobs = new AsyncQueue<>();
        int handled;

        void ring() {
            jobs.putNowait("job");                      // kept until the worker takes it
        }

        CompletionStage<Void> work() {
            return jobs.get()
                    .thenCompose(job -> handleJob())
                    .thenCompose(v -> work());
        }

        private CompletionStage<Void> handleJob() {
            handled++;
            return Tasks.sleep(Duration.ofMillis(10));
        }
    }
    // @end region=fixed

    /** Two rings 5 ms apart; after 50 ms the worker should have handled both, and is stopped. */
    private static CompletionStage<?> scenario(RaceRun run, Runnable ring, Supplier<CompletionStage<Void>> work) {
        EventLoop loop = run.loop();
        Task<Void> worker = loop.createTask("worker", work);
        Task<Void> producer = loop.createTask("producer", () -> {
            ring.run();
            return Tasks.sleep(Duration.ofMillis(5)).thenRun(ring);
        });
        return producer
                .thenCompose(v -> Tasks.sleep(Duration.ofMillis(50)))
                .thenCompose(v -> {
                    worker.cancel();
                    return worker.exceptionally(stopped -> null);
                });
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        Doorbell doorbell = new Doorbell();
        run.atEnd(() -> check(doorbell.handled == 2, "handled " + doorbell.handled + " of 2 jobs"));
        return scenario(run, doorbell::ring, doorbell::work);
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        JobQueue queue = new JobQueue();
        run.atEnd(() -> check(queue.handled == 2, "handled " + queue.handled + " of 2 jobs"));
        return scenario(run, queue::ring, queue::work);
    }
}
