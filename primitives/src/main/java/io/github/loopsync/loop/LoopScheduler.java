package io.github.loopsync.loop;

import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ReadyPolicy;

/**
 * The loop's engine: the ready queue, the timers, the clock and the choice of the next callback.
 * One iteration takes in posts and due timers, then runs the callbacks that were ready when it
 * began. Loop-confined.
 */
final class LoopScheduler {

    private final EventLoop loop;
    private final LoopClock clock;
    private final ReadyPolicy readyPolicy;
    private final LoopListener listener;
    private final LoopInbox inbox;
    final ReadyQueue ready = new ReadyQueue();
    final TimerQueue timers = new TimerQueue();
    /** The task whose step or delivery runs right now, or null. */
    Task<?> currentTask;
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
    /**
     * How many dependents run nested on the stack right now. Past {@link #MAX_INLINE_DEPTH} a
     * dependent goes through the ready queue instead, so that any chain, however it is written,
     * runs in bounded stack.
     */
    private int inlineDepth;

    /**
     * Dependents that may run nested in one another before the next one is sent through the ready
     * queue. Small enough that user code between two levels has stack to spare, large enough that
     * an ordinary chain of stages runs in one step.
     */
    static final int MAX_INLINE_DEPTH = 32;

    LoopScheduler(EventLoop loop, LoopClock clock, ReadyPolicy readyPolicy, LoopListener listener, LoopInbox inbox) {
        this.loop = loop;
        this.clock = clock;
        this.readyPolicy = readyPolicy;
        this.listener = listener;
        this.inbox = inbox;
    }

    long now() {
        return clock.nanoTime();
    }

    /** Appends a ready entry: a Runnable, or a LoopFuture due for delivery. */
    void schedule(Object entry, Task<?> origin) {
        ready.add(entry, origin, source());
    }

    /** What scheduling now counts as coming from: the running task, else the running callback's origin. */
    private Object source() {
        return currentTask != null ? currentTask : currentSource;
    }

    TimerHandle addTimer(long deadline, Runnable callback) {
        TimerHandle timer = new TimerHandle(loop, deadline, timerSequence++, callback, source());
        timers.add(timer);
        return timer;
    }

    /**
     * Runs a dependent of a delivered future now, or, when {@link #MAX_INLINE_DEPTH} dependents are
     * already nested on the stack, at the next step as a ready callback of the current task.
     */
    void runDependent(Dependent dependent, Object value, Throwable failure) {
        if (inlineDepth >= MAX_INLINE_DEPTH && loop.inLoopThread()) {
            schedule(new DeferredDependent(dependent, value, failure), currentTask);
            return;
        }
        inlineDepth++;
        try {
            dependent.fire(value, failure);
        } finally {
            inlineDepth--;
        }
    }

    /** A dependent sent through the ready queue to unwind the stack. */
    private final class DeferredDependent implements Runnable {
        private final Dependent dependent;
        private final Object value;
        private final Throwable failure;

        DeferredDependent(Dependent dependent, Object value, Throwable failure) {
            this.dependent = dependent;
            this.value = value;
            this.failure = failure;
        }

        @Override
        public void run() {
            runDependent(dependent, value, failure);
        }

        @Override
        public String toString() {
            return "continue " + dependent;
        }
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
            takeInPosts();
            fireDueTimers();
            if (ready.size() > 0) {
                break;
            }
            TimerHandle next = timers.peek();
            long idleNanos = clock.idle(next == null ? Long.MAX_VALUE : next.deadline);
            if (idleNanos <= 0) {
                continue;
            }
            if (!mayBlock || (honorStop && inbox.isStopRequested())) {
                return 0;
            }
            inbox.park(idleNanos, honorStop);
        }
        int count = ready.size();
        for (int i = 0; i < count && ready.size() > 0; i++) {
            ready.eligible = count - i;
            runOneCallback();
        }
        return count;
    }

    private void takeInPosts() {
        Runnable posted;
        while ((posted = inbox.poll()) != null) {
            ready.add(posted, null, POSTS);
        }
    }

    private void fireDueTimers() {
        TimerHandle next = timers.peek();
        if (next == null) {
            return;                                     // no clock read when no timer is pending
        }
        long now = clock.nanoTime();
        while ((next = timers.peek()) != null && next.deadline <= now) {
            timers.poll();
            ready.add(next.callback, null, next.source);
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
        Task<?> origin = ready.task(index);
        Object source = ready.origin(index);
        Object entry = ready.remove(index);
        LoopFuture<?> delivery = entry instanceof LoopFuture ? (LoopFuture<?>) entry : null;
        Task<?> task = delivery != null ? delivery.owner : origin;
        currentTask = task;
        currentSource = source;
        try {
            if (listener != null) {
                listener.beforeStep(loop, task, new StepDescription(entry));
            }
            if (delivery != null) {
                delivery.deliver();
            } else {
                ((Runnable) entry).run();
            }
        } catch (Throwable error) {
            loop.reportError(delivery != null ? "a dependent of " + delivery + " raised" : "callback " + entry + " raised",
                    error, task);
        } finally {
            currentTask = null;
            currentSource = OUTSIDE;
            if (listener != null) {
                try {
                    listener.afterStep(loop);
                } catch (Throwable error) {
                    loop.reportError("loop listener raised", error, null);
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

    void futureCreated(LoopFuture<?> future) {
        if (listener != null) {
            listener.futureCreated(loop, future);
        }
    }

    void taskCreated(Task<?> task) {
        if (listener != null) {
            listener.taskCreated(loop, task);
        }
    }

    void probeRegistered(io.github.loopsync.loop.spi.ProgressProbe probe) {
        if (listener != null) {
            listener.probeRegistered(loop, probe);
        }
    }
}
