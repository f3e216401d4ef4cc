package io.github.loopsync.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** Runs the read-mostly rows once, outside JMH, and checks they do the work they claim to measure. */
class ReadMostlyBenchmarkWorkTest {

    /** Every row takes every lock it asks for and leaves every lock free. */
    @Test
    void everyRowTakesAndFreesItsLock() {
        ReadMostlyBenchmark bench = new ReadMostlyBenchmark();
        bench.setUp();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            bench.loopsyncReadWriteLock(bh);
            assertEquals(ReadMostlyBenchmark.BATCH, bench.loopsyncReadWriteLockTry(bh));
            bench.jucReentrantReadWriteLock(bh);
            bench.ibmReadWriteLock(bh);
            assertFalse(bench.anyHeld(), "a benchmark row left a lock held");
        } finally {
            bench.tearDown();
        }
    }
}
