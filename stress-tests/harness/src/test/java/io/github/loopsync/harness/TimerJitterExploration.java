package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Timer jitter: letting the loop wake up late for one timer per run finds a lease renewed too
 * close to its deadline, passes one renewed with a margin wider than the jitter, and never makes
 * a timer fire early or out of deadline order.
 */
class TimerJitterExploration {

    private static final long TTL_NANOS = Duration.ofMillis(10).toNanos();

    /** The defaults with timers up to 5 ms late. */
    private static RaceOptions jittered() {
        return RaceOptions.defaults().timerJitter(Duration.ofMillis(5));
    }

    /**
     * A lease of 10 ms that a holder renews three times, every {@code periodMillis}; a renewal
     * after the lease expired fails, as a lease server would refuse it.
     */
    private static CompletionStage<?> lease(RaceRun run, int periodMillis) {
        EventLoop loop = run.loop();
        long[] expiresAt = {loop.time() + TTL_NANOS};
        Runnable renew = () -> {
            long now = loop.time();
            if (now > expiresAt[0]) {
                throw new IllegalStateException("lease renewed " + (now - expiresAt[0]) / 1_000_000 + " ms after it expired");
            }
            expiresAt[0] = now + TTL_NANOS;
        };
        return loop.createTask("holder", () -> renewals(periodMillis, 3, renew));
    }

    private static CompletionStage<Void> renewals(int periodMillis, int left, Runnable renew) {
        if (left == 0) {
            return Tasks.yieldNow();
        }
        return Tasks.sleep(Duration.ofMillis(periodMillis)).thenRun(renew)
                .thenCompose(v -> renewals(periodMillis, left - 1, renew));
    }

    /** Renewing 2 ms before the deadline fails when the loop wakes 5 ms late: found with one late timer, replayed exactly (the token carries the jitter). */
    @Test
    void leaseRenewedTooCloseToItsDeadlineIsFound() {
        RaceResult found = Race.explore(jittered(), run -> lease(run, 8));
        found.assertRaceFound();
        assertEquals(FailureKind.EXCEPTION, found.failureKind(), found.report());
        assertTrue(found.failureMessage().contains("lease renewed 3 ms after it expired"), found.report());
        assertEquals(1, found.deviations(), found.report());
        assertTrue(found.report().contains("the loop woke 5ms late for this timer (timer jitter)"), found.report());
        assertTrue(found.report().contains("timer jitter 5ms"), found.report());
        RaceResult again = Race.replay(found.token(), RaceOptions.defaults(), run -> lease(run, 8));
        Race.explore(RaceOptions.defaults(), run -> lease(run, 8)).assertNoRace();   // off by default
        assertEquals(found.failureMessage(), again.failureMessage());
    }

    /** The same lease passes every schedule when timers are never late: the bug is jitter-only. */
    @Test
    void withoutJitterTheTightLeasePasses() {
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE),
                run -> lease(run, 8));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** The fixed twin renews 6 ms before the deadline, more than the jitter: every schedule passes, with every timer late. */
    @Test
    void leaseRenewedWithAMarginPasses() {
        RaceResult result = Race.explore(jittered().strategy(Strategy.EXHAUSTIVE).lateTimers(3),
                run -> lease(run, 4));
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
    }

    /** A late loop fires every due timer in deadline order, never early and at most the jitter late. */
    @Test
    void lateTimersKeepDeadlineOrder() {
        RaceResult result = Race.explore(jittered().strategy(Strategy.EXHAUSTIVE).cancellations(0).lateTimers(3),
                run -> {
                    EventLoop loop = run.loop();
                    List<String> fired = new ArrayList<>();
                    long jitter = Duration.ofMillis(5).toNanos();
                    for (int millis : new int[] {3, 1, 2, 6}) {
                        long deadline = loop.time() + Duration.ofMillis(millis).toNanos();
                        loop.callLater(Duration.ofMillis(millis), () -> {
                            long late = loop.time() - deadline;
                            assertTrue(late >= 0 && late <= 3 * jitter, millis + " ms timer fired " + late + " ns late");
                            fired.add(millis + "ms");
                        });
                    }
                    run.atEnd(() -> assertEquals(List.of("1ms", "2ms", "3ms", "6ms"), fired, "firing order"));
                    return Tasks.sleep(Duration.ofMillis(30));
                });
        result.assertNoRace();
        assertTrue(result.complete() && result.schedulesExplored() > 1, result.report());
    }
}
