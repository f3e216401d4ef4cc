package io.github.loopsync.demos;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncReadWriteLock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Demo: a naive read-write lock that starves writers. Two dashboards read a price table in
 * overlapping 10 ms reads; a refresher needs the write lock to update it. The naive lock lets a
 * reader in whenever no writer holds the lock, so the dashboards take turns keeping it read-locked
 * and the refresher waits as long as they keep reading. The phase-fair {@link AsyncReadWriteLock}
 * queues new readers behind a waiting writer. The request behind kotlinx.coroutines issue #94 (a
 * read-write mutex), never copied.
 */
public final class ReadWriteLockStarvesWriter implements Demo {

    @Override
    public String id() {
        return "rwlock-starves-writer";
    }

    @Override
    public String title() {
        return "A naive read-write lock that starves writers";
    }

    @Override
    public String story() {
        return "Two dashboards read a price table in overlapping reads; a refresher waits for the write lock, "
                + "but a naive lock lets each new read in while any read is running, so the refresh waits for ever.";
    }

    @Override
    public String reference() {
        return "kotlinx.coroutines issue #94 (a read-write mutex, requested since 2017); Trio and asyncio have none";
    }

    /** The lock under test: the naive one or the real one, seen the same way. */
    private interface Lock {
        LoopFuture<Void> acquireRead();

        LoopFuture<Void> acquireWrite();

        void releaseRead();

        void releaseWrite();
    }

    private static Lock naive() {
        NaiveReadWriteLock lock = new NaiveReadWriteLock();
        return new Lock() {
            public LoopFuture<Void> acquireRead() {
                return lock.acquireRead();
            }

            public LoopFuture<Void> acquireWrite() {
                return lock.acquireWrite();
            }

            public void releaseRead() {
                lock.releaseRead();
            }

            public void releaseWrite() {
                lock.releaseWrite();
            }
        };
    }

    // @start region=fixed
    private static Lock phaseFair() {
        AsyncReadWriteLock lock = new AsyncReadWriteLock();   // a waiting writer stops new readers
        return new Lock() {
            public LoopFuture<Void> acquireRead() {
                return lock.acquireRead();
            }

            public LoopFuture<Void> acquireWrite() {
                return lock.acquireWrite();
            }

            public void releaseRead() {
                lock.releaseRead();
            }

            public void releaseWrite() {
                lock.releaseWrite();
            }
        };
    }
    // @end region=fixed

    /** The refresher is waiting for the write lock; no new reader may enter meanwhile. */
    private static final class Refresher {
        boolean waiting;
        int readerEnteredWhileWaiting;
    }

    private CompletionStage<?> prices(RaceRun run, Lock lock) {
        Refresher refresher = new Refresher();
        run.invariant("no new read starts while the refresher waits", () -> refresher.readerEnteredWhileWaiting == 0);
        EventLoop loop = run.loop();
        Supplier<CompletionStage<Void>> read = () -> {
            boolean refresherAlreadyWaiting = refresher.waiting;
            return lock.acquireRead().thenCompose(v -> {
                if (refresherAlreadyWaiting && refresher.waiting) {
                    refresher.readerEnteredWhileWaiting++;
                }
                return Tasks.sleep(Duration.ofMillis(10)).whenComplete((r, e) -> lock.releaseRead());
            });
        };
        LoopFuture<Void> first = loop.createTask("dash1", () -> read.get().thenCompose(v -> read.get()));
        LoopFuture<Void> second = loop.createTask("dash2", () -> Tasks.sleep(Duration.ofMillis(5))
                .thenCompose(v -> read.get()).thenCompose(v -> read.get()));
        LoopFuture<Void> refresh = loop.createTask("refresh", () -> Tasks.sleep(Duration.ofMillis(2)).thenCompose(v -> {
            LoopFuture<Void> write = lock.acquireWrite();
            refresher.waiting = !write.isDone();
            return write.thenCompose(granted -> {
                refresher.waiting = false;
                return Tasks.sleep(Duration.ofMillis(1)).whenComplete((r, e) -> lock.releaseWrite());
            });
        }));
        return Tasks.gather(List.of(first, second, refresh));
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        return prices(run, naive());
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        return prices(run, phaseFair());
    }
}
