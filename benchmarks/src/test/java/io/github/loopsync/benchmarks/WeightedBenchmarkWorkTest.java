package io.github.loopsync.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** Runs every {@link WeightedBenchmark} body once, outside JMH, and checks it does the work it claims to measure. */
class WeightedBenchmarkWorkTest {

    /** Each row performs all its acquisitions, every contender finishes, and no permit is left taken. */
    @Test
    void everyRowDoesItsWork() {
        WeightedBenchmark bench = new WeightedBenchmark();
        bench.setUp();
        try {
            Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
            assertNotNull(bench.loopsyncUncontended(bh));
            assertNotNull(bench.ibmUncontended(bh));
            assertFalse(bench.anyHeld());
            assertEquals(WeightedBenchmark.OPERATIONS, bench.loopsyncContended());
            assertEquals(WeightedBenchmark.OPERATIONS, bench.ibmContended());
            assertEquals(WeightedBenchmark.OPERATIONS, bench.loopsyncContended(), "again, on the same loop");
        } finally {
            bench.tearDown();
        }
    }

    /** The contenders' weights cycle through 1 to 4, shifted per contender, so every size contends. */
    @Test
    void weightsCycleThroughEverySize() {
        assertEquals(1, WeightedBenchmark.weight(0, 0));
        assertEquals(4, WeightedBenchmark.weight(0, 3));
        assertEquals(2, WeightedBenchmark.weight(1, 0));
        assertEquals(1, WeightedBenchmark.weight(3, 1));
    }
}
