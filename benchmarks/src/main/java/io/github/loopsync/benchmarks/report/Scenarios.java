package io.github.loopsync.benchmarks.report;

import io.github.loopsync.benchmarks.WaiterFootprint;
import io.github.loopsync.benchmarks.report.Scenario.Quantity;
import io.github.loopsync.benchmarks.report.Scenario.Role;
import io.github.loopsync.benchmarks.report.Scenario.Row;
import java.util.List;
import java.util.Map;

/**
 * The scenarios of the report, in order, with the design target each is held to: the targets of
 * issue #12 (uncontended, hand-off, ping-pong, fan-out, bytes per waiter), #14 (hosted loops), #13
 * (harness throughput), the read-write lock and weighted semaphore rows of #16, and the targets
 * met earlier (cancellation, cross-thread execute). Every target is judged against figures of the
 * same run, peers included.
 */
final class Scenarios {

    private Scenarios() {
    }

    private static final String UNCONTENDED = "UncontendedBenchmark.";
    private static final String HANDOFF = "HandoffBenchmark.";
    private static final String QUEUE = "QueuePingPongBenchmark.";
    private static final String EXECUTE = "ExecuteThroughputBenchmark.";
    private static final String FAN_OUT = "EventFanOutBenchmark.setWakesAll";
    private static final String FAN_OUT_PROMOTED = "loopsync `AsyncEvent.set()`, waiters promoted to the old generation";
    private static final String HOSTED = "HostedLoopBenchmark.";
    private static final String ROUND_TRIP = "RoundTripBenchmark.";
    private static final String CF_ON_RUN_QUEUE = "`CompletableFuture` + one `whenComplete`, completed from a run queue";
    private static final String READ_MOSTLY = "ReadMostlyBenchmark.";
    private static final String WEIGHTED = "WeightedBenchmark.";
    private static final String KOTLIN_MUTEX = "kotlinx `Mutex`, ";
    /** The kotlinx rows' set-up: coroutines on a single-threaded dispatcher that the benchmark thread drains. */
    private static final String ONE_THREAD = " (one-thread dispatcher)";

    // Row labels that targets name.
    private static final String REENTRANT_LOCK = "j.u.c `ReentrantLock`";
    private static final String IBM_FAIR_LOCK_100 = "IBM async-util `FairAsyncLock`, 100 tasks (run queue)";
    private static final String KOTLIN_MUTEX_100 = KOTLIN_MUTEX + "100 coroutines" + ONE_THREAD;
    private static final String IBM_BUFFERED_1 = "IBM async-util `AsyncQueues.buffered(1)`, one thread";
    private static final String KOTLIN_CHANNEL_1 = "kotlinx `Channel(1)`" + ONE_THREAD;
    private static final String EXECUTOR_HOSTED = "loop hosted by a single-threaded scheduled executor";
    private static final String NETTY_HOSTED = "loop hosted by a Netty NIO event loop";
    private static final String JUC_READ_WRITE = "j.u.c `ReentrantReadWriteLock`";
    private static final String IBM_READ_WRITE = "IBM async-util `AsyncReadWriteLock`";
    private static final String IBM_WEIGHTED = "IBM async-util `FairAsyncSemaphore.acquire(n)`";
    private static final String JUC_WEIGHTED = "j.u.c `Semaphore.tryAcquire(n)`";
    private static final String IBM_WEIGHTED_CONTENDED = "IBM async-util `FairAsyncSemaphore`, 100 contenders (run queue)";

    static List<Scenario> all() {
        return List.of(uncontended(), handOff(), pingPong(), fanOut(), bytesPerWaiter(), cancelParked(), execute(),
                hosted("lock hand-off", "ns per hand-off", "lockHandoff100", "`AsyncLock`, 100 tasks",
                        Row.jmh("loop driven by the benchmark thread (the hand-off table's row)", Role.LOOPSYNC, HANDOFF + "lock",
                                Map.of("tasks", "100"))),
                hosted("queue ping-pong", "ns per item", "queuePingPong1", "`AsyncQueue(1)`",
                        Row.jmh("loop driven by the benchmark thread (the ping-pong table's row)", Role.LOOPSYNC,
                                QUEUE + "loopsyncBounded1")),
                readMostly(), weightedUncontended(), weightedContended(), roundTrip(), harness());
    }

