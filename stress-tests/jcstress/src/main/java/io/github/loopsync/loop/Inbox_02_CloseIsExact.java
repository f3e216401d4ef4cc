package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.loopsync.loop.engine.LoopInbox;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * A loop that closes stops accepting posts, and runs every post it accepted before. One thread
 * posts while the loop closes its inbox and drains it for the last time. Whatever the timing, the
 * post is either accepted and run once, or refused and never run: an accepted post that the final
 * drain missed would be a callback silently lost, and a refused one that ran anyway would run
 * after its poster had been told it would not.
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -t Inbox_02
 * Its broken twin, Inbox_02_Broken, checks the gate only before enqueueing, and loses posts.
 */
@JCStressTest
@Description("A post racing with the inbox's closing is accepted and run once, or refused and never run.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Accepted before the gate closed, and run by the final drain.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Refused: the gate had closed; it never ran.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Accepted, but the final drain missed it: a lost callback.")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Refused, but it ran anyway.")
@State
public class Inbox_02_CloseIsExact {

    private final LoopInbox inbox = new LoopInbox();
    private int accepted;
    /** Written only by the loop actor. */
    private int ran;

    @Actor
    public void poster() {
        accepted = inbox.tryPost(() -> ran++) ? 1 : 0;
    }

    @Actor
    public void loop() {
        inbox.closeGate();
        do {
            Runnable next;
            while ((next = inbox.poll()) != null) {
                next.run();
            }
        } while (!inbox.isEmpty());
    }

    @Arbiter
    public void outcome(II_Result result) {
        result.r1 = accepted;
        result.r2 = ran;
    }
}
