/**
 * loopsync: asyncio-style synchronization for single-threaded Java event loops.
 *
 * <p>{@link io.github.loopsync.loop} holds the event loop, tasks and the waiting and combining
 * helpers; {@link io.github.loopsync.loop.spi} the clock and scheduling hooks that tests and the
 * race-condition harness plug in. The module has no dependencies beyond {@code java.base}.
 */
module io.github.loopsync.primitives {
    exports io.github.loopsync.loop;
    exports io.github.loopsync.loop.spi;
    exports io.github.loopsync.sync;
}