    private static Scenario uncontended() {
        return new Scenario("Uncontended acquire + release",
                "One thread takes and gives back a lock or a single permit, with a call the JIT may not inline in "
                        + "between (the same in every row, so that no pair compiles away); the figure is one pair, that "
                        + "call included. Allocation-free "
                        + "means under 1 B per pair: the smallest object is 16 B, so what remains is the task that runs "
                        + "the batch of 1,000 pairs, amortised.",
                "ns per pair",
                Target.of(Quantity.NS_PER_OP, "faster than " + REENTRANT_LOCK + " beyond the error, allocation-free")
                        .fasterThan(REENTRANT_LOCK, true).allocatingUnder(1),
                List.of(
                        Row.jmh("loopsync `AsyncLock.acquire` + `release`", Role.LOOPSYNC, UNCONTENDED + "loopsyncLock"),
                        Row.jmh("loopsync `AsyncLock.tryAcquire` + `release`", Role.LOOPSYNC, UNCONTENDED + "loopsyncLockTry"),
                        Row.jmh("loopsync `AsyncSemaphore`", Role.LOOPSYNC,
                                UNCONTENDED + "loopsyncSemaphore"),
                        Row.jmh(REENTRANT_LOCK, Role.PEER, UNCONTENDED + "jucReentrantLock"),
                        Row.jmh("j.u.c `Semaphore`", Role.PEER, UNCONTENDED + "jucSemaphore"),
                        Row.jmh("kotlinx `Mutex.tryLock`", Role.PEER, UNCONTENDED + "kotlinMutex"),
                        Row.jmh("kotlinx `Semaphore.tryAcquire`", Role.PEER, UNCONTENDED + "kotlinSemaphore"),
                        Row.jmh("IBM async-util `AsyncLock.tryLock`", Role.PEER, UNCONTENDED + "ibmLock"),
                        Row.jmh("IBM async-util `FairAsyncSemaphore`", Role.PEER, UNCONTENDED + "ibmSemaphore"),
                        Row.asyncio("asyncio `Lock`", "uncontended_lock")));
    }

