package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Replies from independent sources arrive in any order: two requests sent in one step by one
 * task may be answered in either order, and the default search explores both.
 */
class ExternalEventsExploration {

    /**
     * A client sends two requests in one step; each reply arrives as an external event. The naive
     * client pairs replies with requests by arrival order; the fixed one by request id.
     */
    static CompletionStage<?> twoRequests(RaceRun run, boolean pairById) {
        EventLoop loop = run.loop();
        Map<String, String> answers = new HashMap<>();
        List<String> sent = new ArrayList<>();
        List<LoopFuture<String>> pending = new ArrayList<>();
        run.atEnd(() -> assertEquals(Map.of("price", "price=3", "stock", "stock=7"), answers, "answers"));
        return loop.createTask("client", () -> {
            for (String request : List.of("price", "stock")) {
                LoopFuture<String> reply = loop.createFuture();
                pending.add(reply);
                sent.add(request);
                String body = request.equals("price") ? "price=3" : "stock=7";
                run.external("reply to " + request, () -> {
                    if (pairById) {
                        reply.complete(body);
                    } else {
                        pending.remove(0).complete(body);    // BUG: the first reply is taken for the first request
                    }
                });
            }
            List<LoopFuture<String>> replies = List.copyOf(pending);
            return Tasks.gather(replies).thenAccept(bodies -> {
                for (int i = 0; i < sent.size(); i++) {
                    answers.put(sent.get(i), bodies.get(i));
                }
            });
        });
    }

    /** Pairing replies by arrival order fails when the second reply arrives first; the replay is exact. */
    @Test
    void repliesRegisteredInOneStepArriveInEitherOrder() {
        RaceResult found = Race.explore(RaceOptions.defaults(), run -> twoRequests(run, false));
        found.assertRaceFound();
        assertEquals(FailureKind.ASSERTION, found.failureKind(), found.report());
        assertEquals(1, found.deviations(), found.report());
        RaceResult again = Race.replay(found.token(), RaceOptions.defaults(), run -> twoRequests(run, false));
        assertEquals(found.failureMessage(), again.failureMessage());
    }

    /** Pairing by request survives every arrival order. */
    @Test
    void pairingByRequestPassesEveryArrivalOrder() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).cancellations(0),
                run -> twoRequests(run, true));
        result.assertNoRace();
        assertEquals(true, result.complete(), result.report());
    }
}
