package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.loopsync.loop.engine.LoopInbox;
import io.github.loopsync.loop.InboxLincheckTest.Post;
import io.github.loopsync.loop.engine.MpscInbox;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The inbox's gate is linearizable as "accept while open, then hand every accepted post to the
 * final drain": posts from any threads race with the loop closing the gate and draining, and each
 * post is either accepted and drained once or refused and never drained. The loop's operations
 * form a non-parallel group, as only the loop thread polls and closes. After its final drain the
 * loop never polls again, so neither do these operations: a post that reads the gate closed after
 * that drain withdraws its node, which no one could take any more.
 */
public class InboxCloseLincheckTest {

    private final LoopInbox inbox = new LoopInbox();
    /** Loop-owned: whether the final drain has run. */
    private boolean closed;

    /**
     * @param value the post's number
     * @return whether the inbox accepted it
     */
    @Operation
    public boolean post(int value) {
        return inbox.tryPost(new Post(value));
    }

    /** @return the oldest post's number, or -1 (always once closed: the loop polls no more) */
    @Operation(nonParallelGroup = "loop")
    public int poll() {
        Runnable next = closed ? null : inbox.poll();
        return next == null ? -1 : ((Post) next).value;
    }

    /** @return the numbers of the posts the final drain found, in order ("" once closed) */
    @Operation(nonParallelGroup = "loop")
    public String closeAndDrain() {
        if (closed) {
            return "";
        }
        closed = true;
        inbox.closeGate();
        return drainAll(inbox::poll, inbox::isEmpty);
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

    /** The broken twin: a gate checked only before enqueueing accepts posts the drain never sees. */
    @Test
    void brokenTwinIsRejected() {
        AssertionError rejected = assertThrows(AssertionError.class,
                () -> new ModelCheckingOptions().iterations(30).invocationsPerIteration(500).check(LookOnceGate.class));
        ExpectedFailures.show("Lincheck rejects the gate that looks only once, as it should:\n" + rejected.getMessage());
    }

    /** The loop's final drain: polls until the inbox is empty, waiting out links in progress. */
    static String drainAll(java.util.function.Supplier<Runnable> poll, java.util.function.BooleanSupplier isEmpty) {
        StringBuilder drained = new StringBuilder();
        do {
            Runnable next;
            while ((next = poll.get()) != null) {
                drained.append(((Post) next).value).append(' ');
            }
        } while (!isEmpty.getAsBoolean());
        return drained.toString().trim();
    }

    /** The gate checked once, before the swap: a post can slip in after the final drain. */
    public static class LookOnceGate {
        private final MpscInbox queue = new MpscInbox();
        private volatile boolean closed;
        private boolean drained;

        /**
         * @param value the post's number
         * @return whether the gate accepted it
         */
        @Operation
        public boolean post(int value) {
            if (closed) {
                return false;
            }
            queue.offer(new Post(value));
            return true;
        }

        /** @return the oldest post's number, or -1 */
        @Operation(nonParallelGroup = "loop")
        public int poll() {
            Runnable next = drained ? null : queue.poll();
            return next == null ? -1 : ((Post) next).value;
        }

        /** @return the numbers of the posts the final drain found, in order */
        @Operation(nonParallelGroup = "loop")
        public String closeAndDrain() {
            if (drained) {
                return "";
            }
            drained = true;
            closed = true;
            return drainAll(queue::poll, queue::isEmpty);
        }
    }
}