    private static Scenario handOff() {
        return new Scenario("Lock hand-off under contention",
                "Tasks on one loop (kotlinx: coroutines on a one-thread dispatcher) take turns with one lock until "
                        + "100,000 acquisitions; every grant is a hand-off to a parked task, woken through the loop.",
                "ns per hand-off",
                Target.of(Quantity.NS_PER_OP, "≤ 30 ns among 100 tasks, faster than IBM `FairAsyncLock` beyond the error "
                        + "and than kotlinx `Mutex`")
                        .atMost(30).fasterThan(IBM_FAIR_LOCK_100, true).fasterThan(KOTLIN_MUTEX_100, false),
                List.of(
                        Row.jmh("loopsync `AsyncLock`, 100 tasks", Role.LOOPSYNC, HANDOFF + "lock", Map.of("tasks", "100")),
                        Row.jmh("loopsync `AsyncLock`, 10 tasks", Role.LOOPSYNC, HANDOFF + "lock", Map.of("tasks", "10")),
                        Row.jmh("loopsync `AsyncLock`, 10,000 tasks", Role.LOOPSYNC, HANDOFF + "lock", Map.of("tasks", "10000")),
                        Row.jmh("loopsync `AsyncSemaphore(10)`, 10 tasks (nothing contends)", Role.LOOPSYNC,
                                HANDOFF + "semaphore", Map.of("tasks", "10")),
                        Row.jmh("loopsync `AsyncSemaphore(10)`, 100 tasks", Role.LOOPSYNC, HANDOFF + "semaphore",
                                Map.of("tasks", "100")),
                        Row.jmh("loopsync `AsyncSemaphore(10)`, 10,000 tasks", Role.LOOPSYNC, HANDOFF + "semaphore",
                                Map.of("tasks", "10000")),
                        Row.jmh(IBM_FAIR_LOCK_100, Role.PEER, HANDOFF + "ibmFairLock", Map.of("tasks", "100")),
                        Row.jmh("IBM async-util `FairAsyncLock`, 10 tasks (run queue)", Role.PEER, HANDOFF + "ibmFairLock",
                                Map.of("tasks", "10")).against("loopsync `AsyncLock`, 10 tasks"),
                        Row.jmh("IBM async-util `FairAsyncLock`, 10,000 tasks (run queue)", Role.PEER, HANDOFF + "ibmFairLock",
                                Map.of("tasks", "10000")).against("loopsync `AsyncLock`, 10,000 tasks"),
                        Row.jmh("IBM async-util `FairAsyncSemaphore(10)`, 10 tasks (run queue)", Role.PEER,
                                HANDOFF + "ibmFairSemaphore", Map.of("tasks", "10"))
                                .against("loopsync `AsyncSemaphore(10)`, 10 tasks (nothing contends)"),
                        Row.jmh("IBM async-util `FairAsyncSemaphore(10)`, 100 tasks (run queue)", Role.PEER,
                                HANDOFF + "ibmFairSemaphore", Map.of("tasks", "100"))
                                .against("loopsync `AsyncSemaphore(10)`, 100 tasks"),
                        Row.jmh("IBM async-util `FairAsyncSemaphore(10)`, 10,000 tasks (run queue)", Role.PEER,
                                HANDOFF + "ibmFairSemaphore", Map.of("tasks", "10000"))
                                .against("loopsync `AsyncSemaphore(10)`, 10,000 tasks"),
                        Row.jmh(KOTLIN_MUTEX_100, Role.PEER, HANDOFF + "kotlinMutex", Map.of("tasks", "100")),
                        Row.jmh(KOTLIN_MUTEX + "10 coroutines" + ONE_THREAD, Role.PEER, HANDOFF + "kotlinMutex",
                                Map.of("tasks", "10")).against("loopsync `AsyncLock`, 10 tasks"),
                        Row.jmh(KOTLIN_MUTEX + "10,000 coroutines" + ONE_THREAD, Role.PEER, HANDOFF + "kotlinMutex",
                                Map.of("tasks", "10000")).against("loopsync `AsyncLock`, 10,000 tasks"),
                        Row.asyncio("asyncio `Lock`, 100 tasks", "handoff_lock_100"),
                        Row.asyncio("asyncio `Lock`, 10 tasks", "handoff_lock_10").against("loopsync `AsyncLock`, 10 tasks")));
    }

    private static Scenario pingPong() {
        return new Scenario("Queue ping-pong",
                "A producer task and a consumer task pass 100,000 items one at a time; the figure is one item. "
                        + "`AsyncQueue(1)` parks both sides for every item; kotlinx's `Channel(1)` hands an item to a "
                        + "parked receiver past its buffer, so its coroutines park once every three items.",
                "ns per item",
                Target.of(Quantity.NS_PER_OP, "≤ 90 ns for `AsyncQueue(1)`, faster than IBM `buffered(1)` and kotlinx "
                        + "`Channel(1)`")
                        .atMost(90).fasterThan(IBM_BUFFERED_1, false).fasterThan(KOTLIN_CHANNEL_1, false),
                List.of(
                        Row.jmh("loopsync `AsyncQueue(1)`", Role.LOOPSYNC, QUEUE + "loopsyncBounded1"),
                        Row.jmh("loopsync `AsyncQueue()` + yield", Role.LOOPSYNC, QUEUE + "loopsyncUnbounded"),
                        Row.jmh("loopsync `AsyncPriorityQueue()` + yield", Role.LOOPSYNC, QUEUE + "loopsyncPriority"),
                        Row.jmh(KOTLIN_CHANNEL_1, Role.PEER, QUEUE + "kotlinChannel1"),
                        Row.jmh(IBM_BUFFERED_1, Role.PEER, QUEUE + "ibmBuffered1"),
                        Row.jmh("j.u.c `ArrayBlockingQueue(1)`, two threads", Role.CROSS_THREAD, QUEUE + "jucArrayBlockingQueue1"),
                        Row.jmh("j.u.c `SynchronousQueue`, two threads", Role.CROSS_THREAD, QUEUE + "jucSynchronousQueue"),
                        Row.asyncio("asyncio `Queue(1)`", "queue_bounded1"),
                        Row.asyncio("asyncio `Queue()` + `sleep(0)`", "queue_unbounded").against("loopsync `AsyncQueue()` + yield"),
                        Row.asyncio("asyncio `PriorityQueue()` + `sleep(0)`", "queue_priority")
                                .against("loopsync `AsyncPriorityQueue()` + yield")));
    }

