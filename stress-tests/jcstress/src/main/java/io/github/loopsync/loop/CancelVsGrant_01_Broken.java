package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * The broken twin of CancelVsGrant_01: the decision is a plain check followed by a plain write,
 * so the grant and the cancellation can both see "pending", both decide, and both run their
 * bookkeeping: the primitive withdraws a waiter that it also believes it granted. Excluded from
 * CI; run it to see the FORBIDDEN outcome:
 *
 *   java -jar stress-tests/jcstress/target/jcstress.jar -t CancelVsGrant_01_Broken -m quick
 */
@JCStressTest
@Description("BROKEN on purpose: a check-then-write decision lets a grant and a cancel both win.")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Grant first, then the cancel overrode it once.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Cancel first; the grant saw it and gave up.")
@Outcome(expect = FORBIDDEN, desc = "Both decided: the bookkeeping ran twice, the race this twin shows.")
@State
public class CancelVsGrant_01_Broken {

    private static final Object PENDING = new Object();
    private static final Object CANCELLED = new Object();

    private volatile Object state = PENDING;
    private final AtomicInteger bookkeeping = new AtomicInteger();
    private volatile boolean granted;

    @Actor
    public void primitive() {
        if (state == PENDING) {          // BUG: check, then write, with no atomicity
            state = "lock";
            granted = true;
        }
    }

    @Actor
    public void canceller() {
        Object seen = state;
        if (seen != CANCELLED) {
            state = CANCELLED;
            bookkeeping.incrementAndGet();   // withdraw or hand back, as seen
            if (seen == PENDING && granted) {
                bookkeeping.incrementAndGet();
            }
        }
    }

    @Arbiter
    public void check(III_Result result) {
        result.r1 = granted ? 1 : 0;
        result.r2 = state == CANCELLED ? 1 : 0;
        result.r3 = bookkeeping.get() + (granted && state != CANCELLED ? 1 : 0);
    }
}
