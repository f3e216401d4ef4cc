package io.github.loopsync.loop;

import io.github.loopsync.loop.engine.CloseWait;
import io.github.loopsync.loop.engine.HostedDriver;
import io.github.loopsync.loop.engine.LoopDriver;
import io.github.loopsync.loop.engine.LoopInbox;
import io.github.loopsync.loop.engine.UnobservedFailures;
import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.LoopHost;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ReadyPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The half of {@link EventLoop} that binds a loop to its thread and to its engine: the thread
 * binding, the API that is safe from any thread (posting, submitting, closing), the confinement
 * checks and the services the futures use. {@link EventLoop} is its only subclass; the public
 * methods here are documented as {@link EventLoop}'s.
 */
abstract class ThreadBoundLoop implements Executor, AutoCloseable {

    /** The open loop bound to each thread. */
    static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    // ---- shared with other threads
    final String name;
    final LoopInbox inbox = new LoopInbox();
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
    /** A listener or debug mode reads this loop's probes and new futures ({@link #readsProbes}). */
    final boolean observed;
    LoopExceptionHandler exceptionHandler;
    private final UnobservedFailures unobservedFailures;
    final LoopScheduler.LiveTasks liveTasks = new LoopScheduler.LiveTasks();
    final LoopDriver driver;
    /** The driver of a loop on a host's thread (see {@link #startOn}), or null for a loop of its own. */
    private HostedDriver hosted;

    /*
     * Implementation notes. EventLoop is the loop-thread API; this class is the thread binding
     * and the engine's owner. The engine lives in io.github.loopsync.loop.engine: Scheduler runs
     * iterations (ready queue, timers, clock, ready policy) and LoopScheduler binds it to this
     * package's futures; LoopDriver drives iterations and owns the lifecycle and close;
     * TaskRegistry lists unfinished tasks; LoopInbox is the only concurrent part (posts from
     * other threads, the park/wake handshake, and the gate that makes close exact).
     */

    ThreadBoundLoop(String name, LoopClock clock, ReadyPolicy readyPolicy, LoopListener listener,
            LoopExceptionHandler exceptionHandler, Duration slowCallbackThreshold) {
        this.name = Objects.requireNonNull(name, "name");
        EventLoop self = (EventLoop) this;
        DebugMonitor debug = slowCallbackThreshold == null ? null : new DebugMonitor(self, clock, slowCallbackThreshold);
        this.scheduler = new LoopScheduler(self, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(readyPolicy, "readyPolicy"), listener, inbox, debug);
        this.observed = scheduler.readsProbes();
        this.exceptionHandler = Objects.requireNonNull(exceptionHandler, "exceptionHandler");
        this.unobservedFailures = new UnobservedFailures(inbox, scheduler);
        this.driver = new LoopDriver(self, scheduler, inbox, liveTasks, unobservedFailures);
    }

    // ================================================================ the thread binding

    /** Binds this loop to the calling thread. */
    void bindToCurrentThread() {
        EventLoop existing = CURRENT.get();
        if (existing != null) {
            throw new IllegalStateException("thread " + Thread.currentThread().getName() + " already runs " + existing
                    + "; close it before binding " + this);
        }
        thread = Thread.currentThread();
        inbox.setLoopThread(thread);
        CURRENT.set((EventLoop) this);
        currentOn = thread;
    }