    private static Scenario fanOut() {
        return new Scenario("Event fan-out",
                "One `set()` wakes every parked waiter (loopsync: 1,000,000; asyncio: see its note); the figure is "
                        + "one waiter's wake-up. The loopsync waiters are either parked just before, or promoted by a "
                        + "full collection after parking, as waiters parked for a while are in a server; under G1 a "
                        + "store into a promoted object can cost a write-barrier fence and a dirty card.",
                "ns per waiter",
                Target.of(Quantity.NS_PER_OP, "≤ 40 ns per waiter, young or promoted").atMost(40)
                        .rowAtMost(FAN_OUT_PROMOTED, "promoted waiters", 40),
                List.of(
                        Row.jmhPer("loopsync `AsyncEvent.set()`, waiters in the young generation", Role.LOOPSYNC,
                                FAN_OUT, Map.of("generation", "young"), "waiters"),
                        Row.jmhPer(FAN_OUT_PROMOTED, Role.LOOPSYNC, FAN_OUT, Map.of("generation", "old"), "waiters"),
                        Row.asyncio("asyncio `Event.set()`", "event_fan_out")));
    }

    private static Scenario bytesPerWaiter() {
        return new Scenario("Bytes per parked waiter",
                "Heap retained per waiter parked on an event (live heap after a full GC, before and after "
                        + "parking; `WaiterFootprint`); asyncio: tracemalloc.",
                "bytes per waiter",
                Target.of(Quantity.BYTES, "≤ 100 B per parked waiter with one dependent stage").atMost(100),
                List.of(
                        Row.footprint("loopsync `await()` future + one dependent stage",
                                WaiterFootprint.AWAIT_WITH_DEPENDENT_STAGE),
                        Row.footprint("loopsync bare `await()` future", WaiterFootprint.BARE_AWAIT),
                        Row.footprint("loopsync task blocked in `await()`", WaiterFootprint.TASK_AWAITING),
                        Row.asyncio("asyncio task blocked in `event.wait()`", "event_fan_out")));
    }

    private static Scenario cancelParked() {
        return new Scenario("Cancelling parked lock waiters",
                "Cancel every parked `acquire()` behind a held lock and deliver the cancellations: 1,000,000 "
                        + "waiting futures, and 100,000 waiting tasks as asyncio does it (asyncio's count is in its "
                        + "note); the figure is one waiter, the target the total for the futures.",
                "ns per waiter",
                Target.of(Quantity.TOTAL_MILLIS, "< 0.5 s for 1,000,000").atMost(500),
                List.of(
                        Row.jmhPer("loopsync `AsyncLock` waiters", Role.LOOPSYNC, "CancelParkedBenchmark.cancelAll", "waiters"),
                        Row.jmhPer("loopsync tasks parked in `AsyncLock.acquire()`", Role.LOOPSYNC,
                                "CancelParkedTasksBenchmark.cancelAll", "tasks"),
                        Row.asyncio("asyncio tasks parked in `Lock.acquire()`", "cancel_parked")
                                .against("loopsync tasks parked in `AsyncLock.acquire()`")));
    }

