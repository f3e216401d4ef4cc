package io.github.loopsync.internal;

import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Builds the primitives' progress probes and their asyncio-style descriptions. */
public final class Probes {

    private Probes() {
    }

    /**
     * A probe over one primitive.
     *
     * @param primitive described by its {@code toString()}
     * @param parkedWaiters counts the parked waiters
     * @param lostWakeup the primitive's lost-wake-up predicate
     * @return the probe
     */
    public static ProgressProbe of(Object primitive, IntSupplier parkedWaiters, BooleanSupplier lostWakeup) {
        return of(primitive, parkedWaiters, lostWakeup, List::of, List::of);
    }

    /**
     * The tasks parked in any of {@code queues}, each once, oldest queue first.
     *
     * @param queues the primitive's wait queues
     * @return the waiting tasks
     */
    public static List<Task<?>> tasks(WaitQueue<?>... queues) {
        java.util.Set<Task<?>> tasks = new java.util.LinkedHashSet<>();
        for (WaitQueue<?> queue : queues) {
            tasks.addAll(queue.tasks());
        }
        return List.copyOf(tasks);
    }

    /**
     * A probe over a primitive that knows its holders, for deadlock reports.
     *
     * @param primitive described by its {@code toString()}
     * @param parkedWaiters counts the parked waiters
     * @param lostWakeup the primitive's lost-wake-up predicate
     * @param holders the tasks holding it
     * @param waitingTasks the tasks parked on it
     * @return the probe
     */
    public static ProgressProbe of(Object primitive, IntSupplier parkedWaiters, BooleanSupplier lostWakeup,
            Supplier<List<Task<?>>> holders, Supplier<List<Task<?>>> waitingTasks) {
        return new ProgressProbe() {
            @Override
            public List<Task<?>> holders() {
                return holders.get();
            }

            @Override
            public List<Task<?>> waitingTasks() {
                return waitingTasks.get();
            }

            @Override
            public String describe() {
                return primitive.toString();
            }

            @Override
            public int parkedWaiters() {
                return parkedWaiters.getAsInt();
            }

            @Override
            public boolean lostWakeup() {
                return lostWakeup.getAsBoolean();
            }

            @Override
            public String toString() {
                return "probe of " + primitive;
            }
        };
    }

    /**
     * {@code Name[state]} or {@code Name[state, waiters:N]}, like asyncio's repr.
     *
     * @param name the type's name
     * @param state the state words
     * @param waiters the parked waiters
     * @return the description
     */
    public static String describe(String name, String state, int waiters) {
        return name + "[" + state + (waiters > 0 ? ", waiters:" + waiters : "") + "]";
    }
}
