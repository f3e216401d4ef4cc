package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.loopsync.loop.engine.MpscInbox;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * The broken twin of Inbox_02: the poster checks the closed flag and then enqueues, without looking
 * again after its swap. The loop can close and finish its final drain in between, and the post is
 * accepted but never run. Excluded from CI's default run; run it to see the FORBIDDEN outcome:
 *
 *   java -jar stress-tests/jcstress/target/jcstress.jar -t Inbox_02_Broken -m quick
 */
@JCStressTest
@Description("BROKEN on purpose: a gate checked only before enqueueing loses posts accepted as the loop closes.")
@Outcome(id = {"1, 1", "0, 0"}, expect = ACCEPTABLE, desc = "Accepted and run, or refused and never run.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Accepted, but the final drain missed it: the race this twin exists to show.")
@Outcome(expect = FORBIDDEN, desc = "Refused, but it ran anyway.")
@State
public class Inbox_02_Broken {

    private final MpscInbox queue = new MpscInbox();
    private volatile boolean closed;
    private int accepted;
    private int ran;

    @Actor
    public void poster() {
        if (closed) {
            accepted = 0;
            return;
        }
        queue.offer(() -> ran++);                       // no second look at the flag
        accepted = 1;
    }

    @Actor
    public void loop() {
        closed = true;
        do {
            Runnable next;
            while ((next = queue.poll()) != null) {
                next.run();
            }
        } while (!queue.isEmpty());
    }

    @Arbiter
    public void outcome(II_Result result) {
        result.r1 = accepted;
        result.r2 = ran;
    }
}