    private static Scenario execute() {
        return new Scenario("Cross-thread execute throughput",
                "Producer threads post 100,000 callbacks each into a consumer thread and wait for them to run; "
                        + "two-producer rows are the sum of both.",
                "ns per callback (1 / throughput)",
                Target.of(Quantity.OPS_PER_SECOND, "≥ 10 M callbacks/s from one producer").atLeast(10e6),
                List.of(
                        Row.jmh("loopsync `EventLoop.execute`, 1 producer", Role.LOOPSYNC, EXECUTE + "loopsyncOneProducer"),
                        Row.jmh("loopsync `EventLoop.execute`, 2 producers", Role.LOOPSYNC, EXECUTE + "loopsyncTwoProducers"),
                        Row.jmh("j.u.c single-thread executor, 1 producer", Role.PEER, EXECUTE + "jucSingleThreadExecutorOneProducer"),
                        Row.jmh("j.u.c single-thread executor, 2 producers", Role.PEER,
                                EXECUTE + "jucSingleThreadExecutorTwoProducers")
                                .against("loopsync `EventLoop.execute`, 2 producers"),
                        Row.asyncio("asyncio `call_soon_threadsafe`, 1 producer", "execute_one_producer")));
    }

    /**
     * A hosted-loop table: the same workload on a loop with its own thread (the native loop, the
     * primary row), hosted by an executor and by Netty, each submitted whole from the benchmark
     * thread, and the native table's row (driven by the benchmark thread) for reference.
     */
    private static Scenario hosted(String workload, String unit, String method, String primitive, Row driven) {
        String ownThread = "loop on its own thread (`EventLoop.start()`)";
        return new Scenario("Hosted loop: " + workload,
                "The " + workload + " of " + primitive + " submitted whole from the benchmark thread (100,000 operations "
                        + "per invocation) to a loopsync loop on its own thread and to loops hosted by an executor and by "
                        + "Netty (`HostedLoopBenchmark`). Each host's ÷ figure is its time over the own-thread loop's: "
                        + "the ratio the target bounds.",
                unit,
                Target.of(Quantity.NS_PER_OP, "executor- and Netty-hosted ≤ 1.5× the loop on its own thread")
                        .rowWithin(EXECUTOR_HOSTED, "executor", 1.5).rowWithin(NETTY_HOSTED, "Netty", 1.5),
                List.of(
                        Row.jmh(ownThread, Role.LOOPSYNC, HOSTED + method, Map.of("host", "own-thread")),
                        Row.jmh(EXECUTOR_HOSTED, Role.LOOPSYNC, HOSTED + method, Map.of("host", "executor")),
                        Row.jmh(NETTY_HOSTED, Role.LOOPSYNC, HOSTED + method, Map.of("host", "netty")),
                        driven));
    }

    private static Scenario readMostly() {
        return new Scenario("Read-mostly read-write lock",
                "Nine reads to one write on one thread, each an uncontended acquire and release with a call the JIT "
                        + "may not inline in between, as in the uncontended table (1,000 per invocation); the figure is one "
                        + "pair, averaged over the mix.",
                "ns per pair",
                Target.of(Quantity.NS_PER_OP, "faster than " + JUC_READ_WRITE + " and IBM's read-write lock")
                        .fasterThan(JUC_READ_WRITE, false).fasterThan(IBM_READ_WRITE, false),
                List.of(
                        Row.jmh("loopsync `AsyncReadWriteLock` `acquireRead`/`acquireWrite` + release", Role.LOOPSYNC,
                                READ_MOSTLY + "loopsyncReadWriteLock"),
                        Row.jmh("loopsync `AsyncReadWriteLock` `tryAcquireRead`/`tryAcquireWrite` + release", Role.LOOPSYNC,
                                READ_MOSTLY + "loopsyncReadWriteLockTry"),
                        Row.jmh(JUC_READ_WRITE, Role.PEER, READ_MOSTLY + "jucReentrantReadWriteLock"),
                        Row.jmh(IBM_READ_WRITE, Role.PEER, READ_MOSTLY + "ibmReadWriteLock")));
    }

