package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.loopsync.bridge.BridgeQueue;
import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.ReadyPolicy;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * One thread offers an item to a BridgeQueue while another polls it without waiting. The item is
 * either taken by the poller or still in the queue: never lost, never both taken and queued.
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -t BridgeQueue_01
 */
@JCStressTest
@Description("BridgeQueue offer racing poll: the item is taken once or stays queued.")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Offered, then taken by the poller; the queue is empty.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The poller looked first; the item waits in the queue.")
@Outcome(expect = FORBIDDEN, desc = "The item was lost or duplicated.")
@State
public class BridgeQueue_01_NoLossNoDuplicate {

    private final EventLoop loop = new EventLoop("jcstress", LoopClock.system(), ReadyPolicy.FIFO, null,
            (l, message, error, task) -> { });
    private final BridgeQueue<Integer> queue = new BridgeQueue<>(loop, 1);
    private volatile boolean offered;
    private volatile Integer polled;

    @Actor
    public void producer() {
        offered = queue.offer(42);
    }

    @Actor
    public void consumer() {
        try {
            polled = queue.poll(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Arbiter
    public void check(III_Result result) {
        result.r1 = offered ? 1 : 0;
        result.r2 = polled != null && polled == 42 ? 1 : 0;
        result.r3 = queue.size();
    }
}
