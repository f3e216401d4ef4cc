package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * The broken twin of Inbox_01: producers swap the tail with a plain read and a plain write, so
 * two producers can both link after the same node and one post is lost. Excluded from CI; run it
 * to see the FORBIDDEN outcome:
 *
 *   java -jar stress-tests/jcstress/target/jcstress.jar -t Inbox_01_Broken -m quick
 */
@JCStressTest
@Description("BROKEN on purpose: a tail swap that is not atomic loses posts.")
@Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "All three posts arrived once, a1 before a2.")
@Outcome(expect = FORBIDDEN, desc = "A post was lost: the race this twin exists to show.")
@State
public class Inbox_01_Broken {

    /** A linked queue whose producers do read-then-write on the tail. */
    static final class RacyInbox {
        static final class Node {
            final String name;
            volatile Node next;

            Node(String name) {
                this.name = name;
            }
        }

        private Node head = new Node(null);
        private volatile Node tail = head;

        void offer(String name) {
            Node node = new Node(name);
            Node previous = tail;      // BUG: another producer can read the same tail here
            tail = node;
            previous.next = node;
        }

        String poll() {
            Node next = head.next;
            if (next == null) {
                return null;
            }
            head = next;
            return next.name;
        }
    }

    private final RacyInbox inbox = new RacyInbox();

    @Actor
    public void producerA() {
        inbox.offer("a1");
        inbox.offer("a2");
    }

    @Actor
    public void producerB() {
        inbox.offer("b1");
    }

    @Arbiter
    public void loop(II_Result result) {
        int count = 0;
        int a1At = -1;
        int a2At = -1;
        String name;
        while ((name = inbox.poll()) != null) {
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
}
