package io.github.loopsync.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every benchmark body once, outside JMH, and checks it does the work it claims to measure.
 * Nothing here is timed: the figures come from JMH (docs/performance.md).
 */
class BenchmarksWorkTest {

    private static Blackhole blackhole() {
        return new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 10_000})
    void everyHandOffHappensAndEveryTaskFinishes(int tasks) {
        HandoffBenchmark bench = new HandoffBenchmark();
        bench.tasks = tasks;
        bench.setUp();
        try {
            assertEquals(HandoffBenchmark.ACQUISITIONS, bench.lock());
            assertEquals(HandoffBenchmark.ACQUISITIONS, bench.semaphore());
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void uncontendedRowsLeaveEveryPrimitiveFree() {
        UncontendedBenchmark bench = new UncontendedBenchmark();
        bench.setUp();
        Blackhole bh = blackhole();
        try {
            bench.loopsyncLock(bh);
            assertEquals(UncontendedBenchmark.BATCH, bench.loopsyncLockTry(bh));
            bench.loopsyncSemaphore(bh);
            bench.jucReentrantLock(bh);
            bench.jucSemaphore(bh);
            bench.kotlinMutex(bh);
            bench.kotlinSemaphore(bh);
            bench.ibmLock(bh);
            bench.ibmSemaphore(bh);
            assertFalse(bench.anyHeld(), "a benchmark row left a lock or permit taken");
        } finally {
            bench.tearDown();
        }
    }
}
