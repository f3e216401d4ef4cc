package io.github.loopsync.loop;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.loopsync.bridge.BridgeQueue;
import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.ReadyPolicy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * The whole crossing from a thread to a waiting loop task, as issue 18 suspected it: a task on the
 * loop waits in BridgeQueue.get() and the loop parks with nothing to do, while another thread
 * offers an item. The item is handed to the parked getter under the queue's lock, its delivery is
 * posted to the loop's inbox, and the post must wake the loop, which then resumes the task. If any
 * step could lose the wake-up, the loop would sleep for ever with the item granted: jcstress sees
 * a test that never terminates (STALE). The offer may also come first, before the task asks; then
 * get() finds the item at once.
 *
 * Run: java -jar stress-tests/jcstress/target/jcstress.jar -t BridgeQueue_02
 */
@JCStressTest(Mode.Termination)
@Description("A loop task parked in BridgeQueue.get() always wakes for an item offered by a thread.")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The loop woke up and the task got the item.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "The loop slept with the item granted to its task: a lost wake-up.")
@State
public class BridgeQueue_02_ParkedGetterWakes {

    private final EventLoop loop = new EventLoop("jcstress", LoopClock.system(), ReadyPolicy.FIFO, null,
            (l, message, error, task) -> { });
    private final BridgeQueue<Integer> queue = new BridgeQueue<>(loop, 1);

    @Actor
    public void loop() {
        loop.bindToCurrentThread();
        try {
            if (loop.runUntilComplete(queue::get) != 42) {
                throw new IllegalStateException("the task got another item");
            }
        } finally {
            loop.close();
        }
    }

    @Signal
    public void offer() {
        queue.offer(42);
    }
}