    private static Scenario weightedUncontended() {
        return new Scenario("Weighted acquire, uncontended",
                "On one thread, `acquire(n)` of 8 permits for n from 1 to 4 in a fixed pseudo-random order, each "
                        + "completing at once, then the release of the previous acquisition, with a call the JIT may not "
                        + "inline in between as in the uncontended table (100,000 per invocation).",
                "ns per acquire + release",
                Target.of(Quantity.NS_PER_OP, "faster than IBM `FairAsyncSemaphore` and j.u.c `Semaphore`")
                        .fasterThan(IBM_WEIGHTED, false).fasterThan(JUC_WEIGHTED, false),
                List.of(
                        Row.jmh("loopsync `AsyncWeightedSemaphore.acquire(n)`", Role.LOOPSYNC, WEIGHTED + "loopsyncUncontended"),
                        Row.jmh(IBM_WEIGHTED, Role.PEER, WEIGHTED + "ibmUncontended"),
                        Row.jmh(JUC_WEIGHTED, Role.PEER, WEIGHTED + "jucUncontended")));
    }

    private static Scenario weightedContended() {
        return new Scenario("Weighted acquire, contended",
                "100 contenders ask for 1, 2, 3 and 4 of 8 permits in turn and release right after each grant, so most "
                        + "grants are hand-offs to parked waiters (100,000 acquisitions per invocation).",
                "ns per acquisition",
                Target.of(Quantity.NS_PER_OP, "faster than IBM `FairAsyncSemaphore`").fasterThan(IBM_WEIGHTED_CONTENDED, false),
                List.of(
                        Row.jmh("loopsync `AsyncWeightedSemaphore`, 100 tasks", Role.LOOPSYNC, WEIGHTED + "loopsyncContended"),
                        Row.jmh(IBM_WEIGHTED_CONTENDED, Role.PEER, WEIGHTED + "ibmContended")));
    }

    private static Scenario roundTrip() {
        return new Scenario("Loop round trip",
                "One trip through the loop with nothing around it, 100,000 in a row, each started by the last: a "
                        + "callback that schedules itself again, and a future decided now whose one dependent stage starts "
                        + "the next trip. The peers run the same on the plain run queue of the IBM rows. Every hand-off and "
                        + "ping-pong step pays a future's trip, so this table shows how much of those figures is the loop's.",
                "ns per trip",
                Target.of(Quantity.NS_PER_OP, "none of its own (diagnostic); shown against a `CompletableFuture` resumed "
                        + "through a run queue").fasterThan(CF_ON_RUN_QUEUE, false),
                List.of(
                        Row.jmh("loopsync future: `yieldNow()` + one `whenComplete` stage", Role.LOOPSYNC,
                                ROUND_TRIP + "loopFuture"),
                        Row.jmh("loopsync callback: `callSoon` of itself", Role.LOOPSYNC, ROUND_TRIP + "loopCallback"),
                        Row.jmh(CF_ON_RUN_QUEUE, Role.PEER, ROUND_TRIP + "completableFutureOnRunQueue"),
                        Row.jmh("callback posting itself to a plain FIFO run queue", Role.PEER, ROUND_TRIP + "runQueueCallback")
                                .against("loopsync callback: `callSoon` of itself")));
    }

    private static Scenario harness() {
        return new Scenario("Harness throughput",
                "Random schedules of a three-task lock scenario explored by `Race.explore` (ordering ANY).",
                "ns per schedule",
                Target.of(Quantity.OPS_PER_SECOND, "≥ 50,000 schedules/s").atLeast(50_000),
                List.of(Row.jmh("loopsync harness, 3-task lock", Role.LOOPSYNC, "HarnessBenchmark.exploreThreeTaskLock")));
    }
}
