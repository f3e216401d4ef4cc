package io.github.loopsync.benchmarks.floor;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The floor study's queue rows (diagnostic; docs/performance.md, "The floor of the contract"): the
 * {@code AsyncQueue(1)} ping-pong of {@code QueuePingPongBenchmark.loopsyncBounded1} run on the
 * study's two models instead of loopsync, flat ({@link FlatModel}, {@link FlatQueue}) and layered
 * ({@link LayeredModel}, {@link LayeredQueue}). Run them beside that row and the IBM and kotlinx
 * rows of the same class in one JMH run; the report leaves them out.
 *
 * <p>The workload is the loopsync row's: a producer task puts {@value #ITEMS} boxed items one at a
 * time into a queue of one and a consumer task takes them, each leaving the stack only when it has to
 * park, through one {@code whenComplete} stage. Both park once per item, so each item is two
 * hand-offs: the item to the parked consumer, then the slot it frees to the parked producer. As in
 * {@link FloorBenchmark}, each model has its own producer and consumer, so that no interface call
 * the loopsync row does not make is added to the measured path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FloorQueueBenchmark.ITEMS)
@Fork(jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})   // as LoopBenchmark's rows
public class FloorQueueBenchmark {

    /** Items per invocation, as in QueuePingPongBenchmark. */
    static final int ITEMS = 100_000;

    /** Boxed once, so that no row measures boxing. */
    private final Integer[] items = new Integer[ITEMS];

    {
        for (int i = 0; i < ITEMS; i++) {
            items[i] = i;
        }
    }

    /** The flat model's {@code Queue(1)} ping-pong; returns the sum of the items taken. */
    @Benchmark
    public long flatBounded1() {
        return flatPingPong(items, 1);
    }

    /** The layered model's {@code Queue(1)} ping-pong; returns the sum of the items taken. */
    @Benchmark
    public long layeredBounded1() {
        return layeredPingPong(items, 1);
    }

    /** Runs the ping-pong on the flat model with a queue of {@code maxSize}; returns the sum taken. */
    static long flatPingPong(Integer[] items, int maxSize) {
        FlatModel.Loop loop = new FlatModel.Loop();
        FlatQueue queue = new FlatQueue(loop, maxSize);
        FlatConsumer consumer = new FlatConsumer(queue, items.length);
        FlatProducer producer = new FlatProducer(queue, items);
        loop.current = new FlatModel.Task();
        consumer.step();
        loop.current = new FlatModel.Task();
        producer.step();
        loop.current = null;
        loop.run();
        return sumTaken(consumer.left, items.length - producer.next, consumer.sum);
    }

    /** Runs the ping-pong on the layered model with a queue of {@code maxSize}; returns the sum taken. */
    static long layeredPingPong(Integer[] items, int maxSize) {
        LayeredModel.Loop loop = new LayeredModel.Loop();
        LayeredQueue queue = new LayeredQueue(loop, maxSize);
        LayeredConsumer consumer = new LayeredConsumer(queue, items.length);
        LayeredProducer producer = new LayeredProducer(queue, items);
        loop.current = new LayeredModel.Task();
        consumer.step();
        loop.current = new LayeredModel.Task();
        producer.step();
        loop.current = null;
        loop.run();
        return sumTaken(consumer.left, items.length - producer.next, consumer.sum);
    }

    private static long sumTaken(int notTaken, int notPut, long sum) {
        if (notTaken != 0 || notPut != 0) {
            throw new IllegalStateException("the ping-pong stalled: " + notTaken + " items not taken, " + notPut + " not put");
        }
        return sum;
    }

    /** Puts the items in order on the flat model, in QueuePingPongBenchmark's shape. */
    static final class FlatProducer {
        private final FlatQueue queue;
        private final Integer[] items;
        int next;

        FlatProducer(FlatQueue queue, Integer[] items) {
            this.queue = queue;
            this.items = items;
        }

        void step() {
            while (next < items.length) {
                FlatModel.Future put = queue.put(items[next++]);
                if (!put.isDone()) {
                    put.whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            throw new IllegalStateException(failure);
                        }
                        step();
                    });
                    return;
                }
            }
        }
    }

    /** Takes {@code left} items and sums them on the flat model, in QueuePingPongBenchmark's shape. */
    static final class FlatConsumer {
        private final FlatQueue queue;
        int left;
        long sum;

        FlatConsumer(FlatQueue queue, int left) {
            this.queue = queue;
            this.left = left;
        }

        void step() {
            while (left > 0) {
                FlatModel.Future got = queue.get();
                if (!got.isDone()) {
                    got.whenComplete((item, failure) -> {
                        if (failure != null) {
                            throw new IllegalStateException(failure);
                        }
                        take(item);
                        step();
                    });
                    return;
                }
                take(got.value());
            }
        }

        private void take(Object item) {
            sum += (Integer) item;
            left--;
        }
    }

    /** Puts the items in order on the layered model, in QueuePingPongBenchmark's shape. */
    static final class LayeredProducer {
        private final LayeredQueue queue;
        private final Integer[] items;
        int next;

        LayeredProducer(LayeredQueue queue, Integer[] items) {
            this.queue = queue;
            this.items = items;
        }

        void step() {
            while (next < items.length) {
                LayeredModel.Core put = queue.put(items[next++]);
                if (!put.isDone()) {
                    put.whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            throw new IllegalStateException(failure);
                        }
                        step();
                    });
                    return;
                }
            }
        }
    }

    /** Takes {@code left} items and sums them on the layered model, in QueuePingPongBenchmark's shape. */
    static final class LayeredConsumer {
        private final LayeredQueue queue;
        int left;
        long sum;

        LayeredConsumer(LayeredQueue queue, int left) {
            this.queue = queue;
            this.left = left;
        }

        void step() {
            while (left > 0) {
                LayeredModel.Core got = queue.get();
                if (!got.isDone()) {
                    got.whenComplete((item, failure) -> {
                        if (failure != null) {
                            throw new IllegalStateException(failure);
                        }
                        take(item);
                        step();
                    });
                    return;
                }
                take(got.value());
            }
        }

        private void take(Object item) {
            sum += (Integer) item;
            left--;
        }
    }
}
