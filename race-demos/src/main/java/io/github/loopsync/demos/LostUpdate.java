package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Demo 1: two tasks each add one to a counter, reading it, waiting for a (simulated) database
 * call, then writing it back. Re-expresses listing 11.2 of Fowler, <i>Python Concurrency with
 * asyncio</i> (never copied).
 */
public final class LostUpdate implements Demo {

    @Override
    public String id() {
        return "lost-update";
    }

    @Override
    public String title() {
        return "Lost update across an await";
    }

    @Override
    public String story() {
        return "Two tasks each add 1 to a shared counter; each reads it, waits for the database, and writes it back. "
                + "The second write overwrites the first.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listing 11.2 (re-expressed)";
    }

    // @start region=racy
    static final class Counter {
        int value;

        CompletionStage<Void> increment() {
            int seen = value;                                  // read
            return saveToDatabase()                            // other tasks run here
                    .thenRun(() -> value = seen + 1);          // write what we read, plus one
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class LockedCounter {
        private final AsyncLock lock = new AsyncLock();
        int value;

        CompletionStage<Void> increment() {
            return lock.withLock(() -> {                       // the lock covers the await
                int seen = value;
                return saveToDatabase().thenRun(() -> value = seen + 1);
            });
        }
    }
    // @end region=fixed

    static CompletionStage<Void> saveToDatabase() {
        return Tasks.sleep(Duration.ofMillis(10));
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        Counter counter = new Counter();
        run.atEnd(() -> check(counter.value == 2, "counter is " + counter.value + ", expected 2"));
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("T1", counter::increment), loop.createTask("T2", counter::increment));
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        LockedCounter counter = new LockedCounter();
        run.atEnd(() -> check(counter.value == 2, "counter is " + counter.value + ", expected 2"));
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("T1", counter::increment), loop.createTask("T2", counter::increment));
    }
}
