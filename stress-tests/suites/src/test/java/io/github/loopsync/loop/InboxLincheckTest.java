package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.loopsync.loop.engine.MpscInbox;
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

    /** A post that carries a number; {@link InboxCloseLincheckTest} posts them too. */
    static final class Post implements Runnable {
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
        new ModelCheckingOptions().iterations(LincheckBudget.iterations(10))
                .invocationsPerIteration(500).check(getClass());
    }

    /** Stress mode runs the scenarios on real threads. */
    @Test
    void stress() {
        new StressOptions().iterations(LincheckBudget.iterations(5))
                .invocationsPerIteration(500).check(getClass());
    }

    /** The broken twin: a linked queue whose producers swap the tail non-atomically is rejected. */
    @Test
    void brokenTwinIsRejected() {
        AssertionError rejected = assertThrows(AssertionError.class,
                () -> new ModelCheckingOptions().iterations(20).invocationsPerIteration(500).check(RacyInbox.class));
        ExpectedFailures.show("Lincheck rejects the racy inbox, as it should:\n" + rejected.getMessage());
    }

    /** Producers read the tail and write it back: two can link after the same node. */
    public static class RacyInbox {
        /** A node. */
        static final class Node {
            final int value;
            volatile Node next;

            Node(int value) {
                this.value = value;
            }
        }

        private Node head = new Node(-1);
        private volatile Node tail = head;

        /** @param value the post's number */
        @Operation
        public void offer(int value) {
            Node node = new Node(value);
            Node previous = tail;
            tail = node;
            previous.next = node;
        }

        /** @return the oldest post's number, or -1 */
        @Operation(nonParallelGroup = "loop")
        public int poll() {
            Node next = head.next;
            if (next == null) {
                return -1;
            }
            head = next;
            return next.value;
        }
    }
}
