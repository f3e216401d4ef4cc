package io.github.loopsync.loop;

import io.github.loopsync.internal.Acquisitions;
import io.github.loopsync.internal.CallSites;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.internal.WaitingOperation;
import io.github.loopsync.loop.engine.DebugHooks;
import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A loop's debug mode (asyncio's): records where callbacks, tasks and waiting futures were created
 * and where locks and permits were acquired, and reports to the loop's exception handler, as a
 * {@link LoopDebugWarning}, a callback that ran longer than the slow-callback threshold, a waiting
 * future with nothing chained on it when the callback that created it returned, and at close the
 * tasks still pending and the locks and permits still held. Exists only in debug mode: a loop
 * without it tests one field and does nothing more. Loop-confined, except {@link #posted}.
 */
final class DebugMonitor implements DebugHooks {

    /** Turns debug mode on for every loop whose builder does not say otherwise. */
    static final String DEBUG_PROPERTY = "loopsync.debug";
    /** The slow-callback threshold in milliseconds, for builders that do not set one. */
    static final String SLOW_CALLBACK_PROPERTY = "loopsync.debug.slowCallbackMillis";
    /** asyncio's default {@code slow_callback_duration}. */
    static final Duration DEFAULT_SLOW_CALLBACK = Duration.ofMillis(100);

    private final EventLoop loop;
    private final LoopClock clock;
    private final long slowCallbackNanos;
    /**
     * Where callbacks, tasks and waiting futures were created, by identity (none of them overrides
     * equals); weak keys, so that the record never keeps one alive.
     */
    private final Map<Object, StackTraceElement[]> sites = new WeakHashMap<>();
    /** The primitives bound to this loop, each with its registration number (reports keep that order). */
    private final Map<Acquisitions, Long> primitives = new WeakHashMap<>();
    private long registered;
    /** Waiting futures created by the running callback: checked when it returns. */
    private final List<LoopFuture<?>> createdThisStep = new ArrayList<>();
    private boolean inStep;

    DebugMonitor(EventLoop loop, LoopClock clock, Duration slowCallbackThreshold) {
        this.loop = loop;
        this.clock = clock;
        this.slowCallbackNanos = slowCallbackThreshold.toNanos();
    }

    // ---------------------------------------------------------------- recording sites

    /** A callback was scheduled on the loop thread ({@code callSoon}, {@code callLater}). */
    void scheduled(Runnable callback) {
        sites.put(callback, CallSites.capture());
    }

    /** A callback is posted from any thread: it carries its site, since the map is the loop's. */
    Runnable posted(Runnable callback) {
        return new PostedCallback(callback, CallSites.capture());
    }

    void taskCreated(Task<?> task) {
        sites.put(task, CallSites.capture());
    }

    /** A pending future was created on the loop thread; one from a waiting operation is watched. */
    void futureCreated(LoopFuture<?> future) {
        if (future instanceof Waiter || future instanceof WaitingOperation) {
            sites.put(future, CallSites.capture());
            if (inStep) {
                createdThisStep.add(future);
            }
        }
    }

    /** A primitive bound to the loop; in debug mode its probe carries its acquisitions. */
    void probeRegistered(ProgressProbe probe) {
        if (probe instanceof Acquisitions) {
            Acquisitions acquisitions = (Acquisitions) probe;
            acquisitions.siteSource(sites::get);
            primitives.put(acquisitions, registered++);
        }
    }

    // ---------------------------------------------------------------- steps

    @Override
    public long stepStarting() {
        inStep = true;
        return clock.nanoTime();
    }

    @Override
    public void stepFinished(Object entry, Task<?> task, long startedAt) {
        long elapsed = clock.nanoTime() - startedAt;
        inStep = false;
        if (!createdThisStep.isEmpty()) {
            reportUnchained(entry, task);
        }
        if (elapsed >= slowCallbackNanos) {
            StackTraceElement[] site = siteOf(entry, task);
            warn(LoopDebugWarning.Kind.SLOW_CALLBACK, describeStep(entry, task) + " ran for " + millis(elapsed)
                    + " and blocked the loop (slow-callback threshold: " + millis(slowCallbackNanos) + "); created at "
                    + CallSites.describe(site), site, task);
        }
    }

    private void reportUnchained(Object entry, Task<?> task) {
        List<LoopFuture<?>> created = new ArrayList<>(createdThisStep);
        createdThisStep.clear();
        for (LoopFuture<?> future : created) {
            if (!future.hasDependents() && !future.isCompletedExceptionally()) {
                StackTraceElement[] site = sites.get(future);
                warn(LoopDebugWarning.Kind.UNCHAINED_FUTURE, future + " was never chained on: nothing waited for it"
                        + " when the callback that created it (" + describeStep(entry, task) + ") returned, so the code"
                        + " after the call did not wait for it; created at " + CallSites.describe(site), site, task);
            }
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * Reports each task not finished (one decided, with its delivery still queued, is finished),
     * then each watched waiter still parked (a latch's), before the close cancels them.
     */
    @Override
    public void closing(List<Task<?>> unfinished) {
        for (Task<?> task : unfinished) {
            if (task.isDone()) {
                continue;                               // decided, its delivery still queued
            }
            StackTraceElement[] site = sites.get(task);
            warn(LoopDebugWarning.Kind.PENDING_AT_CLOSE, "task " + task.name() + " was still pending when " + loop
                    + " began to close, which cancels it; created at " + CallSites.describe(site), site, task);
        }
        for (Acquisitions primitive : boundInOrder()) {
            List<LoopFuture<?>> parked = primitive.stillParked();
            for (int i = 0; i < parked.size(); i++) {
                LoopFuture<?> waiter = parked.get(i);
                StackTraceElement[] site = primitive.siteOf(waiter);
                String which = parked.size() > 1 ? " (" + (i + 1) + " of " + parked.size() + " waiters)" : "";
                String by = waiter.task() != null ? " a call by task " + waiter.task().name() : " a call outside any task";
                warn(LoopDebugWarning.Kind.PENDING_AT_CLOSE, "a wait was still pending at close", primitive.describe()
                        + " still had a waiter parked when " + loop + " began to close" + which + ": waiting since"
                        + by + " at " + CallSites.describe(site), site, waiter.task());
            }
        }
    }

    /** Reports every lock, permit, read hold and token still held. */
    @Override
    public void closed() {
        for (Acquisitions primitive : boundInOrder()) {
            List<Acquisitions.Held> held = primitive.stillHeld();
            for (int i = 0; i < held.size(); i++) {
                Acquisitions.Held one = held.get(i);
                StackTraceElement[] site = one.site();
                String which = held.size() > 1 ? " (" + (i + 1) + " of " + held.size() + " acquisitions not released)" : "";
                warn(LoopDebugWarning.Kind.HELD_AT_CLOSE, primitive.describe() + " was still held when the loop closed"
                        + which + ": " + one.describe() + " at " + CallSites.describe(site), site, one.task());
            }
        }
    }

    /** The primitives bound to this loop, in the order they bound. */
    private List<Acquisitions> boundInOrder() {
        List<Map.Entry<Acquisitions, Long>> bound = new ArrayList<>(primitives.entrySet());
        bound.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        List<Acquisitions> ordered = new ArrayList<>(bound.size());
        for (Map.Entry<Acquisitions, Long> entry : bound) {
            ordered.add(entry.getKey());
        }
        return ordered;
    }

    // ---------------------------------------------------------------- descriptions

    private StackTraceElement[] siteOf(Object entry, Task<?> task) {
        if (entry instanceof PostedCallback) {
            return ((PostedCallback) entry).site;
        }
        StackTraceElement[] site = entry instanceof LoopFuture ? null : sites.get(entry);
        if (site == null && task != null) {
            site = sites.get(task);
        }
        return site;
    }

    /** A readable name for a ready entry: never a lambda's class name. */
    static String describeStep(Object entry, Task<?> task) {
        if (entry instanceof LoopFuture) {
            return task != null ? "the step of task " + task.name() + " resuming after " + entry
                    : "the dependents of " + entry;
        }
        if (entry instanceof PostedCallback) {
            return "callback " + describeCallback(((PostedCallback) entry).callback) + " posted from another thread";
        }
        String text = describeCallback(entry);
        return task != null ? "callback " + text + " of task " + task.name() : "callback " + text;
    }

    private static String describeCallback(Object callback) {
        Class<?> type = callback.getClass();
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            return "(a lambda in " + simpleName(name.substring(0, lambda)) + ")";
        }
        String text = String.valueOf(callback);
        if (text.startsWith(name + "@")) {                // Object.toString(): say what it is instead
            Class<?> enclosing = type.getEnclosingClass();
            return type.isAnonymousClass() && enclosing != null
                    ? "(an anonymous class in " + simpleName(enclosing.getName()) + ")" : "(a " + simpleName(name) + ")";
        }
        return "'" + text + "'";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String millis(long nanos) {
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : String.format("%.1f ms", nanos / 1e6);
    }

    private void warn(LoopDebugWarning.Kind kind, String message, StackTraceElement[] site, Task<?> task) {
        warn(kind, headline(kind), message, site, task);
    }

    private void warn(LoopDebugWarning.Kind kind, String headline, String message, StackTraceElement[] site, Task<?> task) {
        loop.reportError("debug mode: " + headline, new LoopDebugWarning(kind, message,
                site != null ? site : new StackTraceElement[0]), task);
    }

    /** The handler's message per kind; the warning itself says the rest. */
    private static String headline(LoopDebugWarning.Kind kind) {
        return switch (kind) {
            case SLOW_CALLBACK -> "a callback blocked the loop";
            case UNCHAINED_FUTURE -> "a waiting future was never chained on";
            case HELD_AT_CLOSE -> "a lock or permit was still held at close";
            case PENDING_AT_CLOSE -> "a task was still pending at close";
        };
    }

    /** A callback posted from another thread, with the poster's site. */
    static final class PostedCallback implements Runnable {
        final Runnable callback;
        final StackTraceElement[] site;

        PostedCallback(Runnable callback, StackTraceElement[] site) {
            this.callback = callback;
            this.site = site;
        }

        @Override
        public void run() {
            callback.run();
        }

        @Override
        public String toString() {
            return callback.toString();
        }
    }
}
