package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.TimerHandle;
import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ReadyPolicy;

/**
 * The loop's engine: the ready queue, the timers, the clock and the choice of the next callback.
 * One iteration takes in posts and due timers, then runs the callbacks that were ready when it
 * began. Loop-confined.
 *
 * <p>Ready entries are {@link Runnable}s, or {@link LoopFuture}s due for delivery. What a delivery
 * does, who owns it, how a timer handle is made and where errors go belong to the loop package;
 * the loop supplies them by subclassing.
 */
public abstract class Scheduler {

    private final EventLoop loop;
    private final LoopClock clock;
    private final ReadyPolicy readyPolicy;
    private final LoopListener listener;
    private final LoopInbox inbox;
    /** Debug mode's hooks, or null: then each callback costs one test of this field. */
    private final DebugHooks debug;
    final ReadyQueue ready = new ReadyQueue(this);
    /**
     * Whether ready entries carry their origin: only a ready policy other than FIFO reads it. A
     * FIFO loop stores none and never writes {@link #currentSource}, so that a step writes one
     * field of this long-lived object fewer (each such store of a young reference costs a fence
     * under G1; see ReadyQueue).
     */
    private final boolean tracksSources;
    /**
     * A plain loop: FIFO, without a listener or debug mode, where a step is nothing but its call
     * under the current task. Two shortcuts follow. An iteration that has only posts to run runs
     * them straight from the inbox instead of through the ready queue (those present when the
     * iteration began, in order, as through the queue). And a batch of ready entries runs in
     * {@link #runPlainBatch}, small enough for the JIT to compile into the iteration, instead of
     * through {@link #runOneCallback}, which it keeps as a call of its own: a callback's trip
     * through the loop 13.6 → 10.5 ns (RoundTripBenchmark; performance.md, "What a task waits on,
     * and a hand-off part by part"). Nothing reads the ready queue's {@code eligible} count here.
     */
    private final boolean plain;
    /** The pending timers. */
    public final TimerQueue timers;
    /** The task whose step or delivery runs right now, or null; written only by this class. */
    public Task<?> currentTask;
    /** The origin of the callback running now, or {@link #OUTSIDE} between callbacks. */
    private Object currentSource = OUTSIDE;
    /** The origin of what is scheduled while no callback runs. */
    private static final Object OUTSIDE = new Object() {
        @Override
        public String toString() {
            return "outside the loop's callbacks";
        }
    };
    /** The one origin of posts from other threads (they keep their order per thread). */
    private static final Object POSTS = new Object() {
        @Override
        public String toString() {
            return "posts";
        }
    };
    private long timerSequence;
    /** For a hosted loop between batches: asks the host for a batch; null otherwise. */
    private Runnable idleWake;

    /**
     * The scheduler of {@code loop}.
     *
     * @param loop the loop, passed to the listener
     * @param clock the loop's clock
     * @param readyPolicy chooses the next ready callback
     * @param listener told about every step, or null
     * @param inbox the loop's posts from other threads
     * @param timers the loop's timer heap
     * @param debug debug mode's hooks, or null when the loop is not in debug mode
     */
    protected Scheduler(EventLoop loop, LoopClock clock, ReadyPolicy readyPolicy, LoopListener listener, LoopInbox inbox,
            TimerQueue timers, DebugHooks debug) {
        this.loop = loop;
        this.debug = debug;
        this.timers = timers;
        this.clock = clock;
        this.readyPolicy = readyPolicy;
        this.tracksSources = readyPolicy != ReadyPolicy.FIFO;
        this.plain = readyPolicy == ReadyPolicy.FIFO && listener == null && debug == null;
        this.listener = listener;
        this.inbox = inbox;
    }

    /** Makes the handle of a new timer. */
    protected abstract TimerHandle newTimer(long deadline, long sequence, Runnable callback, Object source);

    /** The task a delivery runs for (the future's owner), or null. */
    protected abstract Task<?> ownerOf(LoopFuture<?> delivery);

    /** Delivers a decided future's outcome to its dependents. */
    protected abstract void deliver(LoopFuture<?> delivery);

    /**
     * Reports an error raised by a callback, a listener or the engine to the loop's exception
     * handler.
     *
     * @param message what raised
     * @param error the error
     * @param task the task it ran for, or null
     */
    public abstract void reportError(String message, Throwable error, Task<?> task);

