package io.github.loopsync.loop;

import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ReadyPolicy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
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
    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    /** Bit of {@link #gate} set when the inbox stops accepting posts. */
    private static final int GATE_CLOSED = 1 << 31;
    private static final VarHandle GATE;
    private static final VarHandle PARKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GATE = lookup.findVarHandle(EventLoop.class, "gate", int.class);
            PARKED = lookup.findVarHandle(EventLoop.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- shared with other threads
    private final String name;
    private final MpscInbox inbox = new MpscInbox();
    /** The loop's thread; set once, before any other thread can see the loop. */
    private volatile Thread thread;
    /** Posts in flight (low bits) and GATE_CLOSED; a post is accepted iff it incremented while open. */
    private volatile int gate;
    /** 1 while the loop thread is parked or about to park; a post that sees 1 unparks it. */
    private volatile int parked;
    private volatile boolean closeRequested;
    /** Set once shutdown has finished; read by any thread. */
    private volatile boolean closedFlag;
    /** True for loops made by {@link #startThread}: close() from another thread waits for them. */
    private boolean startedThread;

    // ---- loop-confined
    private final LoopClock clock;
    private final ReadyPolicy readyPolicy;
    private final LoopListener listener;
    private LoopExceptionHandler exceptionHandler;
    private final ReadyQueue ready = new ReadyQueue();
    final TimerQueue timers = new TimerQueue();
    private final UnobservedFailures unobservedFailures = new UnobservedFailures(this);
    private Task<?> currentTask;
    private Task<?> firstLiveTask;
    private int liveTaskCount;
    private long timerSequence;
    private long taskCounter;
    private int lifecycle = OPEN;
    private boolean running;

    /*
     * Implementation notes. The park/wake handshake is Dekker-style on two volatiles: the loop
     * writes parked = 1 and then reads the inbox's tail; a producer swaps the tail and then reads
     * parked. Sequential consistency of volatile accesses means at least one of them sees the
     * other's write: either the loop sees the post and does not park, or the producer sees
     * parked == 1 and unparks the thread. The gate makes close exact: a producer counts itself
     * in before enqueueing and out after; close sets GATE_CLOSED and waits for the count to reach
     * zero, so every post that was accepted is in the inbox before the final drain, and every
     * post after it is rejected.
     */

    EventLoop(String name, LoopClock clock, ReadyPolicy readyPolicy, LoopListener listener,
            LoopExceptionHandler exceptionHandler) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.readyPolicy = Objects.requireNonNull(readyPolicy, "readyPolicy");
        this.listener = listener;
        this.exceptionHandler = Objects.requireNonNull(exceptionHandler, "exceptionHandler");
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

    static EventLoop currentOrNull() {
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
        CURRENT.set(this);
    }

    /** Starts a dedicated thread that binds itself and runs until close. */
    void startThread(boolean daemon) {
        Thread loopThread = new Thread(() -> {
            CURRENT.set(this);
            try {
                while (!closeRequested) {
                    running = true;
                    try {
                        runIteration(true);
                    } finally {
                        running = false;
                    }
                }
            } finally {
                shutdown();
            }
        }, name);
        loopThread.setDaemon(daemon);
        thread = loopThread;
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
        checkDrivable("runUntilComplete");
        Task<T> task = createTask("main", main);
        running = true;
        try {
            while (!task.isDone()) {
                if (closeRequested) {
                    break;
                }
                runIteration(true);
            }
        } finally {
            running = false;
        }
        if (closeRequested) {
            shutdown();
        }
        return outcomeOf(task);
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
        checkDrivable("runOnce");
        running = true;
        int ran;
        try {
            ran = runIteration(false);
        } finally {
            running = false;
        }
        if (closeRequested) {
            shutdown();
        }
        return ran;
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
        int total = 0;
        int ran;
        while (lifecycle == OPEN && (ran = runOnce()) > 0) {
            total += ran;
        }
        return total;
    }

    private void checkDrivable(String operation) {
        checkInLoop(operation);
        if (running) {
            throw new IllegalStateException(operation + "() called from a callback of " + this
                    + "; a loop cannot be driven re-entrantly");
        }
        if (lifecycle != OPEN) {
            throw new IllegalStateException(operation + "() on closed " + this);
        }
    }

    /** One iteration; returns the number of callbacks run. */
    private int runIteration(boolean mayBlock) {
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
            if (!mayBlock || (closeRequested && lifecycle == OPEN)) {
                return 0;
            }
            park(idleNanos);
        }
        int count = ready.size();
        for (int i = 0; i < count && ready.size() > 0; i++) {
            runOneCallback();
        }
        return count;
    }

    private void park(long nanos) {
        PARKED.setVolatile(this, 1);
        if (inbox.isEmpty() && !(closeRequested && lifecycle == OPEN)) {
            if (nanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
        }
        PARKED.setVolatile(this, 0);
    }

    private void takeInPosts() {
        Runnable posted;
        while ((posted = inbox.poll()) != null) {
            ready.add(posted, null);
        }
    }

    private void fireDueTimers() {
        TimerHandle next;
        long now = clock.nanoTime();
        while ((next = timers.peek()) != null && next.deadline <= now) {
            timers.poll();
            ready.add(next.callback, null);
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
        Object entry = ready.remove(index);
        LoopFuture<?> delivery = entry instanceof LoopFuture ? (LoopFuture<?>) entry : null;
        Task<?> task = delivery != null ? delivery.owner : origin;
        currentTask = task;
        try {
            if (listener != null) {
                listener.beforeStep(this, task, ReadyQueue.describeEntry(entry));
            }
            if (delivery != null) {
                delivery.deliver();
            } else {
                ((Runnable) entry).run();
            }
        } catch (Throwable error) {
            reportError(delivery != null ? "a dependent of " + delivery + " raised" : "callback " + entry + " raised",
                    error, task);
        } finally {
            currentTask = null;
            if (listener != null) {
                try {
                    listener.afterStep(this);
                } catch (Throwable error) {
                    reportError("loop listener raised", error, null);
                }
            }
        }
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
        return clock.nanoTime();
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
        ready.add(callback, null);
    }

    /** callSoon on behalf of a task, for traces and the ready policy. */
    void callSoon(Runnable callback, Task<?> origin) {
        checkOpen("callSoon");
        ready.add(callback, origin);
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
        long now = clock.nanoTime();
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
        TimerHandle timer = new TimerHandle(this, deadline, timerSequence++, callback);
        timers.add(timer);
        return timer;
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
        taskCounter++;
        Task<T> task = new Task<>(this, name != null ? name : "Task-" + taskCounter, body);
        task.nextLive = firstLiveTask;
        if (firstLiveTask != null) {
            firstLiveTask.previousLive = task;
        }
        firstLiveTask = task;
        liveTaskCount++;
        if (listener != null) {
            listener.taskCreated(this, task);
        }
        if (lifecycle == CLOSING) {
            task.cancel("event loop " + name + " is closing");
        }
        ready.add((Runnable) task::start, task);
        return task;
    }

    /**
     * Creates a pending loop future, owned by the running task if any (asyncio's {@code
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
     * The tasks that have not finished yet, oldest first.
     *
     * @return a snapshot
     * @throws IllegalStateException if called off the loop thread
     */
    public List<Task<?>> tasks() {
        checkInLoop("tasks");
        List<Task<?>> all = new ArrayList<>(liveTaskCount);
        for (Task<?> task = firstLiveTask; task != null; task = task.nextLive) {
            all.add(task);
        }
        java.util.Collections.reverse(all);
        return all;
    }

    /**
     * The number of timers scheduled and not yet fired or cancelled.
     *
     * @return the count
     * @throws IllegalStateException if called off the loop thread
     */
    public int pendingTimers() {
        checkInLoop("pendingTimers");
        return timers.size();
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

    Task<?> currentTask() {
        return currentTask;
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

    /** Posts unless closed; returns whether the post was accepted (it will then run). */
    boolean tryExecute(Runnable callback) {
        int before = (int) GATE.getAndAdd(this, 1);
        try {
            if ((before & GATE_CLOSED) != 0) {
                return false;
            }
            inbox.offer(callback);
            if ((int) PARKED.getVolatile(this) == 1 && PARKED.compareAndSet(this, 1, 0)) {
                LockSupport.unpark(thread);
            }
            return true;
        } finally {
            GATE.getAndAdd(this, -1);
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
        SubmittedTask<T> result = new SubmittedTask<>();
        execute(() -> {
            if (result.isDone()) {
                return;
            }
            Task<T> task = createTask(body);
            result.task = task;
            task.whenComplete((value, failure) -> {
                if (failure == null) {
                    result.complete(value);
                } else {
                    Throwable cause = Task.unwrap(failure);
                    result.completeExceptionally(cause);
                }
            });
        });
        return result;
    }

    /** The thread-side view of a submitted task: cancelling it cancels the task on the loop. */
    private static final class SubmittedTask<T> extends CompletableFuture<T> {
        volatile Task<T> task;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Task<T> running = task;
            if (running != null) {
                running.cancel();
                return !running.isDone() || running.isCancelled();
            }
            return super.cancel(mayInterruptIfRunning);
        }
    }

    /**
     * Runs blocking work on {@code executor} and delivers its result back on this loop (asyncio's
     * {@code run_in_executor}). Cancelling the returned future cancels the work if it has not
     * started. Safe from any thread.
     *
     * @param executor where the work runs
     * @param work the blocking work
     * @param <T> the result type
     * @return a loop future with the work's outcome, owned by the running task if any
     */
    public <T> LoopFuture<T> runInExecutor(Executor executor, Callable<T> work) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(work, "work");
        ExecutorResult<T> result = new ExecutorResult<>(this);
        FutureTask<T> job = new FutureTask<>(work) {
            @Override
            protected void done() {
                if (isCancelled()) {
                    result.cancel("work cancelled before it ran");
                    return;
                }
                try {
                    result.complete(get());
                } catch (java.util.concurrent.ExecutionException failure) {
                    result.completeExceptionally(failure.getCause());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    result.completeExceptionally(interrupted);
                }
            }
        };
        result.job = job;
        executor.execute(job);
        return result;
    }

    private static final class ExecutorResult<T> extends LoopFuture<T> {
        volatile FutureTask<T> job;

        ExecutorResult(EventLoop loop) {
            super(loop, true);
        }

        @Override
        protected void onWithdrawn() {
            FutureTask<T> running = job;
            if (running != null && isCancelled()) {
                running.cancel(false);
            }
        }
    }

    /**
     * Adopts a stage completed elsewhere (another thread, another library) so that its outcome is
     * delivered on this loop (asyncio's {@code wrap_future}). Cancelling the returned future also
     * cancels {@code stage} if it is a {@link java.util.concurrent.Future}.
     *
     * @param stage the foreign stage
     * @param <T> the value type
     * @return a loop future, owned by the running task if any
     * @throws IllegalStateException if called off the loop thread
     */
    public <T> LoopFuture<T> wrap(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        checkInLoop("wrap");
        LoopFuture<T> wrapped = new LoopFuture<>(this, true) {
            @Override
            protected void onWithdrawn() {
                if (isCancelled()) {
                    stage.toCompletableFuture().cancel(false);
                }
            }
        };
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                wrapped.complete(value);
            } else {
                wrapped.completeExceptionally(Task.unwrap(failure));
            }
        });
        return wrapped;
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
     * from another thread on a started loop, it waits for the loop thread to finish. Closing a
     * closed loop does nothing.
     */
    @Override
    public void close() {
        if (inLoopThread()) {
            if (running) {
                closeRequested = true;
            } else {
                closeRequested = true;
                shutdown();
            }
            return;
        }
        closeRequested = true;
        if ((int) PARKED.getVolatile(this) == 1 && PARKED.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(thread);
        }
        Thread loopThread = thread;
        if (loopThread != null && startedThread) {
            boolean interrupted = false;
            while (loopThread.isAlive()) {
                try {
                    loopThread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void shutdown() {
        if (lifecycle != OPEN) {
            return;
        }
        lifecycle = CLOSING;
        closeRequested = true;
        String reason = "event loop " + name + " is closing";
        for (Task<?> task : tasks()) {
            task.cancel(reason);
        }
        cancelTimers(reason);
        running = true;
        try {
            // Let the cancelled tasks unwind; they may sleep or wait during cleanup.
            while (liveTaskCount > 0) {
                boolean anything = ready.size() > 0 || timers.size() > 0 || !inbox.isEmpty();
                if (!anything) {
                    for (Task<?> stuck : tasks()) {
                        reportError("task did not finish after the loop cancelled it at close",
                                new IllegalStateException(stuck + " is still waiting"), stuck);
                    }
                    break;
                }
                runIteration(timers.size() > 0);
            }
            // Stop accepting posts; wait for posts in flight; run everything that was accepted.
            GATE.getAndBitwiseOr(this, GATE_CLOSED);
            while (((int) GATE.getVolatile(this) & ~GATE_CLOSED) != 0) {
                Thread.onSpinWait();
            }
            while (ready.size() > 0 || !inbox.isEmpty()) {
                runIteration(false);
            }
            cancelTimers(reason);
        } finally {
            running = false;
        }
        unobservedFailures.reportAll();
        ready.clear();
        lifecycle = CLOSED;
        closedFlag = true;
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    private void cancelTimers(String reason) {
        for (TimerHandle timer : timers.drain()) {
            if (timer.callback instanceof LoopClosingAware) {
                try {
                    ((LoopClosingAware) timer.callback).loopClosing(new CancellationException(reason));
                } catch (Throwable error) {
                    reportError("timer cleanup raised", error, null);
                }
            }
        }
    }

    /** A timer callback that owns a future; told to fail it when the loop closes first. */
    interface LoopClosingAware {
        void loopClosing(CancellationException reason);
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
        if (lifecycle == CLOSED) {
            throw new IllegalStateException(operation + "() on closed " + this);
        }
    }

    /** Schedules the delivery of a decided future; from any thread. */
    void scheduleDelivery(LoopFuture<?> future) {
        if (inLoopThread()) {
            if (lifecycle == CLOSED) {
                future.deliver();
            } else {
                ready.add(future, future.owner);
            }
        } else if (!tryExecute(() -> ready.add(future, future.owner))) {
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

    void taskFinished(Task<?> task) {
        Task<?> previous = task.previousLive;
        Task<?> next = task.nextLive;
        if (previous == null) {
            if (firstLiveTask != task) {
                return;
            }
            firstLiveTask = next;
        } else {
            previous.nextLive = next;
        }
        if (next != null) {
            next.previousLive = previous;
        }
        task.previousLive = null;
        task.nextLive = null;
        liveTaskCount--;
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
        String state = closedFlag ? "closed" : closeRequested ? "closing" : "open";
        return "EventLoop[" + name + ", " + state + (inLoopThread() ? ", " + liveTaskCount + " tasks" : "") + "]";
    }
}
