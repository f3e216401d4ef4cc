package io.github.loopsync.benchmarks;

import com.ibm.asyncutil.locks.AsyncReadWriteLock.ReadLockToken;
import com.ibm.asyncutil.locks.AsyncReadWriteLock.WriteLockToken;
import io.github.loopsync.sync.AsyncReadWriteLock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A read-mostly workload on one thread: nine reads to one write, each an uncontended acquire and
 * release, for loopsync's {@link AsyncReadWriteLock} beside java.util.concurrent's {@link
 * ReentrantReadWriteLock} and IBM async-util's fair read-write lock, in the same JMH run.
 *
 * <p>Every invocation performs {@value #BATCH} operations, so the figure JMH prints is the cost of
 * one acquire/release pair averaged over the mix. As in {@link UncontendedBenchmark}, the loopsync
 * rows run their batch inside one task of a loop driven by the benchmark thread, and the peers run
 * the same calls directly; between each acquire and its release, every row runs {@link
 * CriticalSection}, which hands the acquire's result to a {@link Blackhole}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ReadMostlyBenchmark.BATCH)
public class ReadMostlyBenchmark extends LoopBenchmark {

    /** Operations per invocation. */
    static final int BATCH = 1000;
    /** One operation in this many is a write. */
    static final int WRITE_EVERY = 10;

    private final AsyncReadWriteLock lock = new AsyncReadWriteLock();
    private final ReentrantReadWriteLock jucLock = new ReentrantReadWriteLock();
    /** The IBM lock of the latest invocation (each makes its own; see {@link #ibmReadWriteLock}). */
    private com.ibm.asyncutil.locks.AsyncReadWriteLock ibmLock = com.ibm.asyncutil.locks.AsyncReadWriteLock.create();

    /**
     * Whether any lock is left held; a row that forgot a release would measure nothing.
     *
     * @return {@code true} if a lock is read- or write-held
     */
    boolean anyHeld() {
        return lock.readers() > 0 || lock.isWriteLocked() || jucLock.getReadLockCount() > 0 || jucLock.isWriteLocked()
                || ibmLock.tryWriteLock().map(token -> {
                    token.releaseLock();
                    return false;
                }).orElse(true);
    }

    /**
     * loopsync {@code acquireRead()}/{@code acquireWrite()} (each completes at once) then the
     * matching release.
     *
     * @param bh the blackhole
     * @return the last acquisition
     */
    @Benchmark
    public Object loopsyncReadWriteLock(Blackhole bh) {
        return loop.runUntilComplete(() -> {
            AsyncReadWriteLock l = lock;
            Object last = null;
            for (int i = 0; i < BATCH; i++) {
                if (i % WRITE_EVERY == WRITE_EVERY - 1) {
                    last = l.acquireWrite();
                    CriticalSection.run(bh, last);
                    l.releaseWrite();
                } else {
                    last = l.acquireRead();
                    CriticalSection.run(bh, last);
                    l.releaseRead();
                }
            }
            return loop.completedFuture(last);
        });
    }

    /**
     * loopsync {@code tryAcquireRead()}/{@code tryAcquireWrite()} then the matching release.
     *
     * @param bh the blackhole
     * @return how many of the attempts succeeded
     */
    @Benchmark
    public int loopsyncReadWriteLockTry(Blackhole bh) {
        return loop.runUntilComplete(() -> {
            AsyncReadWriteLock l = lock;
            int taken = 0;
            for (int i = 0; i < BATCH; i++) {
                if (i % WRITE_EVERY == WRITE_EVERY - 1) {
                    boolean got = l.tryAcquireWrite();
                    CriticalSection.run(bh, got);
                    l.releaseWrite();
                    taken += got ? 1 : 0;
                } else {
                    boolean got = l.tryAcquireRead();
                    CriticalSection.run(bh, got);
                    l.releaseRead();
                    taken += got ? 1 : 0;
                }
            }
            return loop.completedFuture(taken);
        });
    }

    /**
     * java.util.concurrent {@code ReentrantReadWriteLock} (non-fair, its default): {@code lock()}
     * then {@code unlock()} of the read or the write lock.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void jucReentrantReadWriteLock(Blackhole bh) {
        ReentrantReadWriteLock l = jucLock;
        for (int i = 0; i < BATCH; i++) {
            if (i % WRITE_EVERY == WRITE_EVERY - 1) {
                l.writeLock().lock();
                CriticalSection.run(bh, l);
                l.writeLock().unlock();
            } else {
                l.readLock().lock();
                CriticalSection.run(bh, l);
                l.readLock().unlock();
            }
        }
    }

    /**
     * IBM async-util {@code AsyncReadWriteLock.create()}: {@code tryReadLock()}/{@code
     * tryWriteLock()} then {@code releaseLock()} (its {@code acquire*Lock()} return stages that must
     * be joined to reach the token, which would charge it for work the other rows do not do).
     *
     * <p>Each invocation takes a new IBM lock. One lock used this way keeps memory for every pair
     * (about 10 B each, still reachable after a full collection: 200,000 pairs grew the live heap
     * by 2 MB, round after round), so a lock that lived through a whole run slowed down from 14 ns
     * to microseconds per pair and ran the 1 GB heap out within one measurement. A new lock per
     * 1,000 pairs measures the pairs themselves; the allocation column still shows what each
     * keeps, and the new lock is young, which spares it G1's fences on stores into it.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void ibmReadWriteLock(Blackhole bh) {
        com.ibm.asyncutil.locks.AsyncReadWriteLock l = com.ibm.asyncutil.locks.AsyncReadWriteLock.create();
        ibmLock = l;
        for (int i = 0; i < BATCH; i++) {
            if (i % WRITE_EVERY == WRITE_EVERY - 1) {
                Optional<WriteLockToken> token = l.tryWriteLock();
                CriticalSection.run(bh, token);
                token.get().releaseLock();
            } else {
                Optional<ReadLockToken> token = l.tryReadLock();
                CriticalSection.run(bh, token);
                token.get().releaseLock();
            }
        }
    }
}
