package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.EventLoop;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Base of the benchmarks that drive one event loop from the benchmark thread: the loop is built
 * once per trial and closed after it. JMH runs these inherited setup and teardown methods; a
 * subclass that needs more per-trial state adds its own {@code @Setup} method or field initialisers.
 */
@State(Scope.Thread)
public abstract class LoopBenchmark {

    /** The loop, built on the benchmark thread, which then drives it. */
    protected EventLoop loop;

    /**
     * Creates the loop on the benchmark thread, which then drives it. The loop is never in debug
     * mode, whatever {@code -Dloopsync.debug} says: the figures are those of production loops, and
     * the uncontended rows measure what debug mode costs when it is off.
     */
    @Setup(Level.Trial)
    public void setUp() {
        loop = EventLoop.builder().name("bench").debug(false).build();
    }

    /** Closes the loop. */
    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }
}
