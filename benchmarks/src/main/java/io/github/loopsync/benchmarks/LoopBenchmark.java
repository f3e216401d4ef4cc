package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.EventLoop;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Base of the benchmarks that drive one event loop from the benchmark thread: the loop is built
 * once per trial and closed after it. JMH runs these inherited setup and teardown methods; a
 * subclass that needs more per-trial state adds its own {@code @Setup} method or field initialisers.
 *
 * <p>Each fork runs on a fixed heap of 1 GB, touched in full at start-up ({@code
 * -XX:+AlwaysPreTouch}). When the collector grows a heap, the first pass through its new memory
 * page-faults on every page: on this project's machines that made the 10,000-task hand-off rows
 * take 50 ms per invocation instead of 7 for about two seconds after each growth, inside the
 * measured iterations of a short run, and their error bars 150–700 % wide. The peer rows of the same
 * classes run under the same flags. A subclass with its own {@code @Fork} replaces these flags, and
 * so does {@code -jvmArgsAppend} on the command line.
 */
@Fork(jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
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
