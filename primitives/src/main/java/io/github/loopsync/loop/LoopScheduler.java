package io.github.loopsync.loop;

import io.github.loopsync.loop.engine.LoopInbox;
import io.github.loopsync.loop.engine.Scheduler;
import io.github.loopsync.loop.engine.TaskRegistry;
import io.github.loopsync.loop.engine.TimerQueue;
import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ProgressProbe;
import io.github.loopsync.loop.spi.ReadyPolicy;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The loop's scheduler, bound to this package: the engine's {@link Scheduler} with deliveries,
 * timer handles and error reports filled in, and the bounded-stack running of dependents.
 * Loop-confined.
 */
final class LoopScheduler extends Scheduler {

    private final EventLoop loop;
    /** Debug mode's records and reports, or null when the loop is not in debug mode. */
    final DebugMonitor debug;
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

    LoopScheduler(EventLoop loop, LoopClock clock, ReadyPolicy readyPolicy, LoopListener listener, LoopInbox inbox,
            DebugMonitor debug) {
        super(loop, clock, readyPolicy, listener, inbox, new Timers(), debug);
        this.loop = loop;
        this.debug = debug;
    }

    /** Schedules a user's callback ({@code callSoon}); debug mode records where. */
    void scheduleCallback(Runnable callback) {
        if (debug != null) {
            debug.scheduled(callback);
        }
        schedule(callback, null);
    }

    /** Schedules a timer ({@code callLater}, {@code callAt}); debug mode records where. */
    TimerHandle addCallbackTimer(long deadline, Runnable callback) {
        if (debug != null) {
            debug.scheduled(callback);
        }
        return addTimer(deadline, callback);
    }

    @Override
    public void futureCreated(LoopFuture<?> future) {
        super.futureCreated(future);
        if (debug != null) {
            debug.futureCreated(future);
        }
    }

    @Override
    public void taskCreated(Task<?> task) {
        super.taskCreated(task);
        if (debug != null) {
            debug.taskCreated(task);
        }
    }

    @Override
    public void probeRegistered(ProgressProbe probe) {
        super.probeRegistered(probe);
        if (debug != null) {
            debug.probeRegistered(probe);
        }
    }

    @Override
    protected TimerHandle newTimer(long deadline, long sequence, Runnable callback, Object source) {
        return new TimerHandle(loop, deadline, sequence, callback, source);
    }

    @Override
    protected Task<?> ownerOf(LoopFuture<?> delivery) {
        return delivery.owner();
    }

    @Override
    protected void deliver(LoopFuture<?> delivery) {
        delivery.deliver();
    }

    @Override
    public void reportError(String message, Throwable error, Task<?> task) {
        loop.reportError(message, error, task);
    }

    /** Hands an error to the loop's exception handler; a handler that raises is printed with it. */
    void report(LoopExceptionHandler handler, String message, Throwable error, Task<?> task) {
        try {
            handler.handle(loop, message, error, task);
        } catch (Throwable handlerError) {
            System.err.println("loopsync " + loop.name() + ": the exception handler raised while handling: " + message);
            error.printStackTrace(System.err);
            handlerError.printStackTrace(System.err);
        }
    }

    /**
     * Schedules the delivery of a decided future; from any thread. Once the loop's inbox has
     * closed, the delivery runs in the loop's final drain, or on this thread after the loop has
     * closed (see ThreadBoundLoop.runHookOnLoop), never beside the loop's own steps.
     */
    void scheduleDelivery(LoopFuture<?> future) {
        if (loop.inLoopThread()) {
            scheduleDeliveryHere(future);
        } else {
            loop.runHookOnLoop(() -> {
                if (loop.inLoopThread()) {
                    scheduleDeliveryHere(future);
                } else {
                    future.deliver();                   // the loop has closed: nobody else can
                }
            });
        }
    }

    /** Loop thread: schedules a delivery at the next step, or delivers now once the loop is closed. */
    void scheduleDeliveryHere(LoopFuture<?> future) {
        if (loop.driver.isClosed()) {
            future.deliver();
        } else {
            schedule(future, null);
        }
    }

    /** Runs {@code action} on the loop thread: now if already there, else posted. */
    void onLoopThread(Runnable action) {
        if (loop.inLoopThread()) {
            action.run();
        } else {
            loop.execute(action);
        }
    }

    /**
     * The loop-clock timeouts of loop futures: on the loop thread, unless {@code target} is already
     * done, arms a timer that runs {@code fire}, removed again when {@code target} completes first.
     */
    void armTimeout(LoopFuture<?> target, Duration delay, Runnable fire) {
        Runnable named = new Runnable() {
            @Override
            public void run() {
                fire.run();
            }

            @Override
            public String toString() {
                return "timeout after " + delay;       // how traces and loop listeners show it
            }
        };
        onLoopThread(() -> {
            if (!target.isDone()) {
                TimerHandle timer = loop.callLater(delay, named);
                target.listen((value, failure) -> timer.cancel());
            }
        });
    }

    /**
     * The executor of {@code *Async} stages without one: the loop's next step (a ready callback on
     * the loop thread, a post from any other thread).
     */
    final Executor asyncExecutor = this::executeAsyncStage;

    private void executeAsyncStage(Runnable callback) {
        if (loop.inLoopThread() && !loop.driver.isClosed()) {
            schedule(callback, currentTask);
        } else {
            loop.execute(callback);
        }
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

    /** The timer heap over {@link TimerHandle}'s package-private fields. */
    private static final class Timers extends TimerQueue {
        @Override
        protected long sequence(TimerHandle timer) {
            return timer.sequence;
        }

        @Override
        protected int heapIndex(TimerHandle timer) {
            return timer.heapIndex;
        }

        @Override
        protected void heapIndex(TimerHandle timer, int index) {
            timer.heapIndex = index;
        }

        @Override
        protected Runnable callback(TimerHandle timer) {
            return timer.callback;
        }

        @Override
        protected Object source(TimerHandle timer) {
            return timer.source;
        }
    }

    /** The list of unfinished tasks over {@link Task}'s package-private links. */
    static final class LiveTasks extends TaskRegistry {
        @Override
        protected Task<?> older(Task<?> task) {
            return task.nextLive;
        }

        @Override
        protected Task<?> newer(Task<?> task) {
            return task.previousLive;
        }

        @Override
        protected void setOlder(Task<?> task, Task<?> older) {
            task.nextLive = older;
        }

        @Override
        protected void setNewer(Task<?> task, Task<?> newer) {
            task.previousLive = newer;
        }
    }
}
