package io.github.loopsync.loop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inbox on the loop thread alone: order, emptiness, the diagnostic count, and what a polled
 * node still holds. The cross-thread protocol is checked by the Lincheck and jcstress suites
 * under stress-tests.
 */
class MpscInboxTest {

    @Test
    void pollsInPostOrderAndReportsEmpty() {
        MpscInbox inbox = new MpscInbox();
        assertTrue(inbox.isEmpty());
        assertNull(inbox.poll());
        List<Runnable> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Runnable callback = () -> { };
            posted.add(callback);
            inbox.offer(callback);
        }
        assertFalse(inbox.isEmpty());
        assertEquals(5, inbox.pendingCount(100));
        assertEquals(3, inbox.pendingCount(3));
        for (Runnable expected : posted) {
            assertSame(expected, inbox.poll());
        }
        assertTrue(inbox.isEmpty());
        assertEquals(0, inbox.pendingCount(100));
        assertNull(inbox.poll());
    }

    /**
     * A node the loop has moved past holds neither its callback nor the link to the node after it.
     * A promoted node that kept the link would keep every later post reachable from the old
     * generation, so that each young collection copied the whole chain of posts made since.
     */
    @Test
    void aPolledNodeLetsGoOfTheNodesAfterIt() throws ReflectiveOperationException {
        MpscInbox inbox = new MpscInbox();
        inbox.offer(() -> { });
        inbox.offer(() -> { });
        Object stub = head(inbox);
        inbox.poll();
        Object first = head(inbox);
        inbox.poll();
        for (Object passed : List.of(stub, first)) {
            assertTrue(field(passed, "next") == null, "a node the loop moved past still links to the next");
            assertNull(field(passed, "callback"), "callback of a node the loop moved past");
        }
    }

    /**
     * Withdrawal, the consumer claiming: a producer takes back a callback the loop has not taken,
     * the loop passes over it, and a producer can no longer take back one the loop has taken.
     */
    @Test
    void aWithdrawnCallbackIsPassedOverAndATakenOneCannotBeWithdrawn() {
        MpscInbox inbox = new MpscInbox();
        Runnable kept = () -> { };
        Runnable withdrawn = () -> { };
        Runnable last = () -> { };
        MpscInbox.Node keptNode = inbox.offer(kept);
        MpscInbox.Node withdrawnNode = inbox.offer(withdrawn);
        inbox.startClaiming();
        assertSame(kept, inbox.poll());
        assertFalse(inbox.withdraw(keptNode), "withdrew a callback the loop had taken");
        assertTrue(inbox.withdraw(withdrawnNode));
        assertFalse(inbox.withdraw(withdrawnNode), "withdrew the same callback twice");
        assertFalse(inbox.isEmpty(), "a withdrawn node stays linked until the loop passes it");
        inbox.offer(last);
        assertSame(last, inbox.poll(), "the loop did not pass over the withdrawn callback");
        assertNull(inbox.poll());
        assertTrue(inbox.isEmpty());
    }

    /** A withdrawn callback at the tail: the poll that passes over it finds the inbox empty. */
    @Test
    void aWithdrawnLastCallbackLeavesTheInboxEmpty() {
        MpscInbox inbox = new MpscInbox();
        inbox.startClaiming();
        assertTrue(inbox.withdraw(inbox.offer(() -> { })));
        assertNull(inbox.poll());
        assertTrue(inbox.isEmpty());
    }

    /** Before the loop claims, a callback it has taken with plain reads cannot be withdrawn either. */
    @Test
    void aCallbackTakenBeforeClaimingCannotBeWithdrawn() {
        MpscInbox inbox = new MpscInbox();
        Runnable callback = () -> { };
        MpscInbox.Node node = inbox.offer(callback);
        assertSame(callback, inbox.poll());
        inbox.startClaiming();
        assertFalse(inbox.withdraw(node));
    }

    private static Object head(MpscInbox inbox) throws ReflectiveOperationException {
        return field(inbox, "head");
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getName().equals(name)) {
                    field.setAccessible(true);
                    return field.get(target);
                }
            }
        }
        throw new NoSuchFieldException(name);
    }
}
