package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * The broken twin of Publication_01: the payload is handed over through a plain field instead of
 * the inbox, so nothing orders the writes of its fields before the write that publishes it; the
 * JIT or the hardware may let the loop see the object before its fields. Excluded from CI; run
 * it to look for the FORBIDDEN outcome (frequent on ARM, rare or absent on x86, whose stores stay
 * in order unless the JIT reorders them):
 *
 *   java -jar stress-tests/jcstress/target/jcstress.jar -t Publication_01_Broken -m quick
 */
@JCStressTest
@Description("BROKEN on purpose: publication through a plain field may expose a half-built object.")
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "The loop looked before the object was published.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The loop saw the object fully built.")
@Outcome(expect = FORBIDDEN, desc = "The loop saw a half-built object: the race this twin shows.")
@State
public class Publication_01_Broken {

    /** Plain fields. */
    static final class Payload {
        int x;
        int y;
    }

    private Payload shared;   // BUG: a plain field publishes nothing safely

    @Actor
    public void poster() {
        Payload payload = new Payload();
        payload.x = 1;
        payload.y = 2;
        shared = payload;
    }

    @Actor
    public void loop(II_Result result) {
        Payload payload = shared;
        if (payload == null) {
            result.r1 = -1;
            result.r2 = -1;
        } else {
            result.r1 = payload.x;
            result.r2 = payload.y;
        }
    }
}
