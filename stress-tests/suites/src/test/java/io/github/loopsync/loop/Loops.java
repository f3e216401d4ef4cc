package io.github.loopsync.loop;

import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.ReadyPolicy;
import io.github.loopsync.loop.spi.VirtualClock;

/** Event loops for Lincheck scenarios: one that no thread runs, and one that a scenario's thread drives. */
final class Loops {

    private Loops() {
    }

    /** A loop no thread runs: its inbox collects posts, which is all some tests need. */
    static EventLoop unstarted() {
        return new EventLoop("lincheck", LoopClock.system(), ReadyPolicy.FIFO, null, (loop, message, error, task) -> { });
    }

    /** A loop on a virtual clock, bound to no thread until {@link #driveOnce} first runs it. */
    static EventLoop drivable(String name) {
        return new EventLoop(name, VirtualClock.autoAdvancing(), ReadyPolicy.FIFO, null, (loop, message, error, task) -> { });
    }

    /**
     * Runs one iteration of {@code loop} on the calling thread, binding the loop to it first if
     * needed. Lincheck reuses its threads from one invocation to the next, so a thread still bound
     * to an earlier invocation's loop closes that loop first.
     */
    static void driveOnce(EventLoop loop) {
        bindHere(loop);
        loop.runOnce();
    }

    /** Binds {@code loop} to the calling thread, as {@link #driveOnce} does, without running it. */
    static void bindHere(EventLoop loop) {
        if (!loop.inLoopThread()) {
            EventLoop stale = EventLoop.currentOrNull();
            if (stale != null) {
                stale.close();
            }
            loop.bindToCurrentThread();
        }
    }
}
