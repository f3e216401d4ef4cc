package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * The broken twin of ParkWake_01: the loop checks the queue first and announces "parked" after,
 * so a post that lands between the two sees "not parked", skips the unpark, and the loop parks
 * with the post waiting. Excluded from CI; run it to watch it hang:
 *
 *   java -jar stress-tests/jcstress/target/jcstress.jar -t ParkWake_01_Broken -m quick
 */
@JCStressTest(Mode.Termination)
@Description("BROKEN on purpose: check-then-announce loses wake-ups.")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The loop woke up and took the post.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "The loop slept through the post: the lost wake-up this twin shows.")
@State
public class ParkWake_01_Broken {

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean parked;
    private volatile Thread loopThread;

    @Actor
    public void loop() {
        loopThread = Thread.currentThread();
        while (queue.poll() == null) {
            if (queue.isEmpty()) {          // BUG: checked before announcing
                for (int i = 0; i < 200; i++) {
                    Thread.onSpinWait();    // widen the window, so that a short run shows the bug
                }
                parked = true;
                LockSupport.park(this);
                parked = false;
            }
        }
    }

    @Signal
    public void post() {
        queue.offer(() -> { });
        if (parked) {
            LockSupport.unpark(loopThread);
        }
    }
}
