package io.github.loopsync.loop;

import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ReadyPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * A single-threaded event loop: it runs callbacks, timers and {@link Task}s one at a time on one
 * thread, in asyncio's order, and is the only place loopsync's primitives may be used.
 *
 * <p>Example: <pre>{@code
 * int answer = EventLoop.run(() ->
 *     Tasks.sleep(Duration.ofMillis(10)).thenApply(ignored -> 42));
 * }</pre>
 *
 * <p><b>Running.</b> {@link #run} runs a loop on the calling thread until its main stage
 * completes, like {@code asyncio.run}; {@link #start()} runs one on a dedicated thread until
 * {@link #close()}; {@link #builder()} builds a loop bound to the calling thread that a test
 * drives step by step ({@link #runOnce()}, {@link #runUntilIdle()}) with a {@link
 * io.github.loopsync.loop.spi.VirtualClock}.
 *
 * <p><b>Order.</b> Ready callbacks run first in, first out. One iteration runs the callbacks that
 * were ready when it began; callbacks made ready during it run in the next iteration, after the
 * timers that fell due and the callbacks posted from other threads. Timers fire in deadline order,
 * ties in the order they were scheduled. Completions of loop futures are delivered by callbacks
 * like any other, never inside the call that caused them.
 *
 * <p><b>Failures.</b> An exception thrown by a callback goes to the {@link LoopExceptionHandler}
 * (by default printed to {@code System.err}) and never stops the loop.
 *
 * <p><b>Closing.</b> {@link #close()} cancels every unfinished task and runs the loop until they
 * have finished, fails pending sleeps and timeouts with a {@link CancellationException}, runs the
 * callbacks other threads had posted before the close, then releases the thread. Later posts fail
 * with {@link RejectedExecutionException}.
 *
 * <p><b>Loop confinement.</b> {@link #callSoon}, {@link #callLater}, {@link #createTask}, {@link
 * #time()} and every primitive must be called on the loop's thread; from another thread they
 * throw {@link IllegalStateException} naming the loop and the thread. {@link #execute}, {@link
 * #submit}, {@link #runInExecutor} and {@link #close()} are safe from any thread: the loop's inbox
 * is the one concurrent part of this class.
 */
public final class EventLoop implements Executor, AutoCloseable {

    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    // ---- shared with other threads
    private final String name;
    private final LoopInbox inbox = new LoopInbox();
    /** The loop's thread; set once, before any other thread can see the loop. */
    private volatile Thread thread;
    /** Set once shutdown has finished; read by any thread. */
    private volatile boolean closedFlag;
    /** True for loops made by {@link #startThread}: close() from another thread waits for them. */
    private volatile boolean startedThread;
    /** How long close() from another thread waits for the loop thread; set by the builder. */
    volatile long closeTimeoutNanos = CloseWait.DEFAULT_TIMEOUT.toNanos();
    /**
     * The thread this loop is current on, or null before that and after close: a plain mirror of
     * CURRENT, written only by that thread, so that {@link #isCurrent()} costs one field read.
     */
    private Thread currentOn;

    // ---- loop-confined
    final LoopScheduler scheduler;
    private LoopExceptionHandler exceptionHandler;
    private final UnobservedFailures unobservedFailures = new UnobservedFailures(this);
    private final TaskRegistry liveTasks = new TaskRegistry();
    private final LoopDriver driver;
    private final LoopFuture<Object> done = LoopFuture.delivered(this, null);

    /*
     * Implementation notes. This class is the public API and the thread binding. LoopScheduler
     * runs iterations (ready queue, timers, clock, ready policy); LoopDriver drives them and owns
     * the lifecycle and close; TaskRegistry lists unfinished tasks; LoopInbox is the only
     * concurrent part (posts from other threads, the park/wake handshake, and the gate that makes
     * close exact).
     */

    EventLoop(String name, LoopClock clock, ReadyPolicy readyPolicy, LoopListener listener,
            LoopExceptionHandler exceptionHandler) {
        this.name = Objects.requireNonNull(name, "name");
        this.scheduler = new LoopScheduler(this, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(readyPolicy, "readyPolicy"), listener, inbox);
        this.exceptionHandler = Objects.requireNonNull(exceptionHandler, "exceptionHandler");
        this.driver = new LoopDriver(this, scheduler, inbox, liveTasks, unobservedFailures);
    }

    // ================================================================ creation and running

    /**
     * Runs {@code main} as a task on a new loop on the calling thread until its stage completes,
     * then closes the loop (cancelling leftover tasks), like {@code asyncio.run}.
     *
     * @param main the program; called on the loop
     * @param <T> the result type
     * @return the value of {@code main}'s stage
     * @throws CancellationException if the main task was cancelled
     * @throws CompletionException wrapping a checked exception the stage failed with; unchecked
     *     exceptions and errors are rethrown as they are
     * @throws IllegalStateException if the calling thread already runs a loop
     */
    public static <T> T run(Supplier<? extends CompletionStage<T>> main) {
        try (EventLoop loop = builder().build()) {
            return loop.runUntilComplete(main);
        }
    }

    /**
     * Starts a loop with default settings on a new thread named {@code loopsync-N}. It runs until
     * {@link #close()}; use {@link #execute} and {@link #submit} to give it work.
     *
     * @return the running loop
     */
    public static EventLoop start() {
        return builder().start();
    }

    /**
     * A builder for loops with a custom name, clock, ready policy, listener or exception handler.
     *
     * @return a new builder
     */
    public static EventLoopBuilder builder() {
        return new EventLoopBuilder();
    }

    /**
     * The loop bound to the calling thread.
     *
     * @return the loop
     * @throws IllegalStateException if no open loop is bound to this thread
     */
    public static EventLoop current() {
        EventLoop loop = CURRENT.get();
        if (loop == null) {
            throw new IllegalStateException("no event loop runs on thread " + Thread.currentThread().getName()
                    + "; loop-confined operations must run on a loop's thread (EventLoop.run, start or builder)");
        }
        return loop;
    }

    /**
     * The loop bound to the calling thread, or {@code null}: the non-throwing form of {@link
     * #current()}.
     *
     * @return the loop, or {@code null} if no open loop is bound to this thread
     */
    public static EventLoop currentOrNull() {
        return CURRENT.get();
    }

    /** Binds this loop to the calling thread. */
    void bindToCurrentThread() {
        EventLoop existing = CURRENT.get();
        if (existing != null) {
            throw new IllegalStateException("thread " + Thread.currentThread().getName() + " already runs " + existing
                    + "; close it before binding " + this);
        }
        thread = Thread.currentThread();
        inbox.setLoopThread(thread);
        CURRENT.set(this);
        currentOn = thread;
    }

    /** Starts a dedicated thread that binds itself and runs until close. */
    void startThread(boolean daemon) {
        Thread loopThread = new Thread(() -> {
            CURRENT.set(this);
            currentOn = Thread.currentThread();
            try {
                driver.drive(() -> true, true, Integer.MAX_VALUE);
            } finally {
                driver.shutdown();
                closedFlag = true;
                currentOn = null;
                CURRENT.remove();
            }
        }, name);
        loopThread.setDaemon(daemon);
        thread = loopThread;
        inbox.setLoopThread(loopThread);
        startedThread = true;
        loopThread.start();
    }

    /**
     * Runs {@code main} as a task and drives the loop until the task is done. The loop stays open.
     *
     * @param main the program
     * @param <T> the result type
     * @return the value of {@code main}'s stage
     * @throws CancellationException if the main task was cancelled (also when the loop is closed
     *     from a callback before main completes)
     * @throws CompletionException wrapping a checked exception the stage failed with
     * @throws IllegalStateException if called off the loop thread, from a callback, or on a
     *     closed loop
     */
    public <T> T runUntilComplete(Supplier<? extends CompletionStage<T>> main) {
        checkCanDrive("runUntilComplete");
        Task<T> task = createTask("main", main);
        driveAndMaybeClose(() -> !task.isDone(), true, Integer.MAX_VALUE);
        return outcomeOf(task);
    }

    /** The loop thread, outside any callback, on an open loop. */
    private void checkCanDrive(String operation) {
        checkInLoop(operation);
        driver.checkDrivable(operation);
    }

    private int driveAndMaybeClose(java.util.function.BooleanSupplier keepGoing, boolean mayBlock, int maxIterations) {
        int ran = driver.drive(keepGoing, mayBlock, maxIterations);
        if (driver.lifecycle == LoopDriver.CLOSED) {
            finishClose();
        }
        return ran;
    }

    private static <T> T outcomeOf(Task<T> task) {
        try {
            return task.join();
        } catch (CompletionException wrapped) {
            Throwable cause = Task.unwrap(wrapped);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw wrapped;
        }
    }

    /**
     * Runs one iteration without waiting: fires due timers, takes in posted callbacks, then runs
     * the callbacks that are ready. If nothing is ready, a virtual clock may jump to the next
     * timer; a real clock is not waited for.
     *
     * @return the number of callbacks run; 0 when the loop had nothing to do
     * @throws IllegalStateException if called off the loop thread, from a callback, or on a
     *     closed loop
     */
    public int runOnce() {
        checkCanDrive("runOnce");
        return driveAndMaybeClose(() -> true, false, 1);
    }

    /**
     * Runs iterations until nothing is ready, due or posted. With an auto-advancing virtual clock
     * this also runs every pending timer.
     *
     * @return the number of callbacks run
     * @throws IllegalStateException if called off the loop thread, from a callback, or on a
     *     closed loop
     */
    public int runUntilIdle() {
        checkCanDrive("runUntilIdle");
        return driveAndMaybeClose(() -> true, false, Integer.MAX_VALUE);
    }

    // ================================================================ loop-thread API

    /**
     * The loop's name, which is also its thread's name for started loops.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The loop's time in nanoseconds, read from its clock (virtual in tests). Measure timeouts and
     * deadlines with it, never with {@code System.nanoTime()}.
     *
     * @return the current loop time
     * @throws IllegalStateException if called off the loop thread
     */
    public long time() {
        checkInLoop("time");
        return scheduler.now();
    }

    /**
     * Schedules {@code callback} to run in the loop's next iteration, after those already ready.
     *
     * @param callback the callback
     * @throws IllegalStateException if called off the loop thread or after close
     */
    public void callSoon(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkOpen("callSoon");
        scheduler.schedule(callback, null);
    }

    /** callSoon on behalf of a task, for traces and the ready policy. */
    void callSoon(Runnable callback, Task<?> origin) {
        checkOpen("callSoon");
        scheduler.schedule(callback, origin);
    }

    /**
     * Schedules {@code callback} to run once {@code delay} of loop time has passed.
     *
     * @param delay how long to wait; zero or negative means "at the next iteration's timer check"
     * @param callback the callback
     * @return a handle that can cancel the timer
     * @throws IllegalStateException if called off the loop thread or after close
     */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(callback, "callback");
        checkOpen("callLater");
        long now = scheduler.now();
        long nanos = delay.isNegative() ? 0 : saturatedNanos(delay);
        long deadline = nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + nanos;
        return callAt(deadline, callback);
    }

    /**
     * Schedules {@code callback} at an absolute loop time (see {@link #time()}).
     *
     * @param deadline the loop time in nanoseconds
     * @param callback the callback
     * @return a handle that can cancel the timer
     * @throws IllegalStateException if called off the loop thread or after close
     */
    public TimerHandle callAt(long deadline, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkOpen("callAt");
        return scheduler.addTimer(deadline, callback);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Creates a task running {@code body}; its first step runs at the next iteration.
     *
     * @param body returns the task's stage; called on the loop
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if called off the loop thread or after close
     */
    public <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> body) {
        return createTask(null, body);
    }

    /**
     * Creates a named task running {@code body}; its first step runs at the next iteration.
     *
     * @param name the task's name, or {@code null} for {@code Task-N}
     * @param body returns the task's stage; called on the loop
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if called off the loop thread or after close
     */
    public <T> Task<T> createTask(String name, Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        checkOpen("createTask");
        String taskName = name;
        if (taskName == null) {
            taskName = liveTasks.nextName();
        } else {
            liveTasks.countNamed();
        }
        Task<T> task = new Task<>(this, taskName, body);
        liveTasks.add(task);
        scheduler.taskCreated(task);
        if (driver.lifecycle == LoopDriver.CLOSING) {
            task.cancel("event loop " + name + " is closing");
        }
        scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                task.start();
            }

            @Override
            public String toString() {
                return "start of " + task.name();
            }
        }, task);
        return task;
    }

    /**
     * Creates a pending loop future; a task that chains on it waits for it (asyncio's {@code
     * loop.create_future()}).
     *
     * @param <T> the value type
     * @return a new pending future
     * @throws IllegalStateException if called off the loop thread
     */
    public <T> LoopFuture<T> createFuture() {
        checkInLoop("createFuture");
        return new LoopFuture<>(this, true);
    }

    /**
     * A loop future that is already complete with {@code null}, shared by the fast paths of the
     * primitives so that an uncontended operation allocates nothing. Completing or cancelling it
     * has no effect; chaining on it runs the dependent at once.
     *
     * @param <T> the value type (the value is always {@code null})
     * @return the shared completed future
     */
    @SuppressWarnings("unchecked")
    public <T> LoopFuture<T> done() {
        return (LoopFuture<T>) done;
    }

    /**
     * A loop future that has failed with {@code failure}: it reads as done at once, and the failure
     * reaches its dependents at the loop's next step, like any failure decided on the loop.
     *
     * @param failure the exception
     * @param <T> the value type
     * @return a failed future
     * @throws IllegalStateException if called off the loop thread
     */
    public <T> LoopFuture<T> failedFuture(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        checkInLoop("failedFuture");
        LoopFuture<T> failed = createFuture();
        failed.completeExceptionally(failure);
        return failed;
    }

    /**
     * A loop future that is already complete with {@code value}: chaining on it runs the
     * dependent at once, with no step in between (asyncio's rule that awaiting a done future does
     * not yield).
     *
     * @param value the value
     * @param <T> the value type
     * @return a completed future
     * @throws IllegalStateException if called off the loop thread
     */
    public <T> LoopFuture<T> completedFuture(T value) {
        checkInLoop("completedFuture");
        return value == null ? done() : LoopFuture.delivered(this, value);
    }

    /**
     * Service-provider hook: primitives call this when they bind to the loop, so that a {@link
     * io.github.loopsync.loop.spi.LoopListener} (the race-condition harness) can check their
     * progress after every step. Application code has no reason to call it.
     *
     * @param probe the primitive's probe
     * @throws IllegalStateException if called off the loop thread
     */
    public void registerProbe(io.github.loopsync.loop.spi.ProgressProbe probe) {
        checkInLoop("registerProbe");
        scheduler.probeRegistered(Objects.requireNonNull(probe, "probe"));
    }

    /**
     * The tasks that have not finished yet, oldest first.
     *
     * @return a snapshot
     * @throws IllegalStateException if called off the loop thread
     */
    public List<Task<?>> tasks() {
        checkInLoop("tasks");
        return liveTasks.snapshot();
    }

    /**
     * The number of timers scheduled and not yet fired or cancelled.
     *
     * @return the count
     * @throws IllegalStateException if called off the loop thread
     */
    public int pendingTimers() {
        checkInLoop("pendingTimers");
        return scheduler.timers.size();
    }

    /**
     * Replaces the exception handler.
     *
     * @param handler the new handler
     * @throws IllegalStateException if called off the loop thread
     */
    public void setExceptionHandler(LoopExceptionHandler handler) {
        checkInLoop("setExceptionHandler");
        this.exceptionHandler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * The task whose step runs right now, or {@code null} between steps and in plain callbacks.
     *
     * @return the running task
     * @throws IllegalStateException if called off the loop thread
     */
    public Task<?> currentTask() {
        checkInLoop("currentTask");
        return scheduler.currentTask;
    }

    // ================================================================ any-thread API

    /**
     * Posts {@code callback} to run on the loop (asyncio's {@code call_soon_threadsafe}). Safe from
     * any thread; never blocks. Posts from one thread run in the order they were made.
     *
     * @param callback the callback
     * @throws RejectedExecutionException if the loop has closed
     */
    @Override
    public void execute(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (!tryExecute(callback)) {
            throw new RejectedExecutionException(this + " is closed; cannot run " + callback);
        }
    }

    /** The cross-thread inbox; for the jcstress tests of the handshake, which live in this package. */
    LoopInbox inbox() {
        return inbox;
    }

    /** Posts unless closed; returns whether the post was accepted (it will then run). */
    boolean tryExecute(Runnable callback) {
        return inbox.tryPost(callback);
    }

    /**
     * Runs {@code body} as a task on the loop, from any thread (asyncio's {@code
     * run_coroutine_threadsafe}). Cancelling the returned future cancels the task.
     *
     * @param body the task body; called on the loop
     * @param <T> the result type
     * @return a future completed (on the loop thread) with the task's outcome
     * @throws RejectedExecutionException if the loop has closed
     */
    public <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        return ThreadBridges.submit(this, body);
    }

    /**
     * Runs blocking work on {@code executor} and delivers its result back on this loop (asyncio's
     * {@code run_in_executor}). Cancelling the returned future cancels the work if it has not
     * started. Safe from any thread.
     *
     * @param executor where the work runs
     * @param work the blocking work
     * @param <T> the result type
     * @return a loop future with the work's outcome; a task that chains on it waits for it
     */
    public <T> LoopFuture<T> runInExecutor(Executor executor, Callable<T> work) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(work, "work");
        return ThreadBridges.runInExecutor(this, executor, work);
    }

    /**
     * Adopts a stage completed elsewhere (another thread, another library) so that its outcome is
     * delivered on this loop (asyncio's {@code wrap_future}). Cancelling the returned future also
     * cancels {@code stage} if it is a {@link java.util.concurrent.Future}.
     *
     * @param stage the foreign stage
     * @param <T> the value type
     * @return a loop future; a task that chains on it waits for it
     * @throws IllegalStateException if called off the loop thread
     */
    public <T> LoopFuture<T> wrap(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        checkInLoop("wrap");
        return ThreadBridges.wrap(this, stage);
    }

    /**
     * True when called on this loop's thread.
     *
     * @return whether the caller is the loop thread
     */
    public boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * True when this loop is the calling thread's current loop: called on its thread and not yet
     * closed. The same as {@code EventLoop.currentOrNull() == this}, but one plain field read
     * instead of a thread-local lookup; the primitives check it on every operation. Unlike {@link
     * #inLoopThread()}, it turns false on the loop's thread once the loop has closed.
     *
     * @return whether the caller runs on this open loop
     */
    public boolean isCurrent() {
        return currentOn == Thread.currentThread();
    }

    /**
     * True once the loop has fully closed.
     *
     * @return whether the loop is closed
     */
    public boolean isClosed() {
        return closedFlag;
    }

    // ================================================================ closing

    /**
     * Closes the loop: cancels unfinished tasks and runs the loop until they finish, fails pending
     * sleeps and timeouts, runs callbacks posted before the close, and releases the thread.
     * Called on the loop thread from a callback, it takes effect when that callback returns. Called
     * from another thread on a started loop, it waits for the loop thread to finish, for at most
     * the close timeout ({@link EventLoopBuilder#closeTimeout}, 30 seconds by default). Closing a
     * closed loop does nothing.
     *
     * @throws IllegalStateException if, called from another thread, the loop thread has not
     *     finished within the close timeout (a callback that blocks or never returns, or a lost
     *     wake-up); the message says where the thread is and what its inbox holds, the cause
     *     carries the thread's stack, and the thread is left running
     */
    @Override
    public void close() {
        inbox.requestStop();
        if (inLoopThread()) {
            if (!driver.running) {
                driver.shutdown();
                finishClose();
            }
            return;
        }
        Thread loopThread = thread;
        if (loopThread != null && startedThread) {
            CloseWait.awaitLoopThread(this, loopThread, inbox, closeTimeoutNanos);
        }
    }

    /** After shutdown on the loop thread: publish the closed state and free the thread. */
    private void finishClose() {
        closedFlag = true;
        currentOn = null;
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    // ================================================================ internals for the package

    void checkInLoop(String operation) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(operation + "() must be called on the thread of " + this
                    + ", but was called from thread " + Thread.currentThread().getName());
        }
    }

    private void checkOpen(String operation) {
        checkInLoop(operation);
        if (driver.lifecycle == LoopDriver.CLOSED) {
            throw new IllegalStateException(operation + "() on closed " + this);
        }
    }

    /** Schedules the delivery of a decided future; from any thread. */
    void scheduleDelivery(LoopFuture<?> future) {
        if (inLoopThread()) {
            if (driver.lifecycle == LoopDriver.CLOSED) {
                future.deliver();
            } else {
                scheduler.schedule(future, future.owner);
            }
        } else if (!tryExecute(() -> scheduler.schedule(future, future.owner))) {
            // The loop is gone: nobody else can deliver it.
            future.deliver();
        }
    }

    /** Runs {@code action} on the loop thread: now if already there, else posted. */
    void onLoopThread(Runnable action) {
        if (inLoopThread()) {
            action.run();
        } else {
            execute(action);
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
                TimerHandle timer = callLater(delay, named);
                target.listen((value, failure) -> timer.cancel());
            }
        });
    }

    /**
     * The executor of {@code *Async} stages without one: the loop's next step (a ready callback on
     * the loop thread, a post from any other thread).
     */
    Executor asyncExecutor() {
        return asyncExecutor;
    }

    private final Executor asyncExecutor = this::executeAsyncStage;

    private void executeAsyncStage(Runnable callback) {
        if (inLoopThread() && driver.lifecycle != LoopDriver.CLOSED) {
            scheduler.schedule(callback, scheduler.currentTask);
        } else {
            execute(callback);
        }
    }

    void taskFinished(Task<?> task) {
        liveTasks.remove(task);
    }

    UnobservedFailures unobservedFailures() {
        return unobservedFailures;
    }

    void reportError(String message, Throwable error, Task<?> task) {
        try {
            exceptionHandler.handle(this, message, error, task);
        } catch (Throwable handlerError) {
            System.err.println("loopsync " + name + ": the exception handler raised while handling: " + message);
            error.printStackTrace(System.err);
            handlerError.printStackTrace(System.err);
        }
    }

    /**
     * Name and state, for example {@code EventLoop[main, open, 3 tasks]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        String state = closedFlag ? "closed" : inbox.isStopRequested() ? "closing" : "open";
        return "EventLoop[" + name + ", " + state + (inLoopThread() ? ", " + liveTasks.size() + " tasks" : "") + "]";
    }
}
