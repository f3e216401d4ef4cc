package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Describes a synchronization primitive of your own to the harness, so that it is judged like
 * loopsync's primitives: its progress predicate is checked after every step (a lost wake-up is
 * reported at the step it happens, even when a pending timer would let the run go on), and the
 * deadlock and leak reports show who waits for it and who holds it.
 *
 * <p>Example: a gate of your own, described in the scenario that uses it:
 * <pre>{@code
 * Gate gate = new Gate();
 * run.watch(UserPrimitive.named("Gate")
 *         .state(gate::toString)                 // Gate[open, waiters:1]
 *         .waiters(gate::waiterFutures)          // the futures its open() completes
 *         .freeWhen(gate::isOpen));              // open with a waiter parked: a lost wake-up
 * }</pre>
 *
 * <p><b>Waiters.</b> {@link #waiters} gives the futures the primitive keeps for its waiters. A
 * waiter whose future is not done is parked; one whose future is done but is still in the
 * collection is being handed the primitive (granted, not yet resumed). A waiter future that is a
 * loop future ({@code loop.createFuture()}) is attributed to the task that created it, which is
 * the task that waits in the usual shape of a primitive; these tasks are the wait-for graph's
 * edges.
 *
 * <p><b>Progress.</b> {@link #freeWhen} states when the primitive could satisfy a waiter (a lock
 * is unlocked, a gate is open, a permit is left); then a parked waiter with no hand-off in flight
 * is a lost wake-up. For other rules, {@link #lostWakeupWhen} replaces that predicate.
 *
 * <p><b>Loop confinement.</b> Create and register it in the scenario body, on the loop's thread,
 * once per run; the harness calls the suppliers on the loop's thread between steps. They must only
 * read state, never change it.
 */
public final class UserPrimitive {

    private final String name;
    private Supplier<String> state;
    private Supplier<? extends Collection<? extends Future<?>>> waiters = List::of;
    private Supplier<? extends Collection<? extends Task<?>>> holders = List::of;
    private BooleanSupplier free;
    private BooleanSupplier lostWakeup;

    private UserPrimitive(String name) {
        this.name = name;
    }

    /**
     * Starts the description of a primitive.
     *
     * @param name what reports call it, such as {@code NaiveGate}
     * @return the description, to complete and pass to {@link RaceRun#watch}
     * @throws IllegalArgumentException if the name is blank
     */
    public static UserPrimitive named(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("name: \"" + name + "\" (expected: a name such as NaiveGate)");
        }
        return new UserPrimitive(name);
    }

    /**
     * The primitive's state for reports, such as its {@code toString()}; by default its name and
     * the number of parked waiters.
     *
     * @param state reads the state
     * @return this description
     */
    public UserPrimitive state(Supplier<String> state) {
        this.state = Objects.requireNonNull(state, "state");
        return this;
    }

    /**
     * The futures the primitive keeps for its waiters, oldest first, including those it has
     * completed whose task has not resumed yet.
     *
     * @param waiters reads the waiter futures
     * @return this description
     */
    public UserPrimitive waiters(Supplier<? extends Collection<? extends Future<?>>> waiters) {
        this.waiters = Objects.requireNonNull(waiters, "waiters");
        return this;
    }

    /**
     * The tasks holding the primitive (a lock's owner), if it keeps track: the targets of the
     * wait-for edges, and a leak when a holder has finished.
     *
     * @param holders reads the holders
     * @return this description
     */
    public UserPrimitive holders(Supplier<? extends Collection<? extends Task<?>>> holders) {
        this.holders = Objects.requireNonNull(holders, "holders");
        return this;
    }

    /**
     * When the primitive could satisfy a waiter: while this holds, a parked waiter with no
     * hand-off in flight is a lost wake-up.
     *
     * @param free whether the primitive is free
     * @return this description
     */
    public UserPrimitive freeWhen(BooleanSupplier free) {
        this.free = Objects.requireNonNull(free, "free");
        return this;
    }

    /**
     * A progress predicate of your own, in place of {@link #freeWhen}'s: true when the
     * primitive has lost a wake-up. It must be false for a correct primitive between any two
     * steps.
     *
     * @param lostWakeup whether progress is lost
     * @return this description
     */
    public UserPrimitive lostWakeupWhen(BooleanSupplier lostWakeup) {
        this.lostWakeup = Objects.requireNonNull(lostWakeup, "lostWakeup");
        return this;
    }

    /**
     * The user primitives of one run: their probes join the run's, and while any is watched, each
     * loop future created is attributed to the task that created it.
     */
    static final class Watched {
        private final List<ProgressProbe> probes;
        private Map<Object, Task<?>> creators;

        Watched(List<ProgressProbe> probes) {
            this.probes = probes;
        }

        void watch(UserPrimitive primitive) {
            if (creators == null) {
                creators = new IdentityHashMap<>();     // only runs that watch a primitive pay for it
            }
            Map<Object, Task<?>> byFuture = creators;
            probes.add(primitive.probe(byFuture::get));
        }

        /** Called for every loop future created: cheap unless a user primitive is watched. */
        void futureCreated(EventLoop loop, LoopFuture<?> future) {
            if (creators != null && loop.currentTask() != null) {
                creators.put(future, loop.currentTask());
            }
        }
    }

    /** The probe the harness checks, with waiter futures attributed to tasks by {@code creator}. */
    ProgressProbe probe(Function<Object, Task<?>> creator) {
        return new ProgressProbe() {
            @Override
            public String describe() {
                return state != null ? state.get() : name + "[waiters:" + parkedWaiters() + "]";
            }

            @Override
            public int parkedWaiters() {
                int parked = 0;
                for (Future<?> waiter : waiters.get()) {
                    if (!waiter.isDone()) {
                        parked++;
                    }
                }
                return parked;
            }

            @Override
            public boolean lostWakeup() {
                if (lostWakeup != null) {
                    return lostWakeup.getAsBoolean();
                }
                if (free == null || !free.getAsBoolean()) {
                    return false;
                }
                boolean parked = false;
                for (Future<?> waiter : waiters.get()) {
                    if (waiter.isDone()) {
                        return false;                   // a hand-off is in flight
                    }
                    parked = true;
                }
                return parked;
            }

            @Override
            public List<Task<?>> holders() {
                return new ArrayList<>(holders.get());
            }

            @Override
            public List<Task<?>> waitingTasks() {
                List<Task<?>> tasks = new ArrayList<>();
                for (Future<?> waiter : waiters.get()) {
                    Task<?> task = waiter.isDone() ? null : creator.apply(waiter);
                    if (task != null && !tasks.contains(task)) {
                        tasks.add(task);
                    }
                }
                return tasks;
            }

            @Override
            public String toString() {
                return describe();
            }
        };
    }
}
