#!/usr/bin/env python3
"""CPython asyncio versions of loopsync's benchmark scenarios, for the same report.

Standard library only. Prints one JSON object on standard output:

    {"python": "3.11.7", "mode": "short", "results": [
        {"scenario": "uncontended_lock", "ns_per_op": 1715.2, "ops_per_s": 583000.0,
         "count": 1000, "rounds": 5, "spread": 0.04, "note": "..."}, ...]}

Each scenario runs `rounds` times after one warm-up round; ns_per_op is the mean over the rounds
and spread is (max - min) / mean of the per-round figures. Timing uses time.perf_counter_ns.
Run:  python3 benchmarks/asyncio_bench.py [--long | --quick]
"""

import asyncio
import gc
import json
import platform
import sys
import threading
import time
import tracemalloc


async def uncontended_lock(pairs):
    lock = asyncio.Lock()
    for _ in range(pairs):
        await lock.acquire()
        lock.release()
    return pairs


async def handoff(tasks, acquisitions):
    lock = asyncio.Lock()
    rounds = acquisitions // tasks

    async def contender():
        for _ in range(rounds):
            await lock.acquire()
            lock.release()

    await lock.acquire()  # hold the lock until every contender is queued
    workers = [asyncio.create_task(contender()) for _ in range(tasks)]
    await asyncio.sleep(0)
    lock.release()
    await asyncio.gather(*workers)
    return rounds * tasks


async def queue_ping_pong(queue, items, yield_after_put):
    async def producer():
        for i in range(items):
            await queue.put(i)
            if yield_after_put:
                await asyncio.sleep(0)

    async def consumer():
        total = 0
        for _ in range(items):
            total += await queue.get()
        return total

    consumed = asyncio.create_task(consumer())
    await producer()
    total = await consumed
    if total != items * (items - 1) // 2:
        raise AssertionError("queue ping-pong lost items")
    return items


async def park_event_waiters(waiters):
    """Returns (event, tasks) with `waiters` tasks parked in event.wait()."""
    event = asyncio.Event()
    tasks = [asyncio.create_task(event.wait()) for _ in range(waiters)]
    await asyncio.sleep(0)  # every task starts and parks
    return event, tasks


async def fan_out(waiters, clock):
    event, tasks = await park_event_waiters(waiters)
    start = time.perf_counter_ns()
    event.set()
    await asyncio.gather(*tasks)
    clock.append(time.perf_counter_ns() - start)
    return waiters


async def cancel_parked(waiters, clock):
    lock = asyncio.Lock()
    await lock.acquire()
    tasks = [asyncio.create_task(lock.acquire()) for _ in range(waiters)]
    await asyncio.sleep(0)  # every task parks in acquire()
    start = time.perf_counter_ns()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    clock.append(time.perf_counter_ns() - start)
    if not lock.locked() or any(not t.cancelled() for t in tasks):
        raise AssertionError("cancellation did not withdraw every waiter")
    return waiters


def execute_throughput(posts):
    """One producer thread posts `posts` callbacks with call_soon_threadsafe into a running loop."""
    loop = asyncio.new_event_loop()
    counter = [0]
    done = threading.Event()

    def increment():
        counter[0] += 1

    def report():
        done.set()

    runner = threading.Thread(target=loop.run_forever, daemon=True)
    runner.start()
    start = time.perf_counter_ns()
    for _ in range(posts):
        loop.call_soon_threadsafe(increment)
    loop.call_soon_threadsafe(report)
    done.wait()
    elapsed = time.perf_counter_ns() - start
    loop.call_soon_threadsafe(loop.stop)
    runner.join()
    loop.close()
    if counter[0] != posts:
        raise AssertionError("callbacks lost")
    return elapsed


def bytes_per_parked_waiter(waiters):
    """Heap bytes per task parked in event.wait(), measured with tracemalloc."""

    async def measure():
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        event, tasks = await park_event_waiters(waiters)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        event.set()
        await asyncio.gather(*tasks)
        return (after - before) / waiters

    return asyncio.run(measure())


def summarize(scenario, per_round_ns, count, note, extra=None):
    per_op = [ns / count for ns in per_round_ns]
    mean = sum(per_op) / len(per_op)
    result = {
        "scenario": scenario,
        "ns_per_op": round(mean, 1),
        "ops_per_s": round(1e9 / mean, 1),
        "count": count,
        "rounds": len(per_op),
        "spread": round((max(per_op) - min(per_op)) / mean, 3),
        "note": note,
    }
    if extra:
        result.update(extra)
    return result


