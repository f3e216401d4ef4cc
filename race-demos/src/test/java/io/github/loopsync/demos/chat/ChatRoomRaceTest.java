package io.github.loopsync.demos.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.RaceContext;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.RaceTest;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The chat room's logic under the race harness: one member talks and asks the backend, another
 * quits, and the server shuts down meanwhile, in every order the harness tries (timers, ready
 * callbacks and cancellations included). The same class runs unchanged on a Netty event loop.
 */
class ChatRoomRaceTest {

    // @start region=race
    static CompletionStage<?> talkQuitAndShutDown(RaceRun run) {
        EventLoop loop = run.loop();
        AsyncSemaphore backendSlots = new AsyncSemaphore(1);
        ChatRoom room = new ChatRoom(2, Duration.ofSeconds(1), backendSlots,
                question -> Tasks.sleep(Duration.ofMillis(3)).thenApply(v -> question), Duration.ofSeconds(1));
        FakeClient ann = new FakeClient(loop);
        FakeClient bob = new FakeClient(loop);
        FakeClient cid = new FakeClient(loop);
        run.atEnd(() -> {
            assertTrue(ann.closed && bob.closed && cid.closed, "every client is closed");
            assertEquals(1, backendSlots.availablePermits(), "the backend permit is back");
            assertEquals(List.of(), room.names(), "nobody is left in the room");
            int bye = bob.lines.indexOf("* bye");
            assertTrue(bye < 0 || bye == bob.lines.size() - 1, "nothing reaches bob after his bye: " + bob.lines);
            List<String> fromAnn = cid.chat();
            assertTrue(List.of("guest-1: one", "guest-1: two").subList(0, fromAnn.size()).equals(fromAnn),
                    "ann's lines reach cid in order: " + fromAnn);
        });
        LoopFuture<Void> finished = room.start();
        return room.whenOpen().thenCompose(opened -> {
            room.join(ann);
            room.join(bob);
            room.join(cid);
            Task<Void> talk = loop.createTask("ann", () -> room.received(ann, "one")
                    .thenCompose(v -> room.received(ann, "two"))
                    .thenCompose(v -> room.received(ann, "/ask weather?")));
            Task<Void> quit = loop.createTask("bob", () -> room.received(bob, "/quit"));
            Task<Void> stop = loop.createTask("stop", () -> Tasks.sleep(Duration.ofMillis(2))
                    .thenCompose(v -> room.shutdown()));
            return Tasks.gather(talk, quit, stop).thenCompose(all -> finished);
        });
    }
    // @end region=race

    @RaceTest
    void noInterleavingLeaksOrMisdelivers(RaceContext race) {
        race.run(ChatRoomRaceTest::talkQuitAndShutDown);
    }
}