    /** Starts a dedicated thread that binds itself and runs until close. */
    void startThread(boolean daemon) {
        Thread loopThread = new Thread(() -> {
            CURRENT.set((EventLoop) this);
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
     * Hands the loop to {@code host}: it binds on the host thread (now, if called there) and runs
     * in batches that the host runs among its own tasks; the host's shutdown closes it.
     */
    void startOn(LoopHost host) {
        hosted = new HostedDriver(host, driver, scheduler, inbox, this::finishClose);
        host.onShutdown(this::close);
        if (host.inHostThread()) {
            bindToCurrentThread();
        } else {
            host.execute(() -> {
                try {
                    bindToCurrentThread();
                } catch (IllegalStateException alreadyBound) {
                    reportError("cannot bind a hosted loop to its host's thread", alreadyBound, null);
                }
            });
        }
    }

    /** After shutdown on the loop thread: publish the closed state and free the thread. */
    final void finishClose() {
        closedFlag = true;
        currentOn = null;
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
        if (hosted != null) {
            hosted.closed();
        }
    }

    // ================================================================ driving

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
        Task<T> task = ((EventLoop) this).createTask("main", main);
        driveAndMaybeClose(() -> !task.isDone(), true, Integer.MAX_VALUE);
        return Exceptions.valueOrRethrow(task);
    }

    /** The loop thread, outside any callback, on an open loop. */
    private void checkCanDrive(String operation) {
        checkInLoop(operation);
        if (hosted != null) {
            throw new IllegalStateException(operation + "() on " + this + ", which its host drives");
        }
        driver.checkDrivable(operation);
    }

    private int driveAndMaybeClose(BooleanSupplier keepGoing, boolean mayBlock, int maxIterations) {
        int ran = driver.drive(keepGoing, mayBlock, maxIterations);
        if (driver.isClosed()) {
            finishClose();
        }
        return ran;
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
        DebugMonitor debug = scheduler.debug;
        if (!tryExecute(debug != null ? debug.posted(callback) : callback)) {
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
     * Any thread: runs a primitive's hook on the loop thread; once the inbox has closed, in the
     * loop's final drain or, after it, on this thread (see LateHooks). The hook always runs.
     */
    void runHookOnLoop(Runnable hook) {
        if (!inbox.tryPost(hook)) {
            driver.lateHooks().run(hook);
        }
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
        return ThreadBridges.submit((EventLoop) this, body);
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
        return ThreadBridges.runInExecutor((EventLoop) this, executor, work);
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
     * True when the loop runs in debug mode ({@link EventLoopBuilder#debug}, or the system property
     * {@code loopsync.debug}), like asyncio's {@code loop.get_debug()}. Safe from any thread.
     *
     * @return whether the loop is in debug mode
     */
    public boolean isDebug() {
        return scheduler.debug != null;
    }

    /**
     * Service-provider hook: whether this loop reads the probes that primitives {@linkplain
     * EventLoop#registerProbe register}: it does with a listener (the race-condition harness) or in
     * debug mode, and drops them otherwise. Where the answer is {@code false}, a primitive may skip
     * records only its probe reads, such as which task holds it; the built-in locks do, which keeps
     * a store of a young task into a long-lived lock (under G1, a barrier with a memory fence) off
     * their fast path. The answer never changes over the loop's life. Safe from any thread.
     *
     * @return {@code true} if a listener or debug mode reads the probes
     */
    public boolean readsProbes() {
        return observed;
    }

    /**
     * True once the loop has fully closed.
     *
     * @return whether the loop is closed
     */
    public boolean isClosed() {
        return closedFlag;
    }

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
            if (!driver.isRunning()) {
                driver.shutdown();
                finishClose();
            }
            return;
        }
        Thread loopThread = thread;
        if (hosted != null) {
            hosted.awaitClosed((EventLoop) this, closeTimeoutNanos);
        } else if (loopThread != null && startedThread) {
            CloseWait.awaitLoopThread((EventLoop) this, loopThread, inbox, closeTimeoutNanos);
        }
    }

    // ================================================================ internals for the package

    void checkInLoop(String operation) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(operation + "() must be called on the thread of " + this
                    + ", but was called from thread " + Thread.currentThread().getName());
        }
    }

    final void checkOpen(String operation) {
        checkInLoop(operation);
        if (driver.isClosed()) {
            throw new IllegalStateException(operation + "() on closed " + this);
        }
    }

    void taskFinished(Task<?> task) {
        liveTasks.remove(task);
    }

    UnobservedFailures unobservedFailures() {
        return unobservedFailures;
    }

    void reportError(String message, Throwable error, Task<?> task) {
        scheduler.report(exceptionHandler, message, error, task);
    }
}
