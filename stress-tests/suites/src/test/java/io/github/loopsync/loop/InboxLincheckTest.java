package io.github.loopsync.loop;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The loop's inbox is linearizable as a multi-producer, single-consumer FIFO: offers from any
 * threads, polls from one thread (the loop), which Lincheck enforces with a non-parallel group.
 */
public class InboxLincheckTest {

    private final MpscInbox inbox = new MpscInbox();

    /** A post that carries a number. */
    private static final class Post implements Runnable {
        final int value;

        Post(int value) {
            this.value = value;
        }

        @Override
        public void run() {
        }
    }

    /** @param value the post's number */
    @Operation
    public void offer(int value) {
        inbox.offer(new Post(value));
    }

    /** @return the oldest post's number, or -1 */
    @Operation(nonParallelGroup = "loop")
    public int poll() {
        Runnable next = inbox.poll();
        return next == null ? -1 : ((Post) next).value;
    }

    /** Model checking explores thread interleavings systematically. */
    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(10).invocationsPerIteration(500).check(getClass());
    }

    /** Stress mode runs the scenarios on real threads. */
    @Test
    void stress() {
        new StressOptions().iterations(5).invocationsPerIteration(500).check(getClass());
    }
}
