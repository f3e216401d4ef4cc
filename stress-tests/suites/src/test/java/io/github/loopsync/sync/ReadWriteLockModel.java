package io.github.loopsync.sync;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The sequential model of a phase-fair read-write lock, and the generated operations that
 * exercise one. Checked after every step: no writer beside anyone (exclusion); no reader enters
 * at once while a writer waits (a waiting writer stops new readers); and no writer enters while a
 * reader that was already waiting when the previous writer left is still waiting (the readers
 * behind a writer go before the next writer). The last two together mean neither side starves.
 */
final class ReadWriteLockModel {

    /** The generated operations. */
    enum Op {
        /** acquireRead, hold across a sleep, releaseRead. */
        READ,
        /** acquireWrite, hold across a sleep, releaseWrite. */
        WRITE,
        /** tryAcquireRead; if it worked, yield and release. */
        TRY_READ,
        /** tryAcquireWrite; if it worked, yield and release. */
        TRY_WRITE,
        /** acquireRead with a 2 ms timeout; release if acquired. */
        READ_TIMEOUT,
        /** acquireWrite with a 2 ms timeout; release if acquired. */
        WRITE_TIMEOUT,
        /** acquireWrite, yield, downgrade, yield, releaseRead. */
        DOWNGRADE
    }

    /** The lock under test. */
    interface Primitive {
        LoopFuture<Void> acquireRead();

        LoopFuture<Void> acquireWrite();

        boolean tryAcquireRead();

        boolean tryAcquireWrite();

        void releaseRead();

        void releaseWrite();

        void downgrade();
    }

    static Primitive of(AsyncReadWriteLock lock) {
        return new Primitive() {
            public LoopFuture<Void> acquireRead() {
                return lock.acquireRead();
            }

            public LoopFuture<Void> acquireWrite() {
                return lock.acquireWrite();
            }

            public boolean tryAcquireRead() {
                return lock.tryAcquireRead();
            }

            public boolean tryAcquireWrite() {
                return lock.tryAcquireWrite();
            }

            public void releaseRead() {
                lock.releaseRead();
            }

            public void releaseWrite() {
                lock.releaseWrite();
            }

            public void downgrade() {
                lock.downgrade();
            }
        };
    }

    static List<List<Op>> generate(Random random) {
        return RandomTasks.generate(random, 2, Op.values());
    }

    private final Primitive lock;
    private int readers;
    private int writers;
    /** Pending acquisitions, by side. */
    private final List<LoopFuture<Void>> waitingWriters = new ArrayList<>();
    private final List<LoopFuture<Void>> waitingReaders = new ArrayList<>();
    /** The readers that were waiting when the last writer left: all must be served before the next writer. */
    private final List<LoopFuture<Void>> owedReaders = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    ReadWriteLockModel(Primitive lock) {
        this.lock = lock;
    }

    CompletionStage<?> scenario(RaceRun run, List<List<Op>> tasks) {
        run.invariant("a writer is alone", () -> writers == 0 || writers == 1 && readers == 0);
        run.invariant("phase-fair order", violations::isEmpty);
        EventLoop loop = run.loop();
        List<LoopFuture<Void>> started = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            int id = t;
            started.add(loop.createTask("T" + t, () -> runOps(id, tasks.get(id), 0)));
        }
        return Tasks.gatherOutcomes(started);
    }

    private CompletionStage<Void> runOps(int task, List<Op> ops, int index) {
        if (index == ops.size()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> step;
        switch (ops.get(index)) {
            case TRY_READ:
                step = tryRead(task) ? heldRead(Tasks.yieldNow()) : CompletableFuture.completedFuture(null);
                break;
            case TRY_WRITE:
                step = tryWrite(task) ? heldWrite(Tasks.yieldNow()) : CompletableFuture.completedFuture(null);
                break;
            case READ_TIMEOUT:
                step = acquire(task, false, Duration.ofMillis(2))
                        .thenCompose(got -> got ? heldRead(Tasks.yieldNow()) : CompletableFuture.completedFuture(null));
                break;
            case WRITE_TIMEOUT:
                step = acquire(task, true, Duration.ofMillis(2))
                        .thenCompose(got -> got ? heldWrite(Tasks.yieldNow()) : CompletableFuture.completedFuture(null));
                break;
            case DOWNGRADE:
                step = acquire(task, true, null).thenCompose(got -> Tasks.yieldNow().handle((v, failure) -> {
                    downgrade();
                    return failure;
                })).thenCompose(failure -> heldRead(failure == null ? Tasks.yieldNow() : CompletableFuture.failedFuture(failure)));
                break;
            case WRITE:
                step = acquire(task, true, null).thenCompose(got -> heldWrite(Tasks.sleep(Duration.ofMillis(1))));
                break;
            default:
                step = acquire(task, false, null).thenCompose(got -> heldRead(Tasks.sleep(Duration.ofMillis(1))));
                break;
        }
        return step.thenCompose(v -> runOps(task, ops, index + 1));
    }

    private boolean tryRead(int task) {
        boolean got = lock.tryAcquireRead();
        if (got) {
            enteredAtOnce(task);
            readers++;
        }
        return got;
    }

    private boolean tryWrite(int task) {
        boolean got = lock.tryAcquireWrite();
        if (got) {
            entered(task, true);
        }
        return got;
    }

    /** The writer becomes a reader; the readers waiting now are admitted with it. */
    private void downgrade() {
        lock.downgrade();
        writers--;
        readers++;
        owedReaders.clear();
        owedReaders.addAll(waitingReaders);
    }

    private void enteredAtOnce(int task) {
        if (waitingWriters.stream().anyMatch(writer -> !writer.isDone())) {
            violations.add("T" + task + " read at once while a writer was waiting");
        }
    }

    /** Acquires one side; completes with whether the task now holds it (counted in the model). */
    private CompletionStage<Boolean> acquire(int task, boolean write, Duration timeout) {
        LoopFuture<Void> acquisition = write ? lock.acquireWrite() : lock.acquireRead();
        if (acquisition.isDone()) {
            if (!write) {
                enteredAtOnce(task);
            }
            entered(task, write);
            return CompletableFuture.completedFuture(true);
        }
        List<LoopFuture<Void>> queue = write ? waitingWriters : waitingReaders;
        queue.add(acquisition);
        CompletionStage<Void> awaited = timeout == null ? acquisition : Tasks.waitFor(acquisition, timeout);
        return awaited.handle((v, failure) -> {
            queue.remove(acquisition);
            if (failure != null) {
                if (Tasks.isCancellation(failure)) {
                    throw Chains.rethrow(failure);
                }
                return false;
            }
            entered(task, write);
            return true;
        });
    }

    private void entered(int task, boolean write) {
        if (write) {
            for (LoopFuture<Void> reader : owedReaders) {
                if (!reader.isDone()) {
                    violations.add("T" + task + " wrote before a reader that waited through the previous write");
                }
            }
            owedReaders.clear();
            writers++;
        } else {
            readers++;
        }
    }

    private CompletionStage<Void> heldRead(CompletionStage<Void> body) {
        return body.whenComplete((v, failure) -> {
            readers--;
            lock.releaseRead();
        });
    }

    private CompletionStage<Void> heldWrite(CompletionStage<Void> body) {
        return body.whenComplete((v, failure) -> {
            writers--;
            owedReaders.clear();
            owedReaders.addAll(waitingReaders);
            lock.releaseWrite();
        });
    }
}
