package io.github.loopsync.internal;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Debug mode's record of what a primitive has handed out and not taken back (a lock, a permit, a
 * read hold, a token), each with the place of the {@code acquire()} (or {@code tryAcquire()}) that
 * took it and the task that took it, so that a loop closing with a lock still held can say who took
 * it; and, for a primitive whose waiters are themselves the leftover (a latch), the waiters still
 * parked. It stands in for the primitive's progress probe when the primitive binds to a loop in
 * debug mode (every probe method delegates), which is how the loop finds it. Exists only in debug
 * mode. Loop-confined.
 *
 * <p>Which acquisition a release gives back: a lock has one at a time; a semaphore's permits are
 * anonymous, so a release retires the releasing holder's newest acquisition of the same unit if it
 * has one, else the oldest one outstanding; a weighted release retires as many permits as it
 * gives back, the same way, shrinking an acquisition it gives back only part of.
 */
public final class Acquisitions implements ProgressProbe {

    /** What one acquisition took, for the report. */
    public enum Unit {
        /** A lock or one semaphore permit: the report names no unit. */
        PLAIN(null),
        /** A read hold of a read-write lock. */
        READ_HOLD("a read hold"),
        /** The write lock of a read-write lock. */
        WRITE_LOCK("the write lock"),
        /** Several permits of a weighted semaphore at once; the report counts them. */
        PERMITS(null),
        /** A capacity limiter's token; its holder is the borrower. */
        TOKEN("a token");

        private final String phrase;

        Unit(String phrase) {
            this.phrase = phrase;
        }
    }

    /** One acquisition not yet given back. */
    public static final class Held {
        private final StackTraceElement[] site;
        private final Task<?> task;
        /** The waiter it was granted to, or null for a fast path; how a returned grant finds it. */
        private final Object waiter;
        /** Who holds it: the task, or the borrower a limiter lent it to; null for a plain callback. */
        private final Object holder;
        private Unit unit;
        /** How many units it still holds (permits of a weighted semaphore; else 1). */
        private int amount;

        Held(StackTraceElement[] site, Task<?> task, Object waiter, Object holder, Unit unit, int amount) {
            this.site = site;
            this.task = task;
            this.waiter = waiter;
            this.holder = holder;
            this.unit = unit;
            this.amount = amount;
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

        /**
         * What was taken and by whom, for the report: {@code "acquired by task a"}, {@code "a read
         * hold acquired by task reader"}, {@code "3 permits acquired by task job"}, {@code "a token
         * lent to borrower task fetch"}, {@code "... outside any task"}.
         *
         * @return the phrase
         */
        public String describe() {
            String by = holder instanceof Task ? "task " + ((Task<?>) holder).name() : String.valueOf(holder);
            if (unit == Unit.TOKEN) {
                return unit.phrase + " lent to borrower " + by;
            }
            String what = unit == Unit.PERMITS ? amount + (amount == 1 ? " permit " : " permits ")
                    : unit.phrase != null ? unit.phrase + " " : "";
            return what + "acquired" + (holder != null ? " by " + by : " outside any task");
        }
    }

    private final ProgressProbe probe;
    private final BooleanSupplier idle;
    private final List<Held> held = new ArrayList<>(2);
    /** Waiters reported if still parked at close, oldest first (identity: futures keep Object's equals). */
    private final Set<LoopFuture<?>> parked = new LinkedHashSet<>();
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
        acquiredNow(task, Unit.PLAIN, 1, task);
    }

    /**
     * The caller took {@code amount} of {@code unit} at once, for {@code holder}.
     *
     * @param task the running task, or {@code null}
     * @param unit what it took
     * @param amount how many (permits of a weighted semaphore; else 1)
     * @param holder who holds it: the task, or a limiter's borrower
     */
    public void acquiredNow(Task<?> task, Unit unit, int amount, Object holder) {
        held.add(new Held(CallSites.capture(), task, null, holder, unit, amount));
    }

