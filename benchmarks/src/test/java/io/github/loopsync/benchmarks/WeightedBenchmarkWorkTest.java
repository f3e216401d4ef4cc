package io.github.loopsync.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            assertTrue(bench.jucUncontended(bh), "every tryAcquire succeeded");
            assertFalse(bench.anyHeld());
            assertEquals(WeightedBenchmark.OPERATIONS, bench.loopsyncContended());
            assertEquals(WeightedBenchmark.OPERATIONS, bench.ibmContended());
            assertEquals(WeightedBenchmark.OPERATIONS, bench.loopsyncContended(), "again, on the same loop");
        } finally {
            bench.tearDown();
        }
    }

    /** The uncontended rows' weights stay within 1 to 4 (two held at once never exceed the 8 permits) and vary. */
    @Test
    void uncontendedWeightsVaryWithinOneToFour() {
        int[] weights = WeightedBenchmark.uncontendedWeights();
        assertEquals(WeightedBenchmark.WEIGHTS, weights.length);
        assertEquals(4, java.util.Arrays.stream(weights).distinct().count(), "every size from 1 to 4 occurs");
        assertTrue(java.util.Arrays.stream(weights).allMatch(n -> n >= 1 && n <= 4));
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
