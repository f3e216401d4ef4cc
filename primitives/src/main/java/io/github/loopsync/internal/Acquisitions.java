package io.github.loopsync.internal;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Debug mode's record of what a lock or semaphore has handed out and not taken back, each with the
 * place of the {@code acquire()} (or {@code tryAcquire()}) that took it and the task that took it,
 * so that a loop closing with a lock still held can say who took it. It stands in for the
 * primitive's progress probe when the primitive binds to a loop in debug mode (every probe method
 * delegates), which is how the loop finds it. Exists only in debug mode. Loop-confined.
 *
 * <p>Which acquisition a release gives back: a lock has one at a time; a semaphore's permits are
 * anonymous, so a release retires the releasing task's newest acquisition if it has one, else the
 * oldest one outstanding.
 */
public final class Acquisitions implements ProgressProbe {

    /** One acquisition not yet given back. */
    public static final class Held {
        private final StackTraceElement[] site;
        private final Task<?> task;
        /** The waiter it was granted to, or null for a fast path; how a returned grant finds it. */
        private final Object waiter;

        Held(StackTraceElement[] site, Task<?> task, Object waiter) {
            this.site = site;
            this.task = task;
            this.waiter = waiter;
        }

        /**
         * Where it was acquired.
         *
         * @return the captured call site, first the user's call; possibly empty
         */
        public StackTraceElement[] site() {
            return site.clone();
        }

        /**
         * The task that acquired it, if one did.
         *
         * @return the task, or {@code null} for a plain callback
         */
        public Task<?> task() {
            return task;
        }
    }

    private final ProgressProbe probe;
    private final BooleanSupplier idle;
    private final List<Held> held = new ArrayList<>(2);
    /** The sites of waiting futures, recorded by the loop when they were created. */
    private Function<Object, StackTraceElement[]> waiterSites = waiter -> null;

    /**
     * Creates the record of one primitive.
     *
     * @param probe the primitive's own probe, to which every probe method delegates
     * @param idle whether the primitive holds nothing (the loop checks it before reporting)
     */
    public Acquisitions(ProgressProbe probe, BooleanSupplier idle) {
        this.probe = probe;
        this.idle = idle;
    }

    /**
     * Tells the record where the sites of waiting futures come from; called by the loop.
     *
     * @param waiterSites the site of a waiting future, or {@code null} if none was recorded
     */
    public void siteSource(Function<Object, StackTraceElement[]> waiterSites) {
        this.waiterSites = waiterSites;
    }

    /**
     * The caller took the resource at once (a fast path or a successful {@code tryAcquire}).
     *
     * @param task the running task, or {@code null}
     */
    public void acquiredNow(Task<?> task) {
        held.add(new Held(CallSites.capture(), task, null));
    }

    /**
     * The resource was handed to a parked waiter: it now holds it (its grant may still come back).
     *
     * @param waiter the waiter
     */
    public void granted(LoopFuture<?> waiter) {
        StackTraceElement[] site = waiterSites.apply(waiter);
        held.add(new Held(site != null ? site : CallSites.capture(), waiter.task(), waiter));
    }

    /**
     * A waiter's grant came back (it was cancelled before it resumed): its acquisition is void.
     *
     * @param waiter the waiter
     */
    public void grantReturned(LoopFuture<?> waiter) {
        for (int i = 0; i < held.size(); i++) {
            if (held.get(i).waiter == waiter) {
                held.remove(i);
                return;
            }
        }
    }

    /**
     * The resource was released: retires one acquisition (see the class description).
     *
     * @param task the releasing task, or {@code null}
     */
    public void released(Task<?> task) {
        if (held.isEmpty()) {
            return;                                     // an unbounded semaphore given an extra permit
        }
        for (int i = held.size() - 1; i >= 0; i--) {
            if (task != null && held.get(i).task == task) {
                held.remove(i);
                return;
            }
        }
        held.remove(0);
    }

    /**
     * The acquisitions not given back, oldest first; empty when the primitive is idle.
     *
     * @return a snapshot
     */
    public List<Held> stillHeld() {
        return idle.getAsBoolean() ? List.of() : List.copyOf(held);
    }

    @Override
    public String describe() {
        return probe.describe();
    }

    @Override
    public int parkedWaiters() {
        return probe.parkedWaiters();
    }

    @Override
    public boolean lostWakeup() {
        return probe.lostWakeup();
    }

    @Override
    public List<Task<?>> holders() {
        return probe.holders();
    }

    @Override
    public List<Task<?>> waitingTasks() {
        return probe.waitingTasks();
    }

    @Override
    public String toString() {
        return probe.toString();
    }
}
