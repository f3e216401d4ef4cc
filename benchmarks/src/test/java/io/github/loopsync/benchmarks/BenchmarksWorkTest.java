package io.github.loopsync.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every benchmark body once, outside JMH, and checks it does the work it claims to measure.
 * Nothing here is timed: the figures come from JMH (docs/performance.md).
 */
class BenchmarksWorkTest {

    private static Blackhole blackhole() {
        return new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 10_000})
    void everyHandOffHappensAndEveryTaskFinishes(int tasks) {
        HandoffBenchmark bench = new HandoffBenchmark();
        bench.tasks = tasks;
        bench.setUp();
        try {
            assertEquals(HandoffBenchmark.ACQUISITIONS, bench.lock());
            assertEquals(HandoffBenchmark.ACQUISITIONS, bench.semaphore());
            assertEquals(HandoffBenchmark.ACQUISITIONS, bench.ibmFairLock());
            assertEquals(HandoffBenchmark.ACQUISITIONS, bench.ibmFairSemaphore());
            assertEquals(HandoffBenchmark.ACQUISITIONS, bench.kotlinMutex());
        } finally {
            bench.tearDown();
        }
    }

    /**
     * Every kotlinx mutex acquisition is a hand-off to a parked coroutine, resumed through the
     * dispatcher: besides the coroutines' starts and the first unlock, the dispatcher runs exactly
     * one step per acquisition, and it does so again on the next invocation.
     */
    @ParameterizedTest
    @ValueSource(ints = {10, 100, 10_000})
    void everyKotlinMutexGrantIsAHandOffThroughTheDispatcher(int tasks) {
        HandoffBenchmark bench = new HandoffBenchmark();
        bench.tasks = tasks;
        for (int invocation = 0; invocation < 2; invocation++) {
            assertEquals(HandoffBenchmark.ACQUISITIONS, bench.kotlinMutex());
            assertEquals(tasks + 1 + HandoffBenchmark.ACQUISITIONS, bench.kotlinSteps);
        }
    }

    /** Every round-trip row makes all its trips, one after another, and can run again. */
    @Test
    void roundTripRowsMakeEveryTrip() {
        RoundTripBenchmark bench = new RoundTripBenchmark();
        bench.setUp();
        try {
            for (int invocation = 0; invocation < 2; invocation++) {
                assertEquals(RoundTripBenchmark.TRIPS, bench.loopCallback());
                assertEquals(RoundTripBenchmark.TRIPS, bench.loopFuture());
                assertEquals(RoundTripBenchmark.TRIPS, bench.runQueueCallback());
                assertEquals(RoundTripBenchmark.TRIPS, bench.completableFutureOnRunQueue());
            }
        } finally {
            bench.tearDown();
        }
    }

    /** On each host, the hosted rows make every hand-off and move every item. */
    @ParameterizedTest
    @ValueSource(strings = {"own-thread", "executor", "netty"})
    void hostedRowsDoTheirWork(String host) throws Exception {
        HostedLoopBenchmark bench = new HostedLoopBenchmark();
        bench.host = host;
        bench.start();
        try {
            assertEquals(HostedLoopBenchmark.OPERATIONS, bench.lockHandoff100());
            assertEquals(QueuePingPongBenchmark.EXPECTED_SUM, bench.queuePingPong1());
        } finally {
            bench.stop();
        }
    }

    @Test
    void uncontendedRowsLeaveEveryPrimitiveFree() {
        UncontendedBenchmark bench = new UncontendedBenchmark();
        bench.setUp();
        Blackhole bh = blackhole();
        try {
            bench.loopsyncLock(bh);
            assertEquals(UncontendedBenchmark.BATCH, bench.loopsyncLockTry(bh));
            bench.loopsyncSemaphore(bh);
            bench.jucReentrantLock(bh);
            bench.jucSemaphore(bh);
            bench.kotlinMutex(bh);
            bench.kotlinSemaphore(bh);
            bench.ibmLock(bh);
            bench.ibmSemaphore(bh);
            assertFalse(bench.anyHeld(), "a benchmark row left a lock or permit taken");
        } finally {
            bench.tearDown();
        }
    }

    /** The benchmarks' loop is out of debug mode even under -Dloopsync.debug=true: the rows measure debug mode off. */
    @Test
    void theBenchmarkLoopIsNeverInDebugMode() {
        String before = System.setProperty("loopsync.debug", "true");
        UncontendedBenchmark bench = new UncontendedBenchmark();
        try {
            bench.setUp();
            assertFalse(bench.loop.isDebug(), "the uncontended rows would measure debug mode on");
        } finally {
            bench.tearDown();
            if (before == null) {
                System.clearProperty("loopsync.debug");
            } else {
                System.setProperty("loopsync.debug", before);
            }
        }
    }

    /** Every queue row moves every item, in full, from producer to consumer. */
    @Test
    void everyQueueRowMovesEveryItem() throws InterruptedException {
        QueuePingPongBenchmark bench = new QueuePingPongBenchmark();
        bench.setUp();
        bench.startProducerThread();
        try {
            long expected = QueuePingPongBenchmark.EXPECTED_SUM;
            assertEquals(expected, bench.loopsyncBounded1());
            assertEquals(expected, bench.loopsyncUnbounded());
            assertEquals(expected, bench.loopsyncPriority());
            assertEquals(expected, bench.kotlinChannel1());
            assertEquals(expected, bench.ibmBuffered1());
            assertEquals(expected, bench.jucArrayBlockingQueue1());
            assertEquals(expected, bench.jucSynchronousQueue());
        } finally {
            bench.stopProducerThread();
            bench.tearDown();
        }
    }

    /**
     * The kotlinx channel row's coroutines each park once every three items, as docs/performance.md
     * says: a send to a parked receiver hands the item over without using the buffer, so the buffer
     * of one takes a second item and the third send parks. The dispatcher runs the two starts and
     * one step per parking: two for every three items, and one for the last item.
     */
    @Test
    void kotlinChannelCoroutinesParkOnceEveryThreeItems() {
        QueuePingPongBenchmark bench = new QueuePingPongBenchmark();
        for (int invocation = 0; invocation < 2; invocation++) {
            assertEquals(QueuePingPongBenchmark.EXPECTED_SUM, bench.kotlinChannel1());
            assertEquals(2 + (2 * QueuePingPongBenchmark.ITEMS + 2) / 3, bench.kotlinSteps);
        }
    }

    /** One set() wakes every parked waiter, twice in a row on fresh events, young or promoted. */
    @Test
    void fanOutWakesEveryWaiter() {
        for (String generation : new String[] {"young", "old"}) {
            EventFanOutBenchmark bench = new EventFanOutBenchmark();
            bench.waiters = 1_000;
            bench.generation = generation;
            bench.setUp();
            try {
                for (int invocation = 0; invocation < 2; invocation++) {
                    bench.parkWaiters();
                    assertEquals(1_000, bench.setWakesAll(), generation);
                }
            } finally {
                bench.tearDown();
            }
        }
    }

    /** A generation the benchmark does not know is refused before anything parks. */
    @Test
    void fanOutRefusesAnUnknownGeneration() {
        EventFanOutBenchmark bench = new EventFanOutBenchmark();
        bench.waiters = 10;
        bench.generation = "middle";
        bench.setUp();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bench::parkWaiters);
            assertTrue(e.getMessage().contains("middle"), e.getMessage());
        } finally {
            bench.tearDown();
        }
    }

    /** Every parked waiter is cancelled and unlinked, and the lock stays with its holder. */
    @Test
    void cancellationWithdrawsEveryParkedWaiter() {
        CancelParkedBenchmark bench = new CancelParkedBenchmark();
        bench.waiters = 1_000;
        bench.setUp();
        try {
            for (int invocation = 0; invocation < 2; invocation++) {
                bench.parkWaiters();
                assertEquals(0, bench.cancelAll());
                assertTrue(bench.allCancelledAndLockStillHeld());
            }
        } finally {
            bench.tearDown();
        }
    }

    /** Every parked task is cancelled and finishes, and the lock stays with its holder. */
    @Test
    void cancellationFinishesEveryParkedTask() {
        CancelParkedTasksBenchmark bench = new CancelParkedTasksBenchmark();
        bench.tasks = 1_000;
        bench.setUp();
        try {
            for (int invocation = 0; invocation < 2; invocation++) {
                bench.parkTasks();
                assertEquals(0, bench.cancelAll());
                assertTrue(bench.allCancelledAndLockStillHeld());
            }
        } finally {
            bench.tearDown();
        }
    }

    /** Every posted callback runs, from one producer and from two at once, on both consumers. */
    @Test
    void everyPostedCallbackRuns() {
        ExecuteThroughputBenchmark bench = new ExecuteThroughputBenchmark();
        ExecuteThroughputBenchmark.Consumers consumers = new ExecuteThroughputBenchmark.Consumers();
        consumers.start();
        try {
            assertEquals(ExecuteThroughputBenchmark.POSTS, bench.loopsyncOneProducer(consumers, new ExecuteThroughputBenchmark.Producer()));
            assertEquals(ExecuteThroughputBenchmark.POSTS,
                    bench.jucSingleThreadExecutorOneProducer(consumers, new ExecuteThroughputBenchmark.Producer()));
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(
                    () -> bench.loopsyncTwoProducers(consumers, new ExecuteThroughputBenchmark.Producer()));
            assertEquals(ExecuteThroughputBenchmark.POSTS, bench.loopsyncTwoProducers(consumers, new ExecuteThroughputBenchmark.Producer()));
            assertEquals(ExecuteThroughputBenchmark.POSTS, other.join());
            CompletableFuture<Integer> otherJuc = CompletableFuture.supplyAsync(
                    () -> bench.jucSingleThreadExecutorTwoProducers(consumers, new ExecuteThroughputBenchmark.Producer()));
            assertEquals(ExecuteThroughputBenchmark.POSTS,
                    bench.jucSingleThreadExecutorTwoProducers(consumers, new ExecuteThroughputBenchmark.Producer()));
            assertEquals(ExecuteThroughputBenchmark.POSTS, otherJuc.join());
        } finally {
            consumers.stop();
        }
    }

    /**
     * The harness row explores exactly the schedules it claims, scaled by {@code -Dloopsync.budget}
     * as every exploration is (its per-schedule figures assume the default budget), and the
     * correct lock passes all.
     */
    @Test
    void harnessRowExploresEverySchedule() {
        RaceResult result = new HarnessBenchmark().exploreThreeTaskLock();
        result.assertNoRace();
        int scaled = RaceOptions.defaults().maxSchedules(HarnessBenchmark.SCHEDULES).maxSchedules();
        assertEquals(scaled, result.schedulesExplored(), result.toString());
    }

    /** The footprint measurement parks the waiters it reports on and finds each costs something. */
    @Test
    void footprintCountsParkedWaiters() {
        for (WaiterFootprint.Measurement measurement : WaiterFootprint.measureAll(2_000)) {
            assertEquals(2_000, measurement.waiters);
            assertTrue(measurement.allocatedBytesPerWaiter > 0, measurement.toJson());
        }
    }
}
