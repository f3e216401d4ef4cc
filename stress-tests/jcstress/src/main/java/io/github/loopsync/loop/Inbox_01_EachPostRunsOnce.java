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
 * The loop's inbox is a multi-producer, single-consumer queue. Two threads post at the same time:
 * one posts a1 then a2, the other b1. The loop (the arbiter here) must then find exactly three
 * callbacks, and a1 before a2: every post runs once, and one thread's posts keep their order.
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -t Inbox_01
 * Its broken twin, Inbox_01_Broken, swaps the tail with a plain read and write instead of an
 * atomic exchange, and loses posts.
 */
@JCStressTest
@Description("Every post to the inbox is taken out exactly once, in per-producer order.")
@Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "All three posts arrived once, a1 before a2.")
@Outcome(expect = FORBIDDEN, desc = "A post was lost or duplicated, or one producer's posts were reordered.")
@State
public class Inbox_01_EachPostRunsOnce {

    private final MpscInbox inbox = new MpscInbox();

    @Actor
    public void producerA() {
        inbox.offer(new Post("a1"));
        inbox.offer(new Post("a2"));
    }

    @Actor
    public void producerB() {
        inbox.offer(new Post("b1"));
    }

    @Arbiter
    public void loop(II_Result result) {
        int count = 0;
        int a1At = -1;
        int a2At = -1;
        Runnable next;
        while ((next = inbox.poll()) != null) {
            String name = next.toString();
            if (name.equals("a1")) {
                a1At = count;
            } else if (name.equals("a2")) {
                a2At = count;
            }
            count++;
        }
        result.r1 = count;
        result.r2 = a1At >= 0 && a1At < a2At ? 1 : 0;
    }

    /** A named no-op callback. */
    static final class Post implements Runnable {
        private final String name;

        Post(String name) {
            this.name = name;
        }

        @Override
        public void run() {
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
