package io.github.loopsync.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop side of a BridgeQueue serves the loop given to its constructor only: from another
 * loop, and from every thread once that loop has closed, get() and putAsync() fail at once.
 */
class BridgeQueueLoopBindingTest {

    private EventLoop loop = newLoop("bridge-loop");

    private static EventLoop newLoop(String name) {
        return EventLoop.builder().name(name).clock(VirtualClock.autoAdvancing()).build();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** After a fast-path use on its loop, the loop side refuses another loop's thread at once with the existing message. */
    @Test
    @Timeout(10)
    void anotherLoopIsRefusedAfterAFastPath() throws InterruptedException {
        BridgeQueue<String> queue = new BridgeQueue<>(loop, 2);
        assertTrue(queue.putAsync("a").isDone());
        Throwable thrown = LoopFixture.thrownOnOtherThread("other-loop-thread", () -> {
            EventLoop other = newLoop("other-loop");
            try {
                queue.get();
            } finally {
                other.close();
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("must be called on the thread of EventLoop[bridge-loop"), thrown.getMessage());
        assertEquals("a", queue.get().join());
    }

    /** Once its loop has closed, a new loop on the same thread is refused at once: no loop waiter is made on the closed loop. */
    @Test
    void closedLoopIsRefusedOnANewLoopOfTheSameThread() throws InterruptedException {
        BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
        assertTrue(queue.putAsync("a").isDone());
        loop.close();

        loop = newLoop("next-loop");
        IllegalStateException getRefused = assertThrows(IllegalStateException.class, queue::get);
        assertTrue(getRefused.getMessage().contains("bound to EventLoop[bridge-loop, closed") && getRefused.getMessage().contains("which is closed"),
                getRefused.getMessage());
        assertThrows(IllegalStateException.class, () -> queue.putAsync("b"));
        assertEquals("a", queue.poll(Duration.ZERO), "the thread side still works, and nothing was added");
        assertEquals(0, queue.size());
    }

    /** Once its loop has closed, the thread that ran it, with no loop now, is refused too. */
    @Test
    void closedLoopIsRefusedOnItsOldThread() {
        BridgeQueue<String> queue = new BridgeQueue<>(loop, 1);
        LoopFuture<String> getter = queue.get();
        getter.cancel(true);
        loop.close();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, queue::get);
        assertTrue(thrown.getMessage().contains("which is closed"), thrown.getMessage());
    }
}
