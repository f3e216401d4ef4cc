package io.github.loopsync.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A stall watchdog for tests that cross threads: the test waits through it ({@link #join}, {@link
 * #get}, {@link #until}), and if the waiting is not over within the limit, the watchdog prints a
 * report (the state the test registered, such as a queue's and a loop's, sampled before and after
 * a dump of every thread with its scheduler state) to {@code System.err} and fails the wait with
 * the same report.
 * A stall thus explains itself, and a passing test prints nothing.
 *
 * <p>The limit is {@value #DEFAULT_LIMIT_SECONDS} seconds, or the system property {@value
 * #LIMIT_PROPERTY} in seconds (a small value provokes the report under load, to see what a slow
 * run is doing). It bounds a failing run only: no test measures time with it.
 *
 * <p>Example: <pre>{@code
 * try (Watchdog watchdog = Watchdog.watch("threads to loop", () -> queue + ", " + loop)) {
 *     watchdog.join(producer);
 *     List<Long> received = watchdog.get(drained);
 * }
 * }</pre>
 */
public final class Watchdog implements AutoCloseable {

    /** The system property that overrides the limit, in seconds. */
    public static final String LIMIT_PROPERTY = "loopsync.test.stallLimit";
    /** The limit when the property is not set. */
    public static final int DEFAULT_LIMIT_SECONDS = 30;

    private final String what;
    private final Supplier<String> state;
    private final Thread owner = Thread.currentThread();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Duration limit;
    /** The report, once the watchdog fired; guarded by this. */
    private String report;
    private boolean over;

    private Watchdog(String what, Duration limit, Supplier<String> state) {
        this.what = what;
        this.limit = limit;
        this.state = state;
    }

    /**
     * Starts watching the calling thread's waits.
     *
     * @param what what the test is doing, for the report
     * @param state describes the state to report (called only when the watchdog fires)
     * @return the running watchdog; close it when the test is done
     */
    public static Watchdog watch(String what, Supplier<String> state) {
        Watchdog watchdog = new Watchdog(what, Duration.ofSeconds(Long.getLong(LIMIT_PROPERTY, DEFAULT_LIMIT_SECONDS)),
                state);
        Thread timer = new Thread(watchdog::watchUntilClosedOrLimit, "watchdog for " + what);
        timer.setDaemon(true);
        timer.start();
        return watchdog;
    }

    private void watchUntilClosedOrLimit() {
        try {
            if (closed.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        String text = buildReport();
        synchronized (this) {
            if (over) {
                return;
            }
            report = text;
        }
        System.err.println(text);
        owner.interrupt();
    }

    private String buildReport() {
        StringBuilder text = new StringBuilder("STALL: " + what + " did not finish within " + limit.toSeconds()
                + " s (watchdog limit; -D" + LIMIT_PROPERTY + "=seconds to change)\n");
        appendStates(text, "state");
        text.append(ThreadDump.allThreads());
        appendStates(text, "state after the dump");
        return text.toString();
    }

    /** The states are sampled before and after the dump: if they differ, the run was moving, not stuck. */
    private void appendStates(StringBuilder text, String label) {
        try {
            text.append(label).append(": ").append(state.get()).append('\n');
        } catch (RuntimeException failure) {
            text.append(label).append(": unavailable (").append(failure).append(")\n");
        }
    }

    /**
     * Waits for {@code thread} to end.
     *
     * @param thread the thread
     * @throws AssertionError with the stall report if the limit passes first
     */
    public void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw stalled("joining " + thread.getName());
        }
    }

    /**
     * Waits for {@code future}'s value.
     *
     * @param future the future
     * @param <T> the value type
     * @return the value
     * @throws ExecutionException if the future failed
     * @throws AssertionError with the stall report if the limit passes first
     */
    public <T> T get(Future<T> future) throws ExecutionException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw stalled("waiting for " + future);
        }
    }

    /**
     * Spins (yielding, never sleeping) until {@code holds} is true.
     *
     * @param condition what is awaited, for the report
     * @param holds the condition
     * @throws AssertionError with the stall report if the limit passes first
     */
    public void until(String condition, BooleanSupplier holds) {
        while (!holds.getAsBoolean()) {
            if (Thread.interrupted() || fired()) {
                throw stalled("waiting until " + condition);
            }
            Thread.yield();
        }
    }

    private synchronized boolean fired() {
        return report != null;
    }

    private AssertionError stalled(String waiting) {
        String text;
        synchronized (this) {
            text = report;
        }
        if (text == null) {
            text = buildReport();                    // interrupted by someone else: report all the same
        }
        return new AssertionError(waiting + ":\n" + text);
    }

    /** Stops watching; a report that came too late to matter is discarded with its interrupt. */
    @Override
    public void close() {
        boolean firedLate;
        synchronized (this) {
            over = true;
            firedLate = report != null;
        }
        closed.countDown();
        if (firedLate && Thread.currentThread() == owner) {
            Thread.interrupted();
        }
    }
}
