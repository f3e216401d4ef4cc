package io.github.loopsync.benchmarks;

import com.ibm.asyncutil.iteration.AsyncIterator;
import com.ibm.asyncutil.iteration.AsyncQueues;
import com.ibm.asyncutil.iteration.BoundedAsyncQueue;
import com.ibm.asyncutil.util.Either;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncPriorityQueue;
import io.github.loopsync.queue.AsyncQueue;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.channels.BufferOverflow;
import kotlinx.coroutines.channels.Channel;
import kotlinx.coroutines.channels.ChannelKt;
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

/**
 * Queue ping-pong: a producer task puts {@value #ITEMS} items one at a time and a consumer task
 * takes them, so that control passes between the two for every item. The score is the cost of one
 * item going from producer to consumer, including both tasks' wake-ups through the loop.
 *
 * <p>With {@code AsyncQueue(1)} the alternation is forced by the capacity: the producer parks on
 * the full queue and the consumer parks on the empty one, once per item each. An unbounded queue
 * never makes the producer wait, so in the unbounded and priority rows the producer yields to the
 * loop after each put (asyncio's {@code await asyncio.sleep(0)}), and the consumer, parked in
 * {@code get}, receives each item directly. In a ping-pong the consumer is always waiting when an
 * item arrives, so every row measures the hand-off path, not the queue's storage.
 *
 * <p>Peers: kotlinx.coroutines' {@code Channel(1)}, a producer and a consumer coroutine launched
 * on a single-threaded dispatcher that the benchmark thread drains ({@link RunQueueDispatcher},
 * which says why that dispatcher), calling the suspending {@code send} and {@code receive} from
 * hand-written coroutines ({@link SuspendingLoop}); IBM async-util's {@code AsyncQueues.buffered(1)}
 * on one thread (its stages complete inline in the call that completes them, with no scheduler in
 * between); and two <em>cross-thread</em> references from java.util.concurrent,
 * {@link ArrayBlockingQueue} of one and {@link SynchronousQueue}, between a producer thread and the
 * benchmark thread. The cross-thread rows pay for parking and unparking real threads and are a
 * reference point, not like-for-like competitors.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(QueuePingPongBenchmark.ITEMS)
public class QueuePingPongBenchmark extends LoopBenchmark {

    /** Items per invocation. */
    static final int ITEMS = 100_000;

    /** The sum of the items 0 .. ITEMS - 1, which every row returns when it has moved them all. */
    static final long EXPECTED_SUM = (long) ITEMS * (ITEMS - 1) / 2;

    /** Boxed once, so that no row measures boxing. */
    private final Integer[] items = new Integer[ITEMS];
    private ExecutorService producerThread;
    /** How many steps the last {@link #kotlinChannel1} invocation's dispatcher ran, for the work test. */
    int kotlinSteps;

    {
        for (int i = 0; i < ITEMS; i++) {
            items[i] = i;
        }
    }

    /** Creates the producer thread of the cross-thread rows; the loop comes from {@link LoopBenchmark}. */
    @Setup(Level.Trial)
    public void startProducerThread() {
        producerThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "producer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops the producer thread. */
    @TearDown(Level.Trial)
    public void stopProducerThread() {
        producerThread.shutdownNow();
    }

    /** loopsync {@code AsyncQueue(1)}: both sides park once per item. */
    @Benchmark
    public long loopsyncBounded1() {
        return pingPong(new AsyncQueue<>(1), false);
    }

    /** loopsync unbounded {@code AsyncQueue}; the producer yields after each put. */
    @Benchmark
    public long loopsyncUnbounded() {
        return pingPong(new AsyncQueue<>(), true);
    }

    /** loopsync unbounded {@code AsyncPriorityQueue}; the producer yields after each put. */
    @Benchmark
    public long loopsyncPriority() {
        return pingPong(new AsyncPriorityQueue<>(), true);
    }

    private long pingPong(AsyncQueue<Integer> queue, boolean yieldAfterPut) {
        return loop.runUntilComplete(() -> {
            Consumer consumer = new Consumer(queue, ITEMS);
            LoopFuture<?> consumed = loop.createTask("consumer", consumer::start);
            LoopFuture<?> produced = loop.createTask("producer", () -> new Producer(queue, items, yieldAfterPut).start());
            return Tasks.<Object>gather(consumed, produced).thenApply(done -> consumer.sum);
        });
    }

    /** Puts the items in order; leaves the stack only when it has to wait. */
    static final class Producer {
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final AsyncQueue<Integer> queue;
        private final Integer[] items;
        private final boolean yieldAfterPut;
        private int next;

        Producer(AsyncQueue<Integer> queue, Integer[] items, boolean yieldAfterPut) {
            this.queue = queue;
            this.items = items;
            this.yieldAfterPut = yieldAfterPut;
        }

        CompletionStage<Void> start() {
            step();
            return finished;
        }

        private void step() {
            while (next < items.length) {
                LoopFuture<Void> put = queue.put(items[next++]);
                if (!put.isDone()) {
                    resumeAfter(put);
                    return;
                }
                if (yieldAfterPut) {
                    resumeAfter(Tasks.yieldNow());
                    return;
                }
            }
            finished.complete(null);
        }

        private void resumeAfter(LoopFuture<Void> wait) {
            wait.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    finished.completeExceptionally(failure);
                } else {
                    step();
                }
            });
        }
    }

    /** Takes {@code left} items and sums them; leaves the stack only when it has to wait. */
    static final class Consumer {
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final AsyncQueue<Integer> queue;
        private int left;
        long sum;

        Consumer(AsyncQueue<Integer> queue, int left) {
            this.queue = queue;
            this.left = left;
        }

        CompletionStage<Void> start() {
            step();
            return finished;
        }

        private void step() {
            while (left > 0) {
                LoopFuture<Integer> got = queue.get();
                if (!got.isDone()) {
                    got.whenComplete((item, failure) -> {
                        if (failure != null) {
                            finished.completeExceptionally(failure);
                        } else {
                            take(item);
                            step();
                        }
                    });
                    return;
                }
                take(got.getNow(null));
            }
            finished.complete(null);
        }

        private void take(Integer item) {
            sum += item;
            left--;
        }
    }

    /**
     * kotlinx.coroutines {@code Channel(1)} (a buffer of one, {@code send} suspends when it is full):
     * a consumer and then a producer coroutine, launched in that order like the loopsync tasks. A
     * {@code send} to a parked receiver hands the item over past the buffer, so the buffer takes the
     * next item as well and each coroutine parks once every three items, not once per item.
     */
    @Benchmark
    public long kotlinChannel1() {
        Channel<Integer> channel = ChannelKt.Channel(1, BufferOverflow.SUSPEND, null);
        ChannelCoroutines.Consumer consumer = new ChannelCoroutines.Consumer(channel, ITEMS);
        kotlinSteps = SuspendingLoop.runAll(new RunQueueDispatcher(), null, consumer, new ChannelCoroutines.Producer(channel, items));
        return consumer.sum;
    }

    /** IBM async-util {@code AsyncQueues.buffered(1)}, producer and consumer on the benchmark thread. */
    @Benchmark
    public long ibmBuffered1() {
        BoundedAsyncQueue<Integer> queue = AsyncQueues.buffered(1);
        IbmConsumer consumer = new IbmConsumer(queue, ITEMS);
        consumer.step();
        new IbmProducer(queue, items).step();
        if (!consumer.finished.isDone()) {
            throw new IllegalStateException("IBM queue ping-pong stalled with " + consumer.left + " items left");
        }
        return consumer.finished.join();
    }

    /** Sends the items in order; continues from the completion of a send that had to wait. */
    private static final class IbmProducer {
        private final BoundedAsyncQueue<Integer> queue;
        private final Integer[] items;
        private int next;

        IbmProducer(BoundedAsyncQueue<Integer> queue, Integer[] items) {
            this.queue = queue;
            this.items = items;
        }

        void step() {
            while (next < items.length) {
                CompletableFuture<Boolean> sent = queue.send(items[next++]).toCompletableFuture();
                if (!sent.isDone()) {
                    sent.thenRun(this::step);
                    return;
                }
            }
        }
    }

    /** Receives {@code left} items and sums them. */
    private static final class IbmConsumer {
        final CompletableFuture<Long> finished = new CompletableFuture<>();
        private final AsyncIterator<Integer> queue;
        private int left;
        private long sum;

        IbmConsumer(AsyncIterator<Integer> queue, int left) {
            this.queue = queue;
            this.left = left;
        }

        void step() {
            while (left > 0) {
                CompletableFuture<Either<AsyncIterator.End, Integer>> next = queue.nextStage().toCompletableFuture();
                if (!next.isDone()) {
                    next.thenAccept(item -> {
                        take(item);
                        step();
                    });
                    return;
                }
                take(next.join());
            }
            finished.complete(sum);
        }

        private void take(Either<AsyncIterator.End, Integer> item) {
            sum += item.right().orElseThrow(() -> new IllegalStateException("IBM queue ended early"));
            left--;
        }
    }

    /** Cross-thread reference: {@code ArrayBlockingQueue(1)}, producer thread to benchmark thread. */
    @Benchmark
    public long jucArrayBlockingQueue1() throws InterruptedException {
        return acrossThreads(new ArrayBlockingQueue<>(1));
    }

    /** Cross-thread reference: {@code SynchronousQueue}, producer thread to benchmark thread. */
    @Benchmark
    public long jucSynchronousQueue() throws InterruptedException {
        return acrossThreads(new SynchronousQueue<>());
    }

    private long acrossThreads(BlockingQueue<Integer> queue) throws InterruptedException {
        Integer[] toSend = items;
        producerThread.execute(() -> {
            try {
                for (Integer item : toSend) {
                    queue.put(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long sum = 0;
        for (int i = 0; i < ITEMS; i++) {
            sum += queue.take();
        }
        return sum;
    }
}
