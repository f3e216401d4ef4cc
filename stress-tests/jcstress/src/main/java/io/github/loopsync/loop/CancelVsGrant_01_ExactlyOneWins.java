package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.ReadyPolicy;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * A primitive grants a waiter (as the loop would) while another thread cancels it. Both race on
 * the future's single atomic decision. Whatever the order, the future ends cancelled (a
 * cancellation wins over a grant that is not delivered yet), and exactly one piece of bookkeeping
 * reaches the primitive: "withdraw the waiter" if the cancellation came first, "take the grant
 * back" if the grant did. Never both, never neither: the primitive's state stays consistent.
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -t CancelVsGrant_01
 */
@JCStressTest
@Description("A cross-thread cancel racing a grant: exactly one side's bookkeeping reaches the primitive.")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Grant first: the cancel overrode it and the grant was handed back.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Cancel first: the grant failed and the waiter was withdrawn.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither bookkeeping ran, or the future is not cancelled.")
@State
public class CancelVsGrant_01_ExactlyOneWins {

    /** A waiter that counts the bookkeeping calls. */
    static final class CountingWaiter extends LoopFuture<String> {
        final AtomicInteger bookkeeping = new AtomicInteger();

        CountingWaiter(EventLoop loop) {
            super(loop, false);
        }

        boolean grantValue(String value) {
            return grant(value);
        }

        @Override
        protected void onWithdrawn() {
            bookkeeping.incrementAndGet();
        }

        @Override
        protected void onGrantRevoked(String granted) {
            bookkeeping.incrementAndGet();
        }
    }

    private final EventLoop loop = new EventLoop("jcstress", LoopClock.system(), ReadyPolicy.FIFO, null,
            (l, message, error, task) -> { });
    private final CountingWaiter waiter = new CountingWaiter(loop);
    private volatile boolean granted;

    @Actor
    public void primitive() {
        granted = waiter.grantValue("lock");
    }

    @Actor
    public void canceller() {
        waiter.cancel(true);
    }

    @Arbiter
    public void check(III_Result result) {
        // Neither actor is the loop thread, so the bookkeeping was posted to the loop's inbox.
        Runnable posted;
        while ((posted = loop.inbox().poll()) != null) {
            posted.run();
        }
        result.r1 = granted ? 1 : 0;
        result.r2 = waiter.isCancelled() ? 1 : 0;
        result.r3 = waiter.bookkeeping.get();
    }
}
