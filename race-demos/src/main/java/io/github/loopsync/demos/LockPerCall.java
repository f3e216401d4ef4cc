package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Demo 3: a lock created inside the method it should protect. Every call gets its own lock, so
 * nothing is excluded. The fix creates the lock once and shares it from the entry point.
 */
public final class LockPerCall implements Demo {

    @Override
    public String id() {
        return "lock-per-call";
    }

    @Override
    public String title() {
        return "A lock created per call protects nothing";
    }

    @Override
    public String story() {
        return "A counter's increment creates a new lock on every call. Each task locks its own lock, "
                + "so both are inside the critical section at once and an update is lost.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, chapter 11 on sharing one lock (re-expressed)";
    }

    // @start region=racy
    static final class Counter {
        int value;

        CompletionStage<Void> increment() {
            AsyncLock lock = new AsyncLock();                 // a new lock each call: nobody else sees it
            return lock.withLock(() -> {
                int seen = value;
                return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> value = seen + 1);
            });
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class SharedLockCounter {
        private final AsyncLock lock;                         // one lock, handed in by the caller
        int value;

        SharedLockCounter(AsyncLock lock) {
            this.lock = lock;
        }

        CompletionStage<Void> increment() {
            return lock.withLock(() -> {
                int seen = value;
                return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> value = seen + 1);
            });
        }
    }
    // @end region=fixed

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        Counter counter = new Counter();
        run.atEnd(() -> check(counter.value == 2, "counter is " + counter.value + ", expected 2"));
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("T1", counter::increment), loop.createTask("T2", counter::increment));
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        SharedLockCounter counter = new SharedLockCounter(new AsyncLock());
        run.atEnd(() -> check(counter.value == 2, "counter is " + counter.value + ", expected 2"));
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("T1", counter::increment), loop.createTask("T2", counter::increment));
    }
}
