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
 * The broken twin of BridgeQueue_01: a bounded buffer with no lock, where two producers race to
 * fill the same slot and one item is lost. Excluded from CI; run it to see the FORBIDDEN outcome:
 *
 *   java -jar stress-tests/jcstress/target/jcstress.jar -t BridgeQueue_01_Broken -m quick
 */
@JCStressTest
@Description("BROKEN on purpose: an unsynchronized buffer loses items offered at the same time.")
@Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "Both offers went in and both items are there.")
@Outcome(expect = FORBIDDEN, desc = "An accepted item was lost: the race this twin shows.")
@State
public class BridgeQueue_01_Broken {

    private final int[] slots = new int[2];
    private int size;
    private volatile int accepted;

    private boolean offer(int item) {
        if (size == slots.length) {
            return false;
        }
        slots[size] = item;      // BUG: both producers can write the same slot
        size = size + 1;
        return true;
    }

    @Actor
    public void producerA() {
        if (offer(1)) {
            synchronized (this) {
                accepted++;
            }
        }
    }

    @Actor
    public void producerB() {
        if (offer(2)) {
            synchronized (this) {
                accepted++;
            }
        }
    }

    @Arbiter
    public void check(II_Result result) {
        boolean one = false;
        boolean two = false;
        for (int i = 0; i < size; i++) {
            one |= slots[i] == 1;
            two |= slots[i] == 2;
        }
        int distinct = (one ? 1 : 0) + (two ? 1 : 0);
        result.r1 = accepted;
        result.r2 = distinct;
    }
}