def run_rounds(rounds, body):
    """Runs body() once to warm up, then `rounds` times; body returns elapsed ns."""
    body()
    return [body() for _ in range(rounds)]


def loop_timed(make_coroutine):
    """Elapsed ns of running one coroutine to completion on a fresh loop (loop start excluded)."""
    loop = asyncio.new_event_loop()
    try:
        gc.collect()
        start = time.perf_counter_ns()
        loop.run_until_complete(make_coroutine())
        return time.perf_counter_ns() - start
    finally:
        loop.close()


def inner_timed(make_coroutine):
    """Elapsed ns that the coroutine itself records (it appends to the list it is given)."""
    clock = []
    loop = asyncio.new_event_loop()
    try:
        gc.collect()
        loop.run_until_complete(make_coroutine(clock))
        return clock[0]
    finally:
        loop.close()


def main(argv):
    long_mode = "--long" in argv
    # --quick is report.sh's plumbing check: one round of a tenth of the counts; its figures mean nothing.
    quick_mode = "--quick" in argv and not long_mode
    rounds = 10 if long_mode else 1 if quick_mode else 5
    scale = 4 if long_mode else 1
    divisor = 10 if quick_mode else 1
    pairs = 100_000 // divisor
    acquisitions = 20_000 * scale // divisor
    items = 20_000 * scale // divisor
    fan_out_waiters = 100_000 * scale // divisor
    cancel_waiters = 10_000 * (2 if long_mode else 1) // divisor
    posts = 100_000 * scale // divisor
    footprint_waiters = 100_000 // divisor

    results = []
    results.append(summarize("uncontended_lock",
                             run_rounds(rounds, lambda: loop_timed(lambda: uncontended_lock(pairs))), pairs,
                             "await lock.acquire(); lock.release() in one coroutine"))
    for tasks in (10, 100):
        results.append(summarize("handoff_lock_%d" % tasks,
                                 run_rounds(rounds, lambda: loop_timed(lambda: handoff(tasks, acquisitions))),
                                 acquisitions, "%d tasks take turns with one asyncio.Lock" % tasks))
    results.append(summarize("queue_bounded1",
                             run_rounds(rounds, lambda: loop_timed(lambda: queue_ping_pong(asyncio.Queue(1), items, False))),
                             items, "asyncio.Queue(1) between a producer and a consumer task"))
    results.append(summarize("queue_unbounded",
                             run_rounds(rounds, lambda: loop_timed(lambda: queue_ping_pong(asyncio.Queue(), items, True))),
                             items, "asyncio.Queue(); the producer awaits asyncio.sleep(0) after each put"))
    results.append(summarize("queue_priority",
                             run_rounds(rounds, lambda: loop_timed(lambda: queue_ping_pong(asyncio.PriorityQueue(), items, True))),
                             items, "asyncio.PriorityQueue(); the producer awaits asyncio.sleep(0) after each put"))
    results.append(summarize("event_fan_out",
                             run_rounds(rounds, lambda: inner_timed(lambda clock: fan_out(fan_out_waiters, clock))),
                             fan_out_waiters,
                             "event.set() and gather of {:,} tasks parked in event.wait()".format(fan_out_waiters),
                             {"bytes_per_waiter": round(bytes_per_parked_waiter(footprint_waiters), 1),
                              "bytes_measured_with": "tracemalloc, {:,} tasks parked in event.wait()".format(footprint_waiters)}))
    cancel_rounds = run_rounds(max(2, rounds // 2), lambda: inner_timed(lambda clock: cancel_parked(cancel_waiters, clock)))
    results.append(summarize("cancel_parked", cancel_rounds, cancel_waiters,
                             "cancel {:,} tasks parked in lock.acquire(), then gather them".format(cancel_waiters),
                             {"total_ms": round(sum(cancel_rounds) / len(cancel_rounds) / 1e6, 1)}))
    results.append(summarize("execute_one_producer", run_rounds(rounds, lambda: execute_throughput(posts)), posts,
                             "call_soon_threadsafe from one thread into a loop on another"))

    print(json.dumps({
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "mode": "long" if long_mode else "quick" if quick_mode else "short",
        "results": results,
    }, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
