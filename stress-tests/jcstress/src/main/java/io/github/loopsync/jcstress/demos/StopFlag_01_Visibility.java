package io.github.loopsync.jcstress.demos;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * Race demo 21 (docs/demos/thread-stop-flag.md): a worker spins until another thread sets a stop
 * flag. With a plain boolean nothing obliges the worker to ever read the field again: the JIT may
 * read it once, before the loop, and spin for ever. jcstress reports such a run as STALE. With a
 * volatile boolean every iteration reads the field, and the write must become visible, so STALE
 * is FORBIDDEN.
 *
 * The plain twin's STALE is ACCEPTABLE_INTERESTING: it is the bug the demo teaches, so the build's
 * gate (which fails on FORBIDDEN) passes. Whether it shows depends on the JIT: the loop has to be
 * compiled by C2 before the signal arrives.
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -m quick -c 2 -t StopFlag_01
 * Re-expresses the visibility hazard of listing 7.8 of Fowler, Python Concurrency with asyncio
 * (a reporter polling a counter other threads update), which Python's GIL hides and Java does not.
 */
public class StopFlag_01_Visibility {

    /** A plain stop flag: the worker may never see the stop. */
    @JCStressTest(Mode.Termination)
    @Description("A worker spinning on a plain boolean may never see another thread set it.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The worker saw the stop request and ended.")
    @Outcome(id = "STALE", expect = ACCEPTABLE_INTERESTING, desc = "The worker never saw the stop: it reads the flag once.")
    @State
    public static class Plain {
        // @start region=racy
        boolean stopRequested;

        @Actor
        public void worker() {
            while (!stopRequested) {
                // spin
            }
        }

        @Signal
        public void requestStop() {
            stopRequested = true;
        }
        // @end region=racy
    }

    /** A volatile stop flag: the worker always sees the stop. */
    @JCStressTest(Mode.Termination)
    @Description("A worker spinning on a volatile boolean always sees another thread set it.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The worker saw the stop request and ended.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The worker never saw the stop, although the flag is volatile.")
    @State
    public static class Volatile {
        // @start region=fixed
        volatile boolean stopRequested;

        @Actor
        public void worker() {
            while (!stopRequested) {
                // spin
            }
        }

        @Signal
        public void requestStop() {
            stopRequested = true;
        }
        // @end region=fixed
    }
}
