package io.github.loopsync.benchmarks;

import com.ibm.asyncutil.locks.AsyncLock.LockToken;
import com.ibm.asyncutil.locks.FairAsyncSemaphore;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import kotlinx.coroutines.sync.Mutex;
import kotlinx.coroutines.sync.MutexKt;
import kotlinx.coroutines.sync.SemaphoreKt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Uncontended acquire + release on one thread: loopsync's lock and semaphore beside
 * java.util.concurrent, kotlinx.coroutines and IBM async-util, all in the same JMH run.
 *
 * <p>Every invocation performs {@value #BATCH} acquire/release pairs, so the figure JMH prints is
 * the cost of one pair. The loopsync rows run their batch inside one task of a loop driven by the
 * benchmark thread (the primitives refuse calls from a thread that is not running a loop); the
 * cost of starting that task is spread over the batch. The peers run the same loop of calls
 * directly on the benchmark thread.
 *
 * <p>Between the acquire and the release, every row runs {@link CriticalSection}: one call the JIT
 * may not inline, which hands the acquire's result to a {@link Blackhole}. That class says why; in
 * short, without it the JIT can compile a loop-confined lock's acquire and release away whole. The
 * figures include the call, the same in every row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(UncontendedBenchmark.BATCH)
public class UncontendedBenchmark extends LoopBenchmark {

    /** Acquire/release pairs per invocation. */
    static final int BATCH = 1000;

    private final AsyncLock lock = new AsyncLock();
    private final AsyncSemaphore semaphore = new AsyncSemaphore(1);
    private final ReentrantLock reentrantLock = new ReentrantLock();
    private final Semaphore jucSemaphore = new Semaphore(1);
    private final Mutex kotlinMutex = MutexKt.Mutex(false);
    private final kotlinx.coroutines.sync.Semaphore kotlinSemaphore = SemaphoreKt.Semaphore(1, 0);
    private final com.ibm.asyncutil.locks.AsyncLock ibmLock = com.ibm.asyncutil.locks.AsyncLock.create();
    private final FairAsyncSemaphore ibmSemaphore = new FairAsyncSemaphore(1);

    /**
     * Whether any primitive is left taken; a row that forgot a release would measure nothing.
     *
     * @return {@code true} if a lock is held or a permit is missing
     */
    boolean anyHeld() {
        return lock.isLocked() || semaphore.availablePermits() != 1 || reentrantLock.isLocked()
                || jucSemaphore.availablePermits() != 1 || kotlinMutex.isLocked()
                || kotlinSemaphore.getAvailablePermits() != 1 || ibmSemaphore.getAvailablePermits() != 1
                || ibmLock.tryLock().map(token -> {
                    token.releaseLock();
                    return false;
                }).orElse(true);
    }

    /** loopsync {@code AsyncLock.acquire()} (completes at once) then {@code release()}. */
    @Benchmark
    public Object loopsyncLock(Blackhole bh) {
        return loop.runUntilComplete(() -> {
            AsyncLock l = lock;
            Object last = null;
            for (int i = 0; i < BATCH; i++) {
                last = l.acquire();
                CriticalSection.run(bh, last);
                l.release();
            }
            return loop.completedFuture(last);
        });
    }

    /** loopsync {@code AsyncLock.tryAcquire()} then {@code release()}: the synchronous form. */
    @Benchmark
    public int loopsyncLockTry(Blackhole bh) {
        return loop.runUntilComplete(() -> {
            AsyncLock l = lock;
            int taken = 0;
            for (int i = 0; i < BATCH; i++) {
                boolean took = l.tryAcquire();
                CriticalSection.run(bh, took);
                if (took) {
                    taken++;
                }
                l.release();
            }
            return loop.completedFuture(taken);
        });
    }

    /** loopsync {@code AsyncSemaphore.acquire()} then {@code release()}. */
    @Benchmark
    public Object loopsyncSemaphore(Blackhole bh) {
        return loop.runUntilComplete(() -> {
            AsyncSemaphore s = semaphore;
            Object last = null;
            for (int i = 0; i < BATCH; i++) {
                last = s.acquire();
                CriticalSection.run(bh, last);
                s.release();
            }
            return loop.completedFuture(last);
        });
    }

    /** {@link ReentrantLock#lock()} then {@code unlock()} on one thread. */
    @Benchmark
    public void jucReentrantLock(Blackhole bh) {
        ReentrantLock l = reentrantLock;
        for (int i = 0; i < BATCH; i++) {
            l.lock();
            CriticalSection.run(bh, l);
            l.unlock();
        }
    }

    /** {@link Semaphore#tryAcquire()} then {@code release()} on one thread. */
    @Benchmark
    public void jucSemaphore(Blackhole bh) {
        Semaphore s = jucSemaphore;
        for (int i = 0; i < BATCH; i++) {
            CriticalSection.run(bh, s.tryAcquire());
            s.release();
        }
    }

    /** kotlinx.coroutines {@code Mutex.tryLock(null)} then {@code unlock(null)}, called from Java. */
    @Benchmark
    public void kotlinMutex(Blackhole bh) {
        Mutex m = kotlinMutex;
        for (int i = 0; i < BATCH; i++) {
            CriticalSection.run(bh, m.tryLock(null));
            m.unlock(null);
        }
    }

    /** kotlinx.coroutines {@code Semaphore.tryAcquire()} then {@code release()}. */
    @Benchmark
    public void kotlinSemaphore(Blackhole bh) {
        kotlinx.coroutines.sync.Semaphore s = kotlinSemaphore;
        for (int i = 0; i < BATCH; i++) {
            CriticalSection.run(bh, s.tryAcquire());
            s.release();
        }
    }

    /**
     * IBM async-util {@code AsyncLock.tryLock()} then {@code LockToken.releaseLock()} (its
     * {@code acquireLock()} returns a stage that must be joined to reach the token, which would
     * charge it for work the other rows do not do).
     */
    @Benchmark
    public void ibmLock(Blackhole bh) {
        com.ibm.asyncutil.locks.AsyncLock l = ibmLock;
        for (int i = 0; i < BATCH; i++) {
            Optional<LockToken> token = l.tryLock();
            CriticalSection.run(bh, token);
            token.get().releaseLock();
        }
    }

    /** IBM async-util {@code FairAsyncSemaphore.acquire()} then {@code release()}. */
    @Benchmark
    public void ibmSemaphore(Blackhole bh) {
        FairAsyncSemaphore s = ibmSemaphore;
        for (int i = 0; i < BATCH; i++) {
            CriticalSection.run(bh, s.acquire());
            s.release();
        }
    }
}
