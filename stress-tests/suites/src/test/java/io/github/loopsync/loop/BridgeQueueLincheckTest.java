package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.loopsync.bridge.BridgeQueue;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * BridgeQueue is linearizable: every concurrent history of offer, poll and size from threads is
 * explained by some sequential order of the same calls on a bounded FIFO queue.
 */
public class BridgeQueueLincheckTest {

    private final BridgeQueue<Integer> queue = new BridgeQueue<>(Loops.unstarted(), 2);

    /** @param item the item @return whether it was inserted */
    @Operation
    public boolean offer(int item) {
        return queue.offer(item);
    }

    /** @return the oldest item or null @throws InterruptedException never with a zero wait */
    @Operation
    public Integer poll() throws InterruptedException {
        return queue.poll(Duration.ZERO);
    }

    /** @return the size */
    @Operation
    public int size() {
        return queue.size();
    }

    /** Model checking explores thread interleavings systematically. */
    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LincheckBudget.iterations(10))
                .invocationsPerIteration(500).check(getClass());
    }

    /** Stress mode runs the scenarios on real threads. */
    @Test
    void stress() {
        new StressOptions().iterations(LincheckBudget.iterations(5))
                .invocationsPerIteration(500).check(getClass());
    }

    /** The broken twin: a bounded queue without synchronization is rejected, with its interleaving. */
    @Test
    void brokenTwinIsRejected() {
        AssertionError rejected = assertThrows(AssertionError.class,
                () -> new ModelCheckingOptions().iterations(20).invocationsPerIteration(500).check(RacyBoundedQueue.class));
        ExpectedFailures.show("Lincheck rejects the unsynchronized twin, as it should:\n" + rejected.getMessage());
    }

    /** A bounded FIFO of capacity 2 with plain fields: offer and poll race. */
    public static class RacyBoundedQueue {
        private final int[] items = new int[2];
        private int head;
        private int size;

        /** @param item the item @return whether it was inserted */
        @Operation
        public boolean offer(int item) {
            if (size == items.length) {
                return false;
            }
            items[(head + size) % items.length] = item;
            size++;
            return true;
        }

        /** @return the oldest item or null */
        @Operation
        public Integer poll() {
            if (size == 0) {
                return null;
            }
            int item = items[head];
            head = (head + 1) % items.length;
            size--;
            return item;
        }
    }
}
