package io.github.loopsync.benchmarks;

import com.ibm.asyncutil.locks.FairAsyncLock;
import com.ibm.asyncutil.locks.FairAsyncSemaphore;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import kotlin.Unit;
import kotlinx.coroutines.sync.Mutex;
import kotlinx.coroutines.sync.MutexKt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Hand-off under contention: {@code tasks} tasks on one loop take turns with one lock, or with a
 * semaphore of 10 permits, until {@value #ACQUISITIONS} acquisitions have happened in all. Each
 * task releases right after it is granted and queues again, so every grant after the first few is
 * a hand-off to a parked waiter: the figure is the cost of one hand-off, including waking the
 * waiter's task through the loop.
 *
 * <p>Peers: IBM async-util's FIFO lock and semaphore, whose stages complete on the releasing thread
 * and so are run from a plain FIFO run queue on the benchmark thread; and kotlinx.coroutines'
 * {@code Mutex} (fair, FIFO), contended by {@code tasks} coroutines launched on a single-threaded
 * dispatcher drained by the benchmark thread ({@link RunQueueDispatcher}, which says why that
 * dispatcher), each calling the suspending {@code lock} from a hand-written coroutine
 * ({@link SuspendingLoop}). Each peer contender does what a loopsync task does per turn: acquire,
 * release, count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(HandoffBenchmark.ACQUISITIONS)
public class HandoffBenchmark extends LoopBenchmark {

    /** Acquisitions per invocation, shared out among the tasks. */
    static final int ACQUISITIONS = 100_000;

    /** How many tasks contend. */
    @Param({"10", "100", "10000"})
    public int tasks;

    /** How many steps the last {@link #kotlinMutex} invocation's dispatcher ran, for the work test. */
    int kotlinSteps;


    /** Contending for one {@link AsyncLock}. */
    @Benchmark
    public int lock() {
        AsyncLock lock = new AsyncLock();
        return contend(lock::acquire, lock::release, 1);
    }

    /** Contending for an {@link AsyncSemaphore} of 10 permits. */
    @Benchmark
    public int semaphore() {
        AsyncSemaphore semaphore = new AsyncSemaphore(10);
        return contend(semaphore::acquire, semaphore::release, 10);
    }

    /**
     * Peer: IBM async-util's {@code FairAsyncLock} (FIFO, like loopsync's). It completes a waiter's
     * stage on the releasing thread, so its continuations go through a run queue on the benchmark
     * thread, as a loop would run them; calling them in place would nest one stack frame per
     * hand-off.
     */
    @Benchmark
    public int ibmFairLock() {
        FairAsyncLock lock = new FairAsyncLock();
        return contendOnRunQueue(lock::acquireLock, com.ibm.asyncutil.locks.AsyncLock.LockToken::releaseLock, 1);
    }

    /** Peer: IBM async-util's {@code FairAsyncSemaphore} of 10 permits, on a run queue as above. */
    @Benchmark
    public int ibmFairSemaphore() {
        FairAsyncSemaphore semaphore = new FairAsyncSemaphore(10);
        return contendOnRunQueue(() -> semaphore.acquire(1), ignored -> semaphore.release(1), 10);
    }

    /**
     * Peer: kotlinx.coroutines' {@code Mutex}, one {@code lock(null)} + {@code unlock(null)} per turn
     * ({@code withLock}'s calls), in {@code tasks} coroutines on a single-threaded dispatcher. As for
     * the loopsync rows, the mutex is held while the coroutines start and park, and is let go only
     * after that, so from then on every grant is a hand-off to a parked coroutine.
     */
    @Benchmark
    public int kotlinMutex() {
        Mutex mutex = MutexKt.Mutex(false);
        int rounds = ACQUISITIONS / tasks;
        KotlinContender[] contenders = new KotlinContender[tasks];
        for (int t = 0; t < tasks; t++) {
            contenders[t] = new KotlinContender(mutex, rounds);
        }
        if (!mutex.tryLock(null)) {
            throw new IllegalStateException("a new mutex was locked");
        }
        kotlinSteps = SuspendingLoop.runAll(new RunQueueDispatcher(), () -> mutex.unlock(null), contenders);
        if (mutex.isLocked()) {
            throw new IllegalStateException("the mutex was left locked");
        }
        return rounds * tasks;
    }

    /** One coroutine's turns with a kotlinx {@code Mutex}: {@code repeat(left) { mutex.withLock { } }}. */
    private static final class KotlinContender extends SuspendingLoop {
        private final Mutex mutex;
        private int left;

        KotlinContender(Mutex mutex, int left) {
            this.mutex = mutex;
            this.left = left;
        }

        @Override
        protected Object proceed() {
            while (left > 0) {
                if (mutex.lock(null, continuation()) == SUSPENDED) {
                    return SUSPENDED;
                }
                turn();
            }
            return Unit.INSTANCE;
        }

        @Override
        protected Object resumed(Object granted) {
            turn();
            return proceed();
        }

        private void turn() {
            mutex.unlock(null);
            left--;
        }

        @Override
        protected String progress() {
            return left + " turns left";
        }
    }

    private <R> int contendOnRunQueue(Supplier<CompletionStage<R>> acquire, Consumer<R> release, int permits) {
        int rounds = ACQUISITIONS / tasks;
        RunQueue runQueue = new RunQueue();
        List<R> held = new ArrayList<>();
        for (int p = 0; p < permits; p++) {
            acquire.get().thenAccept(held::add);
        }
        if (held.size() != permits) {
            throw new IllegalStateException("the first " + permits + " acquisitions did not complete at once");
        }
        PeerContender<?>[] contenders = new PeerContender<?>[tasks];
        for (int t = 0; t < tasks; t++) {
            contenders[t] = new PeerContender<>(runQueue, acquire, release, rounds);
            contenders[t].step();
        }
        held.forEach(release);
        runQueue.drain();
        for (PeerContender<?> contender : contenders) {
            if (contender.left != 0) {
                throw new IllegalStateException("a contender stopped with " + contender.left + " turns left");
            }
        }
        return rounds * tasks;
    }

    /** A plain FIFO of continuations, run on the benchmark thread. */
    private static final class RunQueue {
        private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

        void post(Runnable continuation) {
            ready.add(continuation);
        }

        void drain() {
            Runnable next;
            while ((next = ready.poll()) != null) {
                next.run();
            }
        }
    }

    /** One peer contender's turns: every grant resumes it through the run queue. */
    private static final class PeerContender<R> {
        private final RunQueue runQueue;
        private final Supplier<CompletionStage<R>> acquire;
        private final Consumer<R> release;
        int left;

        PeerContender(RunQueue runQueue, Supplier<CompletionStage<R>> acquire, Consumer<R> release, int left) {
            this.runQueue = runQueue;
            this.acquire = acquire;
            this.release = release;
            this.left = left;
        }

        void step() {
            if (left == 0) {
                return;
            }
            acquire.get().whenComplete((granted, failure) -> runQueue.post(() -> {
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                release.accept(granted);
                left--;
                step();
            }));
        }
    }

    /**
     * The main task holds every permit while the contenders start and queue up, then lets go, so
     * from the first release on each grant is a hand-off to a parked task.
     */
    private int contend(Supplier<LoopFuture<Void>> acquire, Runnable release, int permits) {
        int rounds = ACQUISITIONS / tasks;
        return loop.runUntilComplete(() -> {
            for (int p = 0; p < permits; p++) {
                acquire.get();
            }
            List<LoopFuture<Void>> all = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                all.add(loop.createTask(() -> rounds(acquire, release, rounds)));
            }
            return Tasks.yieldNow().thenCompose(queued -> {
                for (int p = 0; p < permits; p++) {
                    release.run();
                }
                return Tasks.gather(all);
            }).thenApply(v -> rounds * tasks);
        });
    }

    static CompletionStage<Void> rounds(Supplier<LoopFuture<Void>> acquire, Runnable release, int rounds) {
        Contender contender = new Contender(acquire, release, rounds);
        contender.step();
        return contender.finished;
    }

    /**
     * One task's turns, as a loop that only leaves the stack when it has to park: a grant that is
     * immediate (a free permit) continues in place instead of nesting another stage.
     */
    private static final class Contender {
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final Supplier<LoopFuture<Void>> acquire;
        private final Runnable release;
        private int left;

        Contender(Supplier<LoopFuture<Void>> acquire, Runnable release, int left) {
            this.acquire = acquire;
            this.release = release;
            this.left = left;
        }

        void step() {
            while (left > 0) {
                LoopFuture<Void> grant = acquire.get();
                if (!grant.isDone()) {
                    grant.whenComplete((v, failure) -> {
                        if (failure != null) {
                            finished.completeExceptionally(failure);
                        } else {
                            turn();
                            step();
                        }
                    });
                    return;
                }
                turn();
            }
            finished.complete(null);
        }

        private void turn() {
            release.run();
            left--;
        }
    }
}
