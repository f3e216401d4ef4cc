package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.loopsync.loop.engine.MpscInbox;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * A thread builds an object with plain (non-final, non-volatile) fields and posts a callback that
 * carries it; the loop takes the callback out and reads the fields. The inbox's atomic exchange
 * and volatile link publish the object safely, so the loop sees it either not at all or fully
 * built, never half-built.
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -t Publication_01
 */
@JCStressTest
@Description("A payload posted to the loop is seen fully built.")
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "The loop looked before the post arrived.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The loop saw the payload fully built.")
@Outcome(expect = FORBIDDEN, desc = "The loop saw a half-built payload.")
@State
public class Publication_01_PostedPayload {

    /** Plain fields on purpose: only the inbox publishes them. */
    static final class Payload implements Runnable {
        int x;
        int y;

        @Override
        public void run() {
        }
    }

    private final MpscInbox inbox = new MpscInbox();

    @Actor
    public void poster() {
        Payload payload = new Payload();
        payload.x = 1;
        payload.y = 2;
        inbox.offer(payload);
    }

    @Actor
    public void loop(II_Result result) {
        Runnable posted = inbox.poll();
        if (posted == null) {
            result.r1 = -1;
            result.r2 = -1;
        } else {
            Payload payload = (Payload) posted;
            result.r1 = payload.x;
            result.r2 = payload.y;
        }
    }
}
