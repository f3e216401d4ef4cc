package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One run of a scenario, handed to the scenario body: the controlled loop it runs on, and the
 * checks to make after every step and at the end. A body builds fresh state for every run.
 *
 * <p><b>Loop confinement.</b> Use it on the loop's thread, from the scenario body.
 */
public final class RaceRun {

    /** A simulated event from outside the loop. */
    static final class External {
        final String name;
        final Runnable action;

        External(String name, Runnable action) {
            this.name = name;
            this.action = action;
        }
    }

    /** A named invariant. */
    static final class Invariant {
        final String name;
        final BooleanSupplier holds;

        Invariant(String name, BooleanSupplier holds) {
            this.name = name;
            this.holds = holds;
        }
    }

    private final EventLoop loop;
    /** Takes the primitives the scenario describes: the controlled run checks them after every step. */
    private final java.util.function.Consumer<UserPrimitive> watcher;
    final List<Invariant> invariants = new ArrayList<>();
    /** Simulated events from outside the loop that have not arrived yet, in arrival order. */
    final List<External> externals = new ArrayList<>();
    final List<Runnable> endChecks = new ArrayList<>();
    boolean allowLeftoverTasks;
    /** Classes whose frames "suspended at" skips, besides those marked {@link RaceHelper}. */
    final java.util.Set<Class<?>> helpers = new java.util.HashSet<>();

    RaceRun(EventLoop loop, java.util.function.Consumer<UserPrimitive> watcher) {
        this.loop = loop;
        this.watcher = watcher;
    }

    /**
     * The controlled loop: virtual time, the harness's choice of the next ready callback.
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Checks {@code holds} after every step; the run fails at the first step where it is false.
     *
     * @param name what the invariant says, for the report
     * @param holds the predicate
     * @return this run
     */
    public RaceRun invariant(String name, BooleanSupplier holds) {
        invariants.add(new Invariant(Objects.requireNonNull(name, "name"), Objects.requireNonNull(holds, "holds")));
        return this;
    }

    /**
     * Runs {@code check} once the main stage has completed and the loop is idle; an {@link
     * AssertionError} or exception from it fails the run.
     *
     * @param check the end-of-run check
     * @return this run
     */
    public RaceRun atEnd(Runnable check) {
        endChecks.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    /**
     * Schedules a simulated external event (an I/O completion, a post from another thread): it
     * runs on the loop as a posted callback, at a step the harness chooses. By default it arrives
     * at once; exploration delays it past any number of steps. Each event is its own independent
     * source, so events held back together may arrive in any order (two replies to requests sent
     * in one step may come back either way round); by default they arrive in the order they were
     * scheduled. To keep two events in order, schedule the second from the first's action.
     *
     * @param name what the event is, for the report
     * @param action what it does on the loop (complete a future, put an item, ...)
     * @return this run
     */
    public RaceRun external(String name, Runnable action) {
        externals.add(new External(Objects.requireNonNull(name, "name"), Objects.requireNonNull(action, "action")));
        return this;
    }

    /**
     * Judges a primitive of your own like loopsync's: its progress predicate after every step
     * (a lost wake-up fails the run at its step), and its waiters and holders in the deadlock,
     * wait-for and leak reports. Describe it once per run, when the scenario creates it.
     *
     * @param primitive the description
     * @return this run
     */
    public RaceRun watch(UserPrimitive primitive) {
        watcher.accept(Objects.requireNonNull(primitive, "primitive"));
        return this;
    }

    /**
     * Lets tasks still be waiting when the main stage has completed (for example background
     * workers); by default that is reported as a leak.
     *
     * @return this run
     */
    public RaceRun allowLeftoverTasks() {
        allowLeftoverTasks = true;
        return this;
    }

    /**
     * Declares helper classes: where a task suspended is shown as the first frame outside the
     * library and outside these classes (and their nested classes), so a report points at the line
     * that called the helper. Classes marked {@link RaceHelper} need no declaration.
     *
     * @param classes the helper classes
     * @return this run
     */
    public RaceRun helpers(Class<?>... classes) {
        for (Class<?> type : classes) {
            helpers.add(Objects.requireNonNull(type, "helper class"));
        }
        return this;
    }
}
