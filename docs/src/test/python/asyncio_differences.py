"""The asyncio side of docs/semantics.md's "Measured step by step" table.

Each scenario mirrors a test of primitives/src/test/java/io/github/loopsync/sync/AsyncioDifferencesTest.java
step by step and prints what CPython's asyncio does. Run: python3.13 asyncio_differences.py
"""
import asyncio
import sys


async def iterations_until(done):
    """Counts loop iterations (sleep(0) turns of this task) until done() holds."""
    n = 0
    while not done():
        await asyncio.sleep(0)
        n += 1
    return n


async def notify_all_three_waiters():
    cond = asyncio.Condition()
    resumed = []

    async def waiter(i):
        async with cond:
            await cond.wait()
            resumed.append(i)   # leaving "async with" releases the lock at once

    tasks = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()
    seen = []
    counter = asyncio.create_task(iterations_until(lambda: seen.append(len(resumed)) or len(resumed) == 3))
    await asyncio.gather(counter, *tasks)
    # The counter's first check runs at the end of the first iteration after the release.
    print("notify_all, 3 waiters: resumed in the first iteration:", seen[0], "of 3")


async def lifo_getter_cancelled_after_hand_off():
    q = asyncio.LifoQueue()
    getter = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait("a")          # wakes the getter
    q.put_nowait("b")
    getter.cancel()            # before it ran
    await asyncio.gather(getter, return_exceptions=True)
    print("LIFO getter cancelled after the hand-off: next two gets:", [q.get_nowait(), q.get_nowait()])


async def lifo_item_of_cancelled_getter():
    q = asyncio.LifoQueue()
    first = asyncio.create_task(q.get())
    second = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait("a")
    first.cancel()
    await asyncio.sleep(0)
    q.put_nowait("b")
    got = await second
    print("LIFO, first getter cancelled after 'a', then 'b' put: second gets", repr(got), "and",
          [q.get_nowait()], "stays")


async def semaphore_fifo_order_2():
    sem = asyncio.Semaphore(1)
    result = []

    async def c1():
        await sem.acquire()
        result.append(1)

    async def c2():
        await sem.acquire()
        result.append(2)
        sem.release()
        await sem.acquire()
        result.append(4)

    async def c3():
        await sem.acquire()
        result.append(3)

    tasks = [asyncio.create_task(c()) for c in (c1, c2, c3)]
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    await asyncio.gather(*tasks)
    print("test_acquire_fifo_order_2 with its two releases:", result)


async def wait_and_wait_for_steps():
    cond = asyncio.Condition()
    ready = [False]
    done = {}

    async def plain():
        async with cond:
            await cond.wait()
            done["wait"] = True

    async def predicate():
        async with cond:
            await cond.wait_for(lambda: ready[0])
            done["wait_for"] = True

    steps = {}
    for name, body in (("wait", plain), ("wait_for", predicate)):
        ready[0] = False
        task = asyncio.create_task(body())
        await asyncio.sleep(0)
        async with cond:
            ready[0] = True
            cond.notify()
        steps[name] = await iterations_until(lambda: name in done)
        await task
    print("iteration after notify+release in which the waiter's next line ran:", steps)


async def lock_handed_to_notified_waiter_then_cancelled():
    cond = asyncio.Condition()
    order = []

    async def c1():
        async with cond:
            try:
                await cond.wait()
            except asyncio.CancelledError:
                order.append("c1 cancelled, holding the lock: %s" % cond.locked())
                raise

    async def c2():
        async with cond:
            order.append("c2 got the lock")

    t1 = asyncio.create_task(c1())
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify()
    await asyncio.sleep(0)     # c1 leaves the wait and queues for the lock
    t2 = asyncio.create_task(c2())
    await asyncio.sleep(0)     # c2 queues for the lock behind c1
    cond.release()             # the lock goes to c1
    t1.cancel()                # before c1 runs
    await asyncio.gather(t1, t2, return_exceptions=True)
    print("notified waiter cancelled after the lock was handed to it:", order)


async def main():
    print("CPython", sys.version.split()[0])
    await notify_all_three_waiters()
    await lifo_getter_cancelled_after_hand_off()
    await lifo_item_of_cancelled_getter()
    await semaphore_fifo_order_2()
    await wait_and_wait_for_steps()
    await lock_handed_to_notified_waiter_then_cancelled()


asyncio.run(main())
