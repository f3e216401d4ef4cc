package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Cross-thread {@code execute} throughput: producer threads post {@value #POSTS} callbacks each
 * into a loop running on its own thread, then wait until the loop has run them all. The score is
 * callbacks per second summed over the producers (JMH adds up the threads of a throughput row).
 *
 * <p>Each callback increments its producer's counter, which only the loop thread touches; the last
 * post completes a future with the count, which the producer waits for. The same protocol runs
 * against the peer, a java.util.concurrent single-thread executor (a {@code ThreadPoolExecutor}
 * over a {@code LinkedBlockingQueue}), which is the usual way to hand work to one thread in Java.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ExecuteThroughputBenchmark.POSTS)
public class ExecuteThroughputBenchmark {

    /** Callbacks posted per invocation by each producer. */
    static final int POSTS = 100_000;

    /** The consumers, shared by the producer threads. */
    @State(Scope.Benchmark)
    public static class Consumers {
        EventLoop loop;
        ExecutorService singleThread;

        /** Starts a loop on its own thread and a single-thread executor. */
        @Setup(Level.Trial)
        public void start() {
            loop = EventLoop.start();
            singleThread = Executors.newSingleThreadExecutor();
        }

        /** Closes both. */
        @TearDown(Level.Trial)
        public void stop() {
            loop.close();
            singleThread.shutdownNow();
        }
    }

    /** One producer's counter, incremented only on the consumer thread. */
    @State(Scope.Thread)
    public static class Producer {
        private int ran;
        private final Runnable increment = () -> ran++;

        /**
         * Posts {@value #POSTS} increments and a final callback that reports the count, then waits
         * for the report.
         *
         * @param consumer where to post
         * @return the number of increments the consumer ran
         */
        int postAll(Executor consumer) {
            Runnable callback = increment;
            CompletableFuture<Integer> report = new CompletableFuture<>();
            consumer.execute(() -> ran = 0);
            for (int i = 0; i < POSTS; i++) {
                consumer.execute(callback);
            }
            consumer.execute(() -> report.complete(ran));
            return report.join();
        }
    }

    /**
     * One producer thread into a loopsync loop.
     *
     * @param consumers the loop
     * @param producer this thread's counter
     * @return the count of callbacks run
     */
    @Benchmark
    @Threads(1)
    public int loopsyncOneProducer(Consumers consumers, Producer producer) {
        return producer.postAll(consumers.loop);
    }

    /**
     * Two producer threads into one loopsync loop.
     *
     * @param consumers the loop
     * @param producer this thread's counter
     * @return the count of callbacks run
     */
    @Benchmark
    @Threads(2)
    public int loopsyncTwoProducers(Consumers consumers, Producer producer) {
        return producer.postAll(consumers.loop);
    }

    /**
     * One producer thread into a java.util.concurrent single-thread executor.
     *
     * @param consumers the executor
     * @param producer this thread's counter
     * @return the count of callbacks run
     */
    @Benchmark
    @Threads(1)
    public int jucSingleThreadExecutorOneProducer(Consumers consumers, Producer producer) {
        return producer.postAll(consumers.singleThread);
    }

    /**
     * Two producer threads into one java.util.concurrent single-thread executor.
     *
     * @param consumers the executor
     * @param producer this thread's counter
     * @return the count of callbacks run
     */
    @Benchmark
    @Threads(2)
    public int jucSingleThreadExecutorTwoProducers(Consumers consumers, Producer producer) {
        return producer.postAll(consumers.singleThread);
    }
}
