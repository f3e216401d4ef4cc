package io.github.loopsync.loop;

import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ReadyPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
 * io.github.loopsync.loop.spi.VirtualClock}; {@link EventLoopBuilder#startOn} runs one on a thread
 * it does not own (a Netty event loop, a single-threaded executor), which then drives it.
 *
 * <p><b>Order.</b> Ready callbacks run first in, first out. One iteration runs the callbacks that
 * were ready when it began; callbacks made ready during it run in the next iteration, after the
 * timers that fell due and the callbacks posted from other threads. Timers fire in deadline order,
 * ties in the order they were scheduled. Completions of loop futures are delivered by callbacks
 * like any other, never inside the call that caused them.
 *
 * <p><b>Failures.</b> An exception thrown by a callback goes to the {@link LoopExceptionHandler}
 * (by default printed to {@code System.err}) and never stops the loop. In {@linkplain
 * EventLoopBuilder#debug debug mode} it also receives {@link LoopDebugWarning}s: callbacks that
 * blocked the loop, waits nobody chained on, and the tasks, locks and permits left at close.
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
public final class EventLoop extends ThreadBoundLoop {

    private final LoopFuture<Object> done = LoopFuture.delivered(this, null);

    EventLoop(String name, LoopClock clock, ReadyPolicy readyPolicy, LoopListener listener,
            LoopExceptionHandler exceptionHandler) {
        this(name, clock, readyPolicy, listener, exceptionHandler, null);
    }

    /** A loop in debug mode when {@code slowCallbackThreshold} is not null. */
    EventLoop(String name, LoopClock clock, ReadyPolicy readyPolicy, LoopListener listener,
            LoopExceptionHandler exceptionHandler, Duration slowCallbackThreshold) {
        super(name, clock, readyPolicy, listener, exceptionHandler, slowCallbackThreshold);
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
        scheduler.scheduleCallback(callback);
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
        long nanos = delay.isNegative() ? 0 : EventLoopBuilder.saturatedNanos(delay);
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
        return scheduler.addCallbackTimer(deadline, callback);
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
        if (driver.isClosing()) {
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
     * @see #readsProbes()
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
     * Name and state, for example {@code EventLoop[main, open, 3 tasks]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        String state = isClosed() ? "closed" : inbox.isStopRequested() ? "closing" : "open";
        return "EventLoop[" + name + ", " + state + (inLoopThread() ? ", " + liveTasks.size() + " tasks" : "") + "]";
    }
}
