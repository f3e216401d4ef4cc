/**
 * loopsync: asyncio-style synchronization for single-threaded Java event loops.
 *
 * <p>{@link io.github.loopsync.loop} holds the event loop, tasks and the waiting and combining
 * helpers; {@link io.github.loopsync.sync} the locks, semaphores, events, conditions and barriers;
 * {@link io.github.loopsync.queue} the queues; {@link io.github.loopsync.bridge} the thread-safe
 * queue between threads and a loop;
 * {@link io.github.loopsync.loop.spi} the clock and scheduling hooks that tests and the
 * race-condition harness plug in. Two packages are not exported: {@code io.github.loopsync.internal}
 * (the wait-queue engine) and {@code io.github.loopsync.loop.engine} (the loop's engine: scheduler,
 * ready and timer queues, inbox, driver, task registry). The module has no dependencies beyond
 * {@code java.base}.
 */
module io.github.loopsync.primitives {
    exports io.github.loopsync.loop;
    exports io.github.loopsync.loop.spi;
    exports io.github.loopsync.sync;
    exports io.github.loopsync.queue;
    exports io.github.loopsync.bridge;
}