    /**
     * Debug mode's hooks.
     *
     * @return the hooks, or null when the loop is not in debug mode
     */
    public DebugHooks debugHooks() {
        return debug;
    }

    /**
     * The loop's time.
     *
     * @return the clock's nanoseconds
     */
    public long now() {
        return clock.nanoTime();
    }

    /**
     * Appends a ready entry.
     *
     * @param entry a Runnable, or a LoopFuture due for delivery
     * @param origin the task a Runnable runs for, or null; null for a delivery, which runs for
     *     the future's owner at the time it runs
     */
    public void schedule(Object entry, Task<?> origin) {
        ready.add(entry, origin, tracksSources ? source() : null);
        if (idleWake != null) {
            idleWake.run();
        }
    }

    /** What scheduling now counts as coming from: the running task, else the running callback's origin. */
    private Object source() {
        return currentTask != null ? currentTask : currentSource;
    }

    /**
     * Schedules a timer.
     *
     * @param deadline the loop time it is due at
     * @param callback what it runs
     * @return its handle
     */
    public TimerHandle addTimer(long deadline, Runnable callback) {
        TimerHandle timer = newTimer(deadline, timerSequence++, callback, source());
        timers.add(timer);
        if (idleWake != null) {
            idleWake.run();
        }
        return timer;
    }

    /**
     * For a hosted loop: what to run when a callback or timer is scheduled while no batch runs
     * (the request for a batch), or null while a batch runs and for a loop with its own thread.
     *
     * @param wake the request, or null
     */
    public void idleWake(Runnable wake) {
        this.idleWake = wake;
    }

    /** The earliest timer's deadline, or Long.MAX_VALUE when no timer is pending. */
    long nextDeadline() {
        TimerHandle next = timers.peek();
        return next == null ? Long.MAX_VALUE : next.deadline();
    }

    /** What the clock says about waiting for {@code deadline}: see {@link LoopClock#idle}. */
    long idleNanos(long deadline) {
        return clock.idle(deadline);
    }

    /** True while anything is ready, pending on a timer, or posted. */
    boolean hasWork() {
        return ready.size() > 0 || timers.size() > 0 || !inbox.isEmpty();
    }

    /**
     * Runs one iteration. With nothing ready it lets the clock advance, or parks when {@code
     * mayBlock} (unless {@code honorStop} and a stop was requested), else returns 0.
     *
     * @return the number of callbacks run
     */
    int runIteration(boolean mayBlock, boolean honorStop) {
        for (;;) {
            if (plain && ready.size() == 0 && timers.peek() == null && !inbox.isEmpty()) {
                return runPostsInPlace();
            }
            takeInPosts();
            fireDueTimers();
            if (ready.size() > 0) {
                break;
            }
            TimerHandle next = timers.peek();
            long idleNanos = clock.idle(next == null ? Long.MAX_VALUE : next.deadline());
            if (idleNanos <= 0) {
                continue;
            }
            if (!mayBlock || (honorStop && inbox.isStopRequested())) {
                return 0;
            }
            inbox.park(idleNanos, honorStop);
        }
        int count = ready.size();
        if (plain) {
            return runPlainBatch(count);
        }
        for (int i = 0; i < count && ready.size() > 0; i++) {
            ready.eligible = count - i;
            runOneCallback();
        }
        return count;
    }

    /**
     * A plain loop's batch (see {@link #plain}): what {@link #runOneCallback} does for each of
     * {@code count} entries when there is no ready policy, listener, debug mode or source to serve.
     */
    private int runPlainBatch(int count) {
        ReadyQueue queue = ready;
        for (int i = 0; i < count && queue.size() > 0; i++) {
            Object stored = queue.removeStored(0);
            Object entry = ReadyQueue.entryOf(stored);
            try {
                if (entry instanceof LoopFuture) {
                    LoopFuture<?> delivery = (LoopFuture<?>) entry;
                    currentTask = ownerOf(delivery);
                    deliver(delivery);
                } else {
                    currentTask = ReadyQueue.taskOf(stored);
                    ((Runnable) entry).run();
                }
            } catch (Throwable error) {
                reportStepError(entry, error, currentTask);
            } finally {
                currentTask = null;
            }
        }
        return count;
    }

