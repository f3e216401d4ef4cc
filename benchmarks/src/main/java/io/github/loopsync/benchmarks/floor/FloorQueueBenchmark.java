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
 * The floor study's queue row (diagnostic; docs/performance.md, "The floor of the contract"): the
 * {@code AsyncQueue(1)} ping-pong of {@code QueuePingPongBenchmark.loopsyncBounded1} run on the flat
 * model ({@link FlatModel}, {@link FlatQueue}) instead of loopsync. Run it beside that row and the
 * IBM and kotlinx rows of the same class in one JMH run; the report leaves it out.
 *
 * <p>The workload is the loopsync row's: a producer task puts {@value #ITEMS} boxed items one at a
 * time into a queue of one and a consumer task takes them, each leaving the stack only when it has to
 * park, through one {@code whenComplete} stage. Both park once per item, so each item is two
 * hand-offs: the item to the parked consumer, then the slot it frees to the parked producer.
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
        if (consumer.left != 0 || producer.next != items.length) {
            throw new IllegalStateException("the ping-pong stalled: " + consumer.left + " items not taken, "
                    + (items.length - producer.next) + " not put");
        }
        return consumer.sum;
    }

    /** Puts the items in order, in QueuePingPongBenchmark's shape. */
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

    /** Takes {@code left} items and sums them, in QueuePingPongBenchmark's shape. */
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
}
