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
 * The second broken twin of Publication_01, and the one that fails on every machine: the poster
 * hands the payload to the loop and only then finishes filling it in. The inbox orders the writes
 * made before the post, not the ones after it, so the loop can take the payload out while it is
 * half built. Publication_01_Broken needs the hardware or the JIT to reorder two stores, which
 * x86 hardware never does; this one needs no reordering at all, so its FORBIDDEN outcome shows
 * on x86 too, in a quick run. It is the bug of mutating a message after sending it.
 * Excluded from CI (its name contains Broken); run it with:
 *
 *   java -jar stress-tests/jcstress/target/jcstress.jar -t Publication_02_Broken -m quick
 */
@JCStressTest
@Description("BROKEN on purpose: a payload filled in after it was posted is seen half built.")
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "The loop looked before the post arrived.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The poster finished before the loop read the payload.")
@Outcome(expect = FORBIDDEN, desc = "The loop saw a half-built payload: the race this twin shows.")
@State
public class Publication_02_Broken {

    /** Plain fields, as in Publication_01. */
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
        inbox.offer(payload);
        payload.y = 2;          // BUG: written after the post, so nothing publishes it
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
