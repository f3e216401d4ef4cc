package io.github.loopsync.loop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The inbox's gate on one thread: what is accepted before the gate closes is drained after it,
 * and nothing is accepted after. The race of a post with the closing is checked by jcstress
 * ({@code Inbox_02_CloseIsExact}) and Lincheck ({@code InboxCloseLincheckTest}) under stress-tests.
 */
class LoopInboxTest {

    @Test
    void aPostAcceptedBeforeTheGateClosesIsDrainedAfterIt() {
        LoopInbox inbox = new LoopInbox();
        Runnable early = () -> { };
        assertTrue(inbox.tryPost(early));
        inbox.closeGate();
        assertFalse(inbox.isEmpty());
        assertSame(early, inbox.poll());
        assertNull(inbox.poll());
        assertTrue(inbox.isEmpty());
    }

    @Test
    void aPostAfterTheGateClosesIsRefusedAndNeverQueued() {
        LoopInbox inbox = new LoopInbox();
        inbox.closeGate();
        assertFalse(inbox.tryPost(() -> { }));
        assertTrue(inbox.isEmpty());
        assertNull(inbox.poll());
    }

    @Test
    void describeTellsTheGateAndThePendingPosts() {
        LoopInbox inbox = new LoopInbox();
        inbox.tryPost(() -> { });
        inbox.tryPost(() -> { });
        assertEquals("parked=0, 2 posts pending, no stop requested, gate open", inbox.describe());
        inbox.requestStop();
        inbox.closeGate();
        assertEquals("parked=0, 2 posts pending, stop requested, gate closed", inbox.describe());
    }
}
