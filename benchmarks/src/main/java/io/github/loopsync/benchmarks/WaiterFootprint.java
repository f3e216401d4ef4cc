package io.github.loopsync.benchmarks;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.sync.AsyncEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bytes per parked waiter, measured on the heap (not by JMH): parks {@code n} waiters on one
 * {@link AsyncEvent} and reports, per waiter, the bytes <em>retained</em> while they are parked
 * (live heap after a full GC, minus the same before parking) and the bytes <em>allocated</em> by
 * parking them (the thread's allocation counter, which also counts garbage).
 *
 * <p>Three shapes are measured: a bare {@code await()} future; an {@code await()} future with one
 * dependent stage (the continuation a task chains on it), which is the shape the fan-out benchmark
 * wakes; and a whole task whose body awaits the event, the closest match to an asyncio task
 * blocked in {@code await event.wait()}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.loopsync.benchmarks.WaiterFootprint [n]}
 * prints one JSON object on standard output. Run it in a JVM of its own: the live-heap figure is
 * only meaningful when nothing else allocates.
 */
public final class WaiterFootprint {

    /** The shape name of a bare {@code await()} future. */
    public static final String BARE_AWAIT = "await() future";

    /** The shape name of an {@code await()} future with one dependent stage. */
    public static final String AWAIT_WITH_DEPENDENT_STAGE = "await() future + one dependent stage";

    /** The shape name of a task whose body awaits the event. */
    public static final String TASK_AWAITING = "task blocked in await()";

    private WaiterFootprint() {
    }

    /** One shape's figures. */
    static final class Measurement {
        final String shape;
        final int waiters;
        final double retainedBytesPerWaiter;
        final double allocatedBytesPerWaiter;

        Measurement(String shape, int waiters, double retainedBytesPerWaiter, double allocatedBytesPerWaiter) {
            this.shape = shape;
            this.waiters = waiters;
            this.retainedBytesPerWaiter = retainedBytesPerWaiter;
            this.allocatedBytesPerWaiter = allocatedBytesPerWaiter;
        }

        String toJson() {
            return String.format(Locale.ROOT,
                    "{\"shape\": \"%s\", \"waiters\": %d, \"retainedBytesPerWaiter\": %.1f, \"allocatedBytesPerWaiter\": %.1f}",
                    shape, waiters, retainedBytesPerWaiter, allocatedBytesPerWaiter);
        }
    }

    /**
     * Measures and prints the figures as JSON.
     *
     * @param args optionally the number of waiters (default 1,000,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        if (n < 1) {
            throw new IllegalArgumentException("waiters: " + n + " (expected: >= 1)");
        }
        List<Measurement> results = measureAll(n);
        StringBuilder json = new StringBuilder("{\"jvm\": \"").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append("\", \"measurements\": [");
        for (int i = 0; i < results.size(); i++) {
            json.append(i == 0 ? "\n  " : ",\n  ").append(results.get(i).toJson());
        }
        System.out.println(json.append("\n]}"));
    }

    /**
     * Measures every shape, each on a fresh loop on the calling thread.
     *
     * @param n how many waiters to park per shape
     * @return the figures, one per shape
     */
    static List<Measurement> measureAll(int n) {
        List<Measurement> results = new ArrayList<>();
        // A first pass warms up the code paths so that class loading is not counted.
        measure("warm-up", Math.min(n, 10_000), WaiterFootprint::bareAwait);
        results.add(measure(BARE_AWAIT, n, WaiterFootprint::bareAwait));
        results.add(measure(AWAIT_WITH_DEPENDENT_STAGE, n, WaiterFootprint::awaitWithContinuation));
        results.add(measure(TASK_AWAITING, n, WaiterFootprint::taskAwaiting));
        return results;
    }

    /** Parks {@code n} waiters of one shape on an event; the returned object keeps them alive. */
    private interface Shape {
        Object park(EventLoop loop, AsyncEvent event, int n);
    }

    private static Object bareAwait(EventLoop loop, AsyncEvent event, int n) {
        for (int i = 0; i < n; i++) {
            event.await();
        }
        return null;
    }

    private static Object awaitWithContinuation(EventLoop loop, AsyncEvent event, int n) {
        int[] woken = {0};
        for (int i = 0; i < n; i++) {
            LoopFuture<Void> wait = event.await();
            wait.thenRun(() -> woken[0]++);
        }
        return woken;
    }

    private static Object taskAwaiting(EventLoop loop, AsyncEvent event, int n) {
        for (int i = 0; i < n; i++) {
            loop.createTask(event::await);
        }
        return null;
    }

    private static Measurement measure(String name, int n, Shape shape) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (EventLoop loop = EventLoop.builder().name("footprint").build()) {
            AsyncEvent event = new AsyncEvent();
            Object[] keep = new Object[1];
            // Bind the event and let the loop allocate its own structures before the baseline.
            loop.runUntilComplete(() -> {
                event.await();
                return loop.done();
            });
            loop.runUntilIdle();
            long liveBefore = liveHeap(memory);
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            loop.runUntilComplete(() -> {
                keep[0] = shape.park(loop, event, n);
                return loop.done();
            });
            // Tasks start in the next steps: run them until they are parked.
            loop.runUntilIdle();
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            long liveAfter = liveHeap(memory);
            int parked = event.waiters() - 1;
            if (parked != n) {
                throw new IllegalStateException(name + ": expected " + n + " parked waiters, found " + parked);
            }
            Reference.reachabilityFence(keep);
            Reference.reachabilityFence(event);
            Measurement result = new Measurement(name, n, (liveAfter - liveBefore) / (double) n, allocated / (double) n);
            loop.runUntilComplete(() -> {
                event.set();
                return loop.done();
            });
            return result;
        }
    }

    private static long liveHeap(MemoryMXBean memory) {
        // Two full collections: the second finds what finalization or reference processing freed.
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