    private void reportStepError(Object entry, Throwable error, Task<?> task) {
        reportError(entry instanceof LoopFuture ? "a dependent of " + entry + " raised" : "callback " + entry + " raised",
                error, task);
    }

    /**
     * An iteration of posts alone: runs each post present now, in order, as {@link
     * #runOneCallback} would run it from the ready queue (no task, errors to the handler).
     */
    private int runPostsInPlace() {
        MpscInbox.Node last = inbox.newest();
        int ran = 0;
        Runnable posted;
        while ((posted = inbox.pollThrough(last)) != null) {
            ran++;
            try {
                posted.run();
            } catch (Throwable error) {
                reportError("callback " + posted + " raised", error, null);
            }
        }
        return ran;
    }

    private void takeInPosts() {
        Runnable posted;
        while ((posted = inbox.poll()) != null) {
            ready.add(posted, null, tracksSources ? POSTS : null);
        }
    }

    private void fireDueTimers() {
        TimerHandle next = timers.peek();
        if (next == null) {
            return;                                     // no clock read when no timer is pending
        }
        long now = clock.nanoTime();
        while ((next = timers.peek()) != null && next.deadline() <= now) {
            timers.poll();
            ready.add(timers.callback(next), null, tracksSources ? timers.source(next) : null);
        }
    }

    private void runOneCallback() {
        int index = 0;
        if (readyPolicy != ReadyPolicy.FIFO) {
            index = readyPolicy.next(ready);
            if (index < 0 || index >= ready.size()) {
                throw new IllegalStateException("ready policy " + readyPolicy + " chose index " + index
                        + " (expected: 0 <= index < " + ready.size() + ")");
            }
        }
        Object stored = ready.removeStored(index);
        Task<?> origin = ReadyQueue.taskOf(stored);
        Object source = ReadyQueue.sourceOf(stored);
        Object entry = ReadyQueue.entryOf(stored);
        LoopFuture<?> delivery = entry instanceof LoopFuture ? (LoopFuture<?>) entry : null;
        Task<?> task = delivery != null ? ownerOf(delivery) : origin;
        currentTask = task;
        if (tracksSources) {
            currentSource = source;
        }
        DebugHooks monitor = debug;
        long startedAt = monitor != null ? monitor.stepStarting() : 0L;
        try {
            if (listener != null) {
                listener.beforeStep(loop, task, new StepDescription(entry));
            }
            if (delivery != null) {
                deliver(delivery);
            } else {
                ((Runnable) entry).run();
            }
        } catch (Throwable error) {
            reportStepError(entry, error, task);
        } finally {
            currentTask = null;
            if (tracksSources) {
                currentSource = OUTSIDE;
            }
            if (monitor != null) {
                monitor.stepFinished(entry, task, startedAt);
            }
            if (listener != null) {
                try {
                    listener.afterStep(loop);
                } catch (Throwable error) {
                    reportError("loop listener raised", error, null);
                }
            }
        }
    }

    /** Describes a ready entry on demand. */
    private static final class StepDescription {
        private final Object entry;

        StepDescription(Object entry) {
            this.entry = entry;
        }

        @Override
        public String toString() {
            return ReadyQueue.describeEntry(entry);
        }
    }

    /**
     * Tells the listener about a new future.
     *
     * @param future the future
     */
    public void futureCreated(LoopFuture<?> future) {
        if (listener != null) {
            listener.futureCreated(loop, future);
        }
    }

    /**
     * Tells the listener about a new task.
     *
     * @param task the task
     */
    public void taskCreated(Task<?> task) {
        if (listener != null) {
            listener.taskCreated(loop, task);
        }
    }

    /**
     * Tells the listener about a primitive's probe.
     *
     * @param probe the probe
     */
    public void probeRegistered(io.github.loopsync.loop.spi.ProgressProbe probe) {
        if (listener != null) {
            listener.probeRegistered(loop, probe);
        }
    }

    /**
     * Whether registered probes are read: by the listener, or by debug mode.
     *
     * @return {@code true} if the loop has a listener or debug hooks
     */
    public boolean readsProbes() {
        return listener != null || debug != null;
    }
}
