package io.github.loopsync.loop;

import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.ReadyPolicy;

/** An event loop object that no thread runs: its inbox collects posts, which is all these tests need. */
final class Loops {

    private Loops() {
    }

    static EventLoop unstarted() {
        return new EventLoop("lincheck", LoopClock.system(), ReadyPolicy.FIFO, null, (loop, message, error, task) -> { });
    }
}
