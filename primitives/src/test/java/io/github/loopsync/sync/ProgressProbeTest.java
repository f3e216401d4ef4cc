package io.github.loopsync.sync;

import static io.github.loopsync.testing.LoopFixture.onOtherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.ProgressProbe;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.testing.ProbeChecker;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The progress probes the harness will check: each primitive registers one with the loop when it
 * binds, and none reports a lost wake-up after any step of a busy, cancellation-heavy run.
 */
class ProgressProbeTest {

    /** Probes are registered on binding and no probe ever reports a lost wake-up between steps. */
    @Test
    @Timeout(60)
    void noLostWakeupAfterAnyStep() throws InterruptedException {
        ProbeChecker checker = new ProbeChecker();
        onOtherThread("probe-runner", () -> {
            try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).listener(checker).build()) {
                AsyncLock lock = new AsyncLock();
                AsyncSemaphore semaphore = new AsyncSemaphore(2);
                AsyncEvent event = new AsyncEvent();
                AsyncCondition condition = new AsyncCondition();
                AsyncBarrier barrier = new AsyncBarrier(3);
                Random random = new Random(42);
                for (int i = 0; i < 300; i++) {
                    int kind = random.nextInt(5);
                    long delay = random.nextInt(20);
                    var task = loop.createTask(() -> {
                        switch (kind) {
                            case 0:
                                return lock.withLock(() -> Tasks.sleep(Duration.ofMillis(delay)));
                            case 1:
                                return semaphore.withPermit(() -> Tasks.sleep(Duration.ofMillis(delay)));
                            case 2:
                                return event.await().thenCompose(v -> Tasks.sleep(Duration.ofMillis(delay)));
                            case 3:
                                return condition.withLock(() -> Tasks.waitFor(condition.await(), Duration.ofMillis(delay + 1))
                                        .handle((v, e) -> {
                                            condition.signal();
                                            return null;
                                        }));
                            default:
                                return Tasks.waitFor(barrier.await(), Duration.ofMillis(delay + 1)).handle((v, e) -> null);
                        }
                    });
                    if (random.nextInt(4) == 0) {
                        loop.callLater(Duration.ofMillis(random.nextInt(10)), task::cancel);
                    }
                    if (i % 50 == 49) {
                        loop.callLater(Duration.ofMillis(random.nextInt(30)), event::set);
                    }
                }
                loop.runUntilIdle();
                event.set();
                loop.runUntilIdle();
            }
        });
        assertEquals(List.of(), checker.violations());
        assertTrue(checker.steps() > 1_000, "the scenario ran: " + checker.steps() + " steps");
        assertEquals(5 + 1, checker.probes().size(), "one probe per primitive that parked a waiter, plus the condition's lock");
        for (ProgressProbe probe : checker.probes()) {
            assertFalse(probe.lostWakeup());
        }
    }
}