    /**
     * The resource was handed to a parked waiter: it now holds it (its grant may still come back).
     *
     * @param waiter the waiter
     */
    public void granted(LoopFuture<?> waiter) {
        granted(waiter, Unit.PLAIN, 1, waiter.task());
    }

    /**
     * {@code amount} of {@code unit} was handed to a parked waiter, for {@code holder}.
     *
     * @param waiter the waiter
     * @param unit what it was handed
     * @param amount how many (permits of a weighted semaphore; else 1)
     * @param holder who holds it: the waiter's task, or a limiter's borrower
     */
    public void granted(LoopFuture<?> waiter, Unit unit, int amount, Object holder) {
        StackTraceElement[] site = waiterSites.apply(waiter);
        held.add(new Held(site != null ? site : CallSites.capture(), waiter.task(), waiter, holder, unit, amount));
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
        released(task, Unit.PLAIN, 1);
    }

    /**
     * {@code amount} of {@code unit} was given back by or for {@code holder}: retires that much,
     * first from the holder's newest acquisitions of that unit, then from the oldest ones.
     *
     * @param holder the releasing task or borrower, or {@code null}
     * @param unit what was given back
     * @param amount how many
     */
    public void released(Object holder, Unit unit, int amount) {
        int left = amount;
        for (int i = held.size() - 1; i >= 0 && left > 0 && holder != null; i--) {
            Held one = held.get(i);
            if (one.unit == unit && Objects.equals(one.holder, holder)) {
                left = retire(i, left);
            }
        }
        for (int i = 0; i < held.size() && left > 0; ) {
            int before = held.size();
            if (held.get(i).unit == unit) {
                left = retire(i, left);
            }
            if (held.size() == before) {
                i++;
            }
        }
    }

    /** Takes up to {@code left} units from the acquisition at {@code index}; returns what is still to retire. */
    private int retire(int index, int left) {
        Held one = held.get(index);
        int taken = Math.min(left, one.amount);
        one.amount -= taken;
        if (one.amount == 0) {
            held.remove(index);
        }
        return left - taken;
    }

    /**
     * The one acquisition of {@code from} becomes one of {@code to}, keeping its site and holder (a
     * read-write lock's downgrade).
     *
     * @param from what it was
     * @param to what it is now
     */
    public void converted(Unit from, Unit to) {
        for (Held one : held) {
            if (one.unit == from) {
                one.unit = to;
                return;
            }
        }
    }

    /**
     * The acquisitions not given back, oldest first; empty when the primitive is idle.
     *
     * @return a snapshot
     */
    public List<Held> stillHeld() {
        return idle.getAsBoolean() ? List.of() : List.copyOf(held);
    }

    /**
     * A waiter parked that the loop should report if it is still parked at close (a latch's).
     *
     * @param waiter the waiter
     */
    public void parked(LoopFuture<?> waiter) {
        parked.add(waiter);
    }

    /**
     * A watched waiter left the queue: it was released, withdrawn or cancelled.
     *
     * @param waiter the waiter
     */
    public void unparked(LoopFuture<?> waiter) {
        parked.remove(waiter);
    }

    /** Every watched waiter was released. */
    public void allUnparked() {
        parked.clear();
    }

    /**
     * The watched waiters still parked and not done, oldest first.
     *
     * @return a snapshot
     */
    public List<LoopFuture<?>> stillParked() {
        List<LoopFuture<?>> still = new ArrayList<>(parked.size());
        for (LoopFuture<?> waiter : parked) {
            if (!waiter.isDone()) {
                still.add(waiter);
            }
        }
        return still;
    }

    /**
     * Where a waiting future was created, as the loop recorded it.
     *
     * @param waiter the future
     * @return the site, or {@code null} if none was recorded
     */
    public StackTraceElement[] siteOf(LoopFuture<?> waiter) {
        return waiterSites.apply(waiter);
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
