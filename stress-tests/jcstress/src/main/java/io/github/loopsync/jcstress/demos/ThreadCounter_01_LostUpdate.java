package io.github.loopsync.jcstress.demos;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/*
 * Race demo 20 (docs/demos/thread-counter.md): two threads each add one to a shared counter. The
 * counter should end at 2. With count++ on a volatile int it sometimes ends at 1: both threads read
 * 0 before either writes, and the second write overwrites the first. volatile makes the reads and
 * writes visible; it does not make the read-add-write indivisible. The fixed twin uses an
 * AtomicInteger, and a lost update becomes FORBIDDEN.
 *
 * The racy twin's lost update is ACCEPTABLE_INTERESTING: it is the race the demo teaches, so the
 * build's gate (which fails on FORBIDDEN) passes, and the report shows how often it happened.
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -m quick -c 2 -t ThreadCounter_01
 * Re-expresses listings 6.11/6.12 and 7.8 of Fowler, Python Concurrency with asyncio.
 */
public class ThreadCounter_01_LostUpdate {

    /** count++ on a volatile int: updates can be lost. */
    @JCStressTest
    @Description("count++ from two threads on a volatile int loses updates.")
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments counted.")
    @Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "Lost update: both threads read 0, both wrote 1.")
    @State
    public static class Racy {
        // @start region=racy
        volatile int count;

        @Actor
        public void first() {
            count++;
        }

        @Actor
        public void second() {
            count++;
        }
        // @end region=racy

        @Arbiter
        public void end(I_Result result) {
            result.r1 = count;
        }
    }

    /** incrementAndGet on an AtomicInteger: no update is ever lost. */
    @JCStressTest
    @Description("incrementAndGet from two threads on an AtomicInteger never loses an update.")
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments counted.")
    @Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: the atomic increment is broken.")
    @State
    public static class Atomic {
        // @start region=fixed
        final AtomicInteger count = new AtomicInteger();

        @Actor
        public void first() {
            count.incrementAndGet();
        }

        @Actor
        public void second() {
            count.incrementAndGet();
        }
        // @end region=fixed

        @Arbiter
        public void end(I_Result result) {
            result.r1 = count.get();
        }
    }
}
