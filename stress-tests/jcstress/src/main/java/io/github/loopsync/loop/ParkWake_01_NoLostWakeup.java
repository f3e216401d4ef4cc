package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.loopsync.loop.engine.LoopInbox;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * The loop parks when it has nothing to do, and a post from another thread must wake it. The loop
 * announces that it is about to park, re-checks the inbox, and parks; a poster enqueues and then
 * checks the announcement. If the handshake were wrong, a post could slip in between the loop's
 * check and its park, and the loop would sleep for ever with work waiting: a lost wake-up, which
 * jcstress sees as a test that never terminates (STALE).
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -t ParkWake_01
 * Its broken twin, ParkWake_01_Broken, checks the inbox before announcing, and hangs.
 */
@JCStressTest(Mode.Termination)
@Description("A loop parked with an empty inbox always wakes for a post.")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The loop woke up and took the post.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "The loop slept through the post: a lost wake-up.")
@State
public class ParkWake_01_NoLostWakeup {

    private final LoopInbox inbox = new LoopInbox();

    @Actor
    public void loop() {
        inbox.setLoopThread(Thread.currentThread());
        while (inbox.poll() == null) {
            inbox.park(Long.MAX_VALUE, false);
        }
    }

    @Signal
    public void post() {
        inbox.tryPost(() -> { });
    }
}
