package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.LoopHost;
import io.github.loopsync.netty.NettyLoops;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncLock;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same lock hand-off among 100 tasks ({@link HandoffBenchmark}) and {@code AsyncQueue(1)}
 * ping-pong ({@link QueuePingPongBenchmark}) on a loop with its own thread and on hosted loops:
 * one hosted by a single-threaded scheduled executor ({@link LoopHost#of}) and one hosted by a
 * Netty NIO event loop ({@link NettyLoops}). Each invocation submits the whole scenario from the
 * benchmark thread and waits for it, so every row pays the same two cross-thread hand-overs per
 * 100,000 operations; the figure is the cost of one hand-off or one item.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HostedLoopBenchmark {

    /** Operations per invocation: acquisitions, or items moved. */
    static final int OPERATIONS = 100_000;

    /** Where the loop runs: a thread of its own, a scheduled executor, or a Netty event loop. */
    @Param({"own-thread", "executor", "netty"})
    public String host;

    private EventLoop loop;
    private ScheduledExecutorService executor;
    private MultiThreadIoEventLoopGroup netty;
    private final Integer[] items = new Integer[OPERATIONS];

    {
        for (int i = 0; i < OPERATIONS; i++) {
            items[i] = i;
        }
    }

    /** Starts the loop on its host. */
    @Setup(Level.Trial)
    public void start() {
        switch (host) {
            case "own-thread":
                loop = EventLoop.builder().name("own-thread").daemon(true).start();
                break;
            case "executor":
                executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "executor-host");
                    thread.setDaemon(true);
                    return thread;
                });
                loop = EventLoop.builder().name("executor-hosted").startOn(LoopHost.of(executor));
                break;
            case "netty":
                netty = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
                loop = NettyLoops.loopOf(netty.next());
                break;
            default:
                throw new IllegalArgumentException("host: " + host + " (expected: own-thread, executor or netty)");
        }
    }

    /** Closes the loop and stops its host. */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        loop.close();
        if (executor != null) {
            executor.shutdownNow();
        }
        if (netty != null) {
            netty.shutdownGracefully(0, 10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
    }

    /** Lock hand-off among 100 tasks: per acquisition. */
    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public int lockHandoff100() throws ExecutionException, InterruptedException {
        int tasks = 100;
        int rounds = OPERATIONS / tasks;
        return run(() -> {
            EventLoop on = EventLoop.current();
            AsyncLock lock = new AsyncLock();
            lock.acquire();
            List<LoopFuture<Void>> all = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                all.add(on.createTask(() -> HandoffBenchmark.rounds(lock::acquire, lock::release, rounds)));
            }
            return Tasks.yieldNow().thenCompose(queued -> {
                lock.release();
                return Tasks.gather(all);
            }).thenApply(v -> rounds * tasks);
        });
    }

    /** {@code AsyncQueue(1)} ping-pong: per item. */
    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public long queuePingPong1() throws ExecutionException, InterruptedException {
        return run(() -> {
            EventLoop on = EventLoop.current();
            AsyncQueue<Integer> queue = new AsyncQueue<>(1);
            QueuePingPongBenchmark.Consumer consumer = new QueuePingPongBenchmark.Consumer(queue, OPERATIONS);
            LoopFuture<?> consumed = on.createTask("consumer", consumer::start);
            LoopFuture<?> produced = on.createTask("producer",
                    () -> new QueuePingPongBenchmark.Producer(queue, items, false).start());
            return Tasks.<Object>gather(consumed, produced).thenApply(done -> consumer.sum);
        });
    }

    private <T> T run(Supplier<? extends CompletionStage<T>> scenario) throws ExecutionException, InterruptedException {
        return loop.submit(scenario).get();
    }
}
