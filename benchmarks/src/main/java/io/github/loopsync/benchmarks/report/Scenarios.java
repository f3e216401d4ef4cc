package io.github.loopsync.benchmarks.report;

import io.github.loopsync.benchmarks.WaiterFootprint;
import io.github.loopsync.benchmarks.report.Scenario.Quantity;
import io.github.loopsync.benchmarks.report.Scenario.Role;
import io.github.loopsync.benchmarks.report.Scenario.Row;
import io.github.loopsync.benchmarks.report.Scenario.Target;
import java.util.List;
import java.util.Map;

/** The scenarios of the report, in order, with the design target each is held to. */
final class Scenarios {

    private Scenarios() {
    }

    private static final String UNCONTENDED = "UncontendedBenchmark.";
    private static final String HANDOFF = "HandoffBenchmark.";
    private static final String QUEUE = "QueuePingPongBenchmark.";
    private static final String EXECUTE = "ExecuteThroughputBenchmark.";
    private static final String KOTLIN_MUTEX = "kotlinx `Mutex`, ";
    /** The kotlinx rows' set-up: coroutines on a single-threaded dispatcher that the benchmark thread drains. */
    private static final String ONE_THREAD = " (one-thread dispatcher)";

    static List<Scenario> all() {
        return List.of(
                new Scenario("Uncontended acquire + release",
                        "One thread takes and gives back a lock or a single permit; the figure is one pair.",
                        "ns per pair",
                        new Target(Quantity.NS_PER_OP, true, 5, "≤ 5 ns, faster than every peer").andFasterThanPeers(),
                        List.of(
                                Row.jmh("loopsync `AsyncLock.acquire` + `release`", Role.LOOPSYNC, UNCONTENDED + "loopsyncLock"),
                                Row.jmh("loopsync `AsyncLock.tryAcquire` + `release`", Role.LOOPSYNC, UNCONTENDED + "loopsyncLockTry"),
                                Row.jmh("loopsync `AsyncSemaphore` (JIT folds the pair, see notes)", Role.LOOPSYNC,
                                        UNCONTENDED + "loopsyncSemaphore"),
                                Row.jmh("j.u.c `ReentrantLock`", Role.PEER, UNCONTENDED + "jucReentrantLock"),
                                Row.jmh("j.u.c `Semaphore`", Role.PEER, UNCONTENDED + "jucSemaphore"),
                                Row.jmh("kotlinx `Mutex.tryLock`", Role.PEER, UNCONTENDED + "kotlinMutex"),
                                Row.jmh("kotlinx `Semaphore.tryAcquire`", Role.PEER, UNCONTENDED + "kotlinSemaphore"),
                                Row.jmh("IBM async-util `AsyncLock.tryLock`", Role.PEER, UNCONTENDED + "ibmLock"),
                                Row.jmh("IBM async-util `FairAsyncSemaphore`", Role.PEER, UNCONTENDED + "ibmSemaphore"),
                                Row.asyncio("asyncio `Lock`", "uncontended_lock"))),
                new Scenario("Lock hand-off under contention",
                        "Tasks on one loop (kotlinx: coroutines on a one-thread dispatcher) take turns with one lock until "
                                + "100,000 acquisitions; every grant is a hand-off to a parked task, woken through the loop.",
                        "ns per hand-off",
                        new Target(Quantity.NS_PER_OP, true, 100, "≤ 100 ns among 100 tasks"),
                        List.of(
                                Row.jmh("loopsync `AsyncLock`, 100 tasks", Role.LOOPSYNC, HANDOFF + "lock", Map.of("tasks", "100")),
                                Row.jmh("loopsync `AsyncLock`, 10 tasks", Role.LOOPSYNC, HANDOFF + "lock", Map.of("tasks", "10")),
                                Row.jmh("loopsync `AsyncLock`, 10,000 tasks", Role.LOOPSYNC, HANDOFF + "lock", Map.of("tasks", "10000")),
                                Row.jmh("loopsync `AsyncSemaphore(10)`, 100 tasks", Role.LOOPSYNC, HANDOFF + "semaphore",
                                        Map.of("tasks", "100")),
                                Row.jmh("loopsync `AsyncSemaphore(10)`, 10,000 tasks", Role.LOOPSYNC, HANDOFF + "semaphore",
                                        Map.of("tasks", "10000")),
                                Row.jmh("IBM async-util `FairAsyncLock`, 100 tasks (run queue)", Role.PEER, HANDOFF + "ibmFairLock",
                                        Map.of("tasks", "100")),
                                Row.jmh("IBM async-util `FairAsyncLock`, 10,000 tasks (run queue)", Role.PEER, HANDOFF + "ibmFairLock",
                                        Map.of("tasks", "10000")).against("loopsync `AsyncLock`, 10,000 tasks"),
                                Row.jmh("IBM async-util `FairAsyncSemaphore(10)`, 100 tasks (run queue)", Role.PEER,
                                        HANDOFF + "ibmFairSemaphore", Map.of("tasks", "100"))
                                        .against("loopsync `AsyncSemaphore(10)`, 100 tasks"),
                                Row.jmh(KOTLIN_MUTEX + "100 coroutines" + ONE_THREAD, Role.PEER, HANDOFF + "kotlinMutex",
                                        Map.of("tasks", "100")),
                                Row.jmh(KOTLIN_MUTEX + "10 coroutines" + ONE_THREAD, Role.PEER, HANDOFF + "kotlinMutex",
                                        Map.of("tasks", "10")).against("loopsync `AsyncLock`, 10 tasks"),
                                Row.jmh(KOTLIN_MUTEX + "10,000 coroutines" + ONE_THREAD, Role.PEER, HANDOFF + "kotlinMutex",
                                        Map.of("tasks", "10000")).against("loopsync `AsyncLock`, 10,000 tasks"),
                                Row.asyncio("asyncio `Lock`, 100 tasks", "handoff_lock_100"),
                                Row.asyncio("asyncio `Lock`, 10 tasks", "handoff_lock_10").against("loopsync `AsyncLock`, 10 tasks"))),
                new Scenario("Queue ping-pong",
                        "A producer task and a consumer task pass 100,000 items one at a time; the figure is one item. "
                                + "`AsyncQueue(1)` parks both sides for every item; kotlinx's `Channel(1)` hands an item to a "
                                + "parked receiver past its buffer, so its coroutines park once every three items.",
                        "ns per item",
                        new Target(Quantity.NS_PER_OP, true, 150, "≤ 150 ns for `AsyncQueue(1)`"),
                        List.of(
                                Row.jmh("loopsync `AsyncQueue(1)`", Role.LOOPSYNC, QUEUE + "loopsyncBounded1"),
                                Row.jmh("loopsync `AsyncQueue()` + yield", Role.LOOPSYNC, QUEUE + "loopsyncUnbounded"),
                                Row.jmh("loopsync `AsyncPriorityQueue()` + yield", Role.LOOPSYNC, QUEUE + "loopsyncPriority"),
                                Row.jmh("kotlinx `Channel(1)`" + ONE_THREAD, Role.PEER, QUEUE + "kotlinChannel1"),
                                Row.jmh("IBM async-util `AsyncQueues.buffered(1)`, one thread", Role.PEER, QUEUE + "ibmBuffered1"),
                                Row.jmh("j.u.c `ArrayBlockingQueue(1)`, two threads", Role.CROSS_THREAD, QUEUE + "jucArrayBlockingQueue1"),
                                Row.jmh("j.u.c `SynchronousQueue`, two threads", Role.CROSS_THREAD, QUEUE + "jucSynchronousQueue"),
                                Row.asyncio("asyncio `Queue(1)`", "queue_bounded1"),
                                Row.asyncio("asyncio `Queue()` + `sleep(0)`", "queue_unbounded").against("loopsync `AsyncQueue()` + yield"),
                                Row.asyncio("asyncio `PriorityQueue()` + `sleep(0)`", "queue_priority")
                                        .against("loopsync `AsyncPriorityQueue()` + yield"))),
                new Scenario("Event fan-out",
                        "One `set()` wakes every parked waiter (loopsync: 1,000,000; asyncio: see its note); the figure is "
                                + "one waiter's wake-up.",
                        "ns per waiter",
                        new Target(Quantity.NS_PER_OP, true, 50, "≤ 50 ns per waiter"),
                        List.of(
                                Row.jmhPer("loopsync `AsyncEvent.set()`", Role.LOOPSYNC, "EventFanOutBenchmark.setWakesAll", "waiters"),
                                Row.asyncio("asyncio `Event.set()`", "event_fan_out"))),
                new Scenario("Bytes per parked waiter",
                        "Heap retained per waiter parked on an event (live heap after a full GC, before and after "
                                + "parking; `WaiterFootprint`); asyncio: tracemalloc.",
                        "bytes per waiter",
                        new Target(Quantity.BYTES, true, 120, "≤ 120 B per parked waiter"),
                        List.of(
                                Row.footprint("loopsync `await()` future + one dependent stage",
                                        WaiterFootprint.AWAIT_WITH_DEPENDENT_STAGE),
                                Row.footprint("loopsync bare `await()` future", WaiterFootprint.BARE_AWAIT),
                                Row.footprint("loopsync task blocked in `await()`", WaiterFootprint.TASK_AWAITING),
                                Row.asyncio("asyncio task blocked in `event.wait()`", "event_fan_out"))),
                new Scenario("Cancelling parked lock waiters",
                        "Cancel every parked `acquire()` behind a held lock and deliver the cancellations: 1,000,000 "
                                + "waiting futures, and 100,000 waiting tasks as asyncio does it (asyncio's count is in its "
                                + "note); the figure is one waiter, the target the total for the futures.",
                        "ns per waiter",
                        new Target(Quantity.TOTAL_MILLIS, true, 500, "< 0.5 s for 1,000,000"),
                        List.of(
                                Row.jmhPer("loopsync `AsyncLock` waiters", Role.LOOPSYNC, "CancelParkedBenchmark.cancelAll", "waiters"),
                                Row.jmhPer("loopsync tasks parked in `AsyncLock.acquire()`", Role.LOOPSYNC,
                                        "CancelParkedTasksBenchmark.cancelAll", "tasks"),
                                Row.asyncio("asyncio tasks parked in `Lock.acquire()`", "cancel_parked")
                                        .against("loopsync tasks parked in `AsyncLock.acquire()`"))),
                new Scenario("Cross-thread execute throughput",
                        "Producer threads post 100,000 callbacks each into a consumer thread and wait for them to run; "
                                + "two-producer rows are the sum of both.",
                        "ns per callback (1 / throughput)",
                        new Target(Quantity.OPS_PER_SECOND, false, 10e6, "≥ 10 M callbacks/s from one producer"),
                        List.of(
                                Row.jmh("loopsync `EventLoop.execute`, 1 producer", Role.LOOPSYNC, EXECUTE + "loopsyncOneProducer"),
                                Row.jmh("loopsync `EventLoop.execute`, 2 producers", Role.LOOPSYNC, EXECUTE + "loopsyncTwoProducers"),
                                Row.jmh("j.u.c single-thread executor, 1 producer", Role.PEER,
                                        EXECUTE + "jucSingleThreadExecutorOneProducer"),
                                Row.jmh("j.u.c single-thread executor, 2 producers", Role.PEER,
                                        EXECUTE + "jucSingleThreadExecutorTwoProducers")
                                        .against("loopsync `EventLoop.execute`, 2 producers"),
                                Row.asyncio("asyncio `call_soon_threadsafe`, 1 producer", "execute_one_producer"))),
                new Scenario("Harness throughput",
                        "Random schedules of a three-task lock scenario explored by `Race.explore` (ordering ANY).",
                        "ns per schedule",
                        new Target(Quantity.OPS_PER_SECOND, false, 50_000, "≥ 50,000 schedules/s"),
                        List.of(Row.jmh("loopsync harness, 3-task lock", Role.LOOPSYNC, "HarnessBenchmark.exploreThreeTaskLock"))));
    }
}
