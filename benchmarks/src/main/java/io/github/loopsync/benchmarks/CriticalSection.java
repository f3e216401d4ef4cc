package io.github.loopsync.benchmarks;

import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The critical section of the uncontended benchmarks: one call, between an acquire and its release,
 * that hands the acquire's result to a {@link Blackhole} and that the JIT may not inline.
 *
 * <p>It stands for the work a critical section does. The compiler has to assume such a call reads
 * and writes the heap, so a primitive's taken state must really be stored before it and read back
 * after it. Without it, a loop-confined lock, whose state is plain fields, can be compiled away
 * whole: an acquire, nothing that could observe the lock, a release, and the JIT keeps neither
 * store, which measures nothing a real critical section gets. A thread-safe lock cannot be folded
 * that way (its atomic operations stay), so every row, peers included, makes the same call and the
 * figures compare like for like, with the call included.
 */
final class CriticalSection {

    private CriticalSection() {
    }

    /**
     * The critical section for an acquire that returned {@code result}.
     *
     * @param bh the row's blackhole
     * @param result what the acquire returned
     */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static void run(Blackhole bh, Object result) {
        bh.consume(result);
    }

    /**
     * The critical section for a {@code tryAcquire} answer, without boxing it.
     *
     * @param bh the row's blackhole
     * @param result the answer
     */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static void run(Blackhole bh, boolean result) {
        bh.consume(result);
    }
}
