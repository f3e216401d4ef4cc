package io.github.loopsync.demos.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat room's logic on a hand-driven loop with virtual time: chatting, the backend limit, a
 * slow reader, a client gone mid-message, and a shutdown after which every permit is back, every
 * outbox shut down, every client closed and every task ended.
 */
class ChatRoomTest {
    private static final int QUEUE = 4;
    private static final Duration SLOW_READER = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private EventLoop loop;
    private AsyncSemaphore backendSlots;
    private ChatRoom room;
    private LoopFuture<Void> finished;
    private final List<FakeClient> clients = new ArrayList<>();
    private int inFlight;
    private int mostInFlight;

    @BeforeEach
    void openRoom() {
        loop = EventLoop.builder().name("chat").clock(VirtualClock.autoAdvancing()).build();
        backendSlots = new AsyncSemaphore(2);
        room = new ChatRoom(QUEUE, SLOW_READER, backendSlots, question -> {
            inFlight++;
            mostInFlight = Math.max(mostInFlight, inFlight);
            return Tasks.sleep(Duration.ofSeconds(1)).handle((v, failure) -> {
                inFlight--;
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                return question.toUpperCase();
            });
        }, GRACE);
        loop.callSoon(() -> finished = room.start());
        loop.runUntilIdle();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private FakeClient join() {
        FakeClient client = new FakeClient(loop);
        clients.add(client);
        loop.callSoon(() -> room.join(client));
        loop.runUntilIdle();
        return client;
    }

    private void say(FakeClient client, String line) {
        loop.callSoon(() -> room.received(client, line));
    }

    /** Shuts the room down and checks that nothing is left behind. */
    private void shutDownAndCheckNothingLeaks() {
        loop.callSoon(room::shutdown);
        loop.runUntilIdle();
        assertTrue(finished.isDone() && !finished.isCompletedExceptionally(), "the room's task group ended: " + finished);
        assertEquals(List.of(), loop.tasks(), "every task ended");
        assertEquals(2, backendSlots.availablePermits(), "every backend permit is back");
        assertTrue(clients.stream().allMatch(client -> client.closed), "every client is closed");
        assertEquals(List.of(), room.names());
    }

    @Test
    void membersSeeEachOthersLinesInOrderButNotTheirOwn() {
        FakeClient ann = join();
        FakeClient bob = join();
        FakeClient cid = join();
        say(ann, "hi");
        say(cid, "yo");
        say(ann, "how are you?");
        loop.runUntilIdle();
        assertEquals(List.of("guest-1: hi", "guest-3: yo", "guest-1: how are you?"), bob.chat());
        assertEquals(List.of("guest-3: yo"), ann.chat());
        assertEquals("* welcome, guest-2 (2 here)", bob.lines.get(0));
        assertTrue(ann.lines.contains("* guest-3 joined"));
        shutDownAndCheckNothingLeaks();
    }

    @Test
    void backendCallsAreLimitedBySemaphoreAndAnsweredToTheAskerOnly() {
        FakeClient ann = join();
        FakeClient bob = join();
        for (int i = 0; i < 5; i++) {
            say(ann, "/ask q" + i);
        }
        loop.runUntilIdle();
        assertEquals(2, mostInFlight, "never more calls in flight than permits");
        assertEquals(List.of("* answer: Q0", "* answer: Q1", "* answer: Q2", "* answer: Q3", "* answer: Q4"),
                ann.lines.stream().filter(line -> line.startsWith("* answer")).toList());
        assertTrue(bob.lines.stream().noneMatch(line -> line.startsWith("* answer")));
        shutDownAndCheckNothingLeaks();
    }

    @Test
    void aSlowReaderIsDisconnectedWhenABurstOverflowsItsOutboxAndTheOthersGetEveryLine() {
        FakeClient ann = join();
        FakeClient slow = join();
        FakeClient cid = join();
        slow.slow = true;
        for (int i = 0; i < 10; i++) {
            say(ann, "line " + i);
        }
        long before = loop.time();
        loop.runUntilIdle();
        assertTrue(loop.time() - before >= SLOW_READER.toNanos(), "the slow reader had its time");
        assertTrue(slow.closed, "the slow reader was disconnected");
        assertEquals(List.of("guest-1", "guest-3"), room.names());
        assertTrue(ann.lines.contains("* guest-2 was disconnected (too slow)"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("guest-1: line " + i);
        }
        assertEquals(expected, cid.chat(), "a slow client holds back nobody else");
        shutDownAndCheckNothingLeaks();
    }

    @Test
    void aClientGoneMidMessageLeavesAndItsWriterStops() {
        FakeClient ann = join();
        FakeClient bob = join();
        bob.slow = true;
        say(ann, "are you there?");
        loop.runUntilIdle();
        assertEquals(1, bob.unread.size(), "bob's writer waits for bob to read");
        loop.callSoon(() -> room.disconnected(bob));
        say(bob, "half a line that arrived before the close");
        loop.runUntilIdle();
        assertEquals(List.of("guest-1"), room.names());
        assertTrue(ann.lines.contains("* guest-2 left"));
        assertTrue(ann.chat().isEmpty(), "nothing from a client that is gone");
        assertTrue(bob.closed);
        shutDownAndCheckNothingLeaks();
    }

    @Test
    void aBrokenConnectionIsNoticedOnTheNextWrite() {
        FakeClient ann = join();
        FakeClient bob = join();
        bob.broken = true;
        say(ann, "hello");
        loop.runUntilIdle();
        assertEquals(List.of("guest-1"), room.names());
        assertTrue(ann.lines.contains("* guest-2 left (connection lost)"));
        shutDownAndCheckNothingLeaks();
    }

    @Test
    void shutdownCancelsBackendCallsTellsEveryoneAndRefusesNewcomers() {
        FakeClient ann = join();
        FakeClient bob = join();
        say(ann, "/ask slow question");
        for (int step = 0; step < 10 && inFlight == 0; step++) {
            loop.runOnce();
        }
        assertEquals(1, inFlight, "the call reached the backend");
        loop.callSoon(room::shutdown);
        loop.runUntilIdle();
        assertEquals(0, inFlight, "the backend call was cancelled");
        assertEquals("* the server is shutting down", ann.lines.get(ann.lines.size() - 1));
        assertEquals("* the server is shutting down", bob.lines.get(bob.lines.size() - 1));
        FakeClient late = join();
        assertEquals(List.of("* the server is shutting down"), late.lines);
        shutDownAndCheckNothingLeaks();
    }

    @Test
    void shutdownGivesASlowReaderItsGraceThenStopsItsWriter() {
        join();
        FakeClient slow = join();
        slow.slow = true;
        long before = loop.time();
        loop.callSoon(room::shutdown);
        loop.runUntilIdle();
        assertTrue(loop.time() - before >= GRACE.toNanos(), "the room waited for the slow reader");
        assertFalse(slow.unread.isEmpty());
        shutDownAndCheckNothingLeaks();
    }
}
