package io.github.loopsync.loop;

import io.github.loopsync.loop.engine.CloseWait;
import io.github.loopsync.loop.spi.LoopClock;
import io.github.loopsync.loop.spi.LoopHost;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ReadyPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Configures an {@link EventLoop}: its name, clock, ready policy, listener, exception handler,
 * debug mode and, for a started loop, how long a close from another thread may wait.
 * {@link #build()} binds the loop to the calling thread, to be driven by hand or by {@link
 * EventLoop#runUntilComplete}; {@link #start()} runs it on a new thread; {@link #startOn} runs it on
 * a thread it does not own, such as a Netty event loop's.
 *
 * <p>Example: <pre>{@code
 * VirtualClock clock = VirtualClock.autoAdvancing();
 * try (EventLoop loop = EventLoop.builder().name("test").clock(clock).build()) {
 *     loop.createTask(() -> Tasks.sleep(Duration.ofHours(1)));
 *     loop.runUntilIdle();   // returns at once: the hour is virtual
 * }
 * }</pre>
 *
 * <p><b>Loop confinement.</b> A builder is an ordinary object for one thread's use.
 */
public final class EventLoopBuilder {

    private static final AtomicLong LOOP_COUNTER = new AtomicLong();

    private String name;
    private LoopClock clock;
    private ReadyPolicy readyPolicy = ReadyPolicy.FIFO;
    private LoopListener listener;
    private LoopExceptionHandler exceptionHandler = LoopExceptionHandler.printing();
    private boolean daemon;
    private Duration closeTimeout = CloseWait.DEFAULT_TIMEOUT;
    /** Debug mode as set here, or null: then the system property decides. */
    private Boolean debug;
    /** The slow-callback threshold as set here, or null: then the system property or the default. */
    private Duration slowCallbackThreshold;

    EventLoopBuilder() {
    }

    /**
     * Names the loop (and its thread, for {@link #start()}). Default: {@code loopsync-N}.
     *
     * @param name the name
     * @return this builder
     */
    public EventLoopBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Sets the clock. Default: {@link LoopClock#system()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public EventLoopBuilder clock(LoopClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Sets the ready policy. Default: {@link ReadyPolicy#FIFO}.
     *
     * @param readyPolicy the policy
     * @return this builder
     */
    public EventLoopBuilder readyPolicy(ReadyPolicy readyPolicy) {
        this.readyPolicy = Objects.requireNonNull(readyPolicy, "readyPolicy");
        return this;
    }

    /**
     * Sets a listener told about every step. Default: none.
     *
     * @param listener the listener
     * @return this builder
     */
    public EventLoopBuilder listener(LoopListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Sets the exception handler. Default: {@link LoopExceptionHandler#printing()}.
     *
     * @param exceptionHandler the handler
     * @return this builder
     */
    public EventLoopBuilder exceptionHandler(LoopExceptionHandler exceptionHandler) {
        this.exceptionHandler = Objects.requireNonNull(exceptionHandler, "exceptionHandler");
        return this;
    }

    /**
     * Makes the thread of {@link #start()} a daemon thread, which does not keep the JVM alive.
     * Default: not a daemon.
     *
     * @param daemon whether the loop thread is a daemon
     * @return this builder
     */
    public EventLoopBuilder daemon(boolean daemon) {
        this.daemon = daemon;
        return this;
    }

    /**
     * Sets how long {@link EventLoop#close()}, called from another thread, waits for the thread of
     * a {@linkplain #start() started} loop to finish before it gives up with an {@link
     * IllegalStateException} describing where that thread is stuck. Default: 30 seconds.
     *
     * @param timeout the longest wait, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public EventLoopBuilder closeTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout: " + timeout + " (expected: > 0)");
        }
        this.closeTimeout = timeout;
        return this;
    }

    /**
     * Turns debug mode on or off, whatever {@code -Dloopsync.debug} says. Default: on when the
     * system property {@code loopsync.debug} is {@code true}, else off. In debug mode the loop
     * records where callbacks, tasks and waiting futures are created and where locks and permits
     * are acquired, and reports to its exception handler, each as a {@link LoopDebugWarning}
     * whose stack trace is that place: a callback that runs longer than the {@linkplain
     * #slowCallbackThreshold slow-callback threshold} (it blocked the loop); a future returned by
     * a waiting operation with nothing chained on it when the callback that created it returns;
     * and, when the loop closes, each task still pending and each lock or permit still held.
     * Recording call sites makes the loop several times slower: debug mode is for development and
     * tests. A loop not in debug mode pays one field test on the paths that record.
     *
     * @param debug whether the loop runs in debug mode
     * @return this builder
     */
    public EventLoopBuilder debug(boolean debug) {
        this.debug = debug;
        return this;
    }

    /**
     * Sets how long a callback may run before debug mode reports it as blocking the loop
     * (asyncio's {@code loop.slow_callback_duration}), measured on the loop's clock. Default: the
     * system property {@code loopsync.debug.slowCallbackMillis} if set, else 100 ms. Has no effect
     * unless the loop is in {@linkplain #debug debug mode}.
     *
     * @param threshold the longest run that is not reported, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    public EventLoopBuilder slowCallbackThreshold(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isZero() || threshold.isNegative()) {
            throw new IllegalArgumentException("slowCallbackThreshold: " + threshold + " (expected: > 0)");
        }
        this.slowCallbackThreshold = threshold;
        return this;
    }

    /**
     * Builds a loop bound to the calling thread. The loop runs only when that thread drives it
     * ({@link EventLoop#runOnce()}, {@link EventLoop#runUntilIdle()}, {@link
     * EventLoop#runUntilComplete}); close it when done.
     *
     * @return the loop
     * @throws IllegalStateException if the calling thread already has an open loop
     * @throws IllegalArgumentException in debug mode, if no threshold was set here and the system
     *     property {@code loopsync.debug.slowCallbackMillis} is not a positive whole number
     */
    public EventLoop build() {
        EventLoop loop = create();
        loop.bindToCurrentThread();
        return loop;
    }

    /**
     * Builds a loop and runs it on a new thread until {@link EventLoop#close()}.
     *
     * @return the running loop
     * @throws IllegalArgumentException in debug mode, if no threshold was set here and the system
     *     property {@code loopsync.debug.slowCallbackMillis} is not a positive whole number
     */
    public EventLoop start() {
        EventLoop loop = create();
        loop.closeTimeoutNanos = saturatedNanos(closeTimeout);
        loop.startThread(daemon);
        return loop;
    }

    /**
     * Builds a loop that runs on {@code host}'s thread instead of a thread of its own: a Netty
     * event loop, a single-threaded executor ({@link LoopHost#of}). The loop binds to the host
     * thread (at once if called there, else as the host's next task), becomes that thread's
     * {@link EventLoop#current()}, and runs its callbacks, timers and posts in batches the host
     * runs among its own tasks, in the same order as a loop with its own thread. {@link
     * EventLoop#runOnce()} and the other driving methods refuse: the host drives it. Closing
     * cancels its tasks and runs them to the end on the host thread; called from another thread,
     * {@link EventLoop#close()} waits for that, for at most the {@linkplain #closeTimeout close
     * timeout}. A host that reports its shutdown ({@link LoopHost#onShutdown}) closes the loop
     * then.
     *
     * @param host the host; see {@link LoopHost} for what it must promise
     * @return the loop
     * @throws IllegalStateException if called on the host thread and that thread already runs a
     *     loop
     */
    public EventLoop startOn(LoopHost host) {
        Objects.requireNonNull(host, "host");
        EventLoop loop = create();
        loop.closeTimeoutNanos = saturatedNanos(closeTimeout);
        loop.startOn(host);
        return loop;
    }

    /** {@code duration} in nanoseconds, or {@code Long.MAX_VALUE} if it is longer than that can hold. */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    private EventLoop create() {
        String loopName = name != null ? name : "loopsync-" + LOOP_COUNTER.incrementAndGet();
        boolean debugMode = debug != null ? debug : Boolean.getBoolean(DebugMonitor.DEBUG_PROPERTY);
        return new EventLoop(loopName, clock != null ? clock : LoopClock.system(), readyPolicy, listener,
                exceptionHandler, debugMode ? resolvedSlowCallbackThreshold() : null);
    }

    /** The builder's threshold, else the system property's, else asyncio's 100 ms. */
    private Duration resolvedSlowCallbackThreshold() {
        if (slowCallbackThreshold != null) {
            return slowCallbackThreshold;
        }
        String property = System.getProperty(DebugMonitor.SLOW_CALLBACK_PROPERTY);
        if (property == null) {
            return DebugMonitor.DEFAULT_SLOW_CALLBACK;
        }
        long millis;
        try {
            millis = Long.parseLong(property.trim());
        } catch (NumberFormatException notANumber) {
            millis = -1;
        }
        if (millis <= 0) {
            throw new IllegalArgumentException(DebugMonitor.SLOW_CALLBACK_PROPERTY + ": " + property
                    + " (expected: a whole number of milliseconds > 0)");
        }
        return Duration.ofMillis(millis);
    }
}
