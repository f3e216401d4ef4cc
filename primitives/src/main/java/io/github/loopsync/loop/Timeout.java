package io.github.loopsync.loop;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A deadline around a piece of work, which the work itself may move (asyncio's {@code
 * asyncio.timeout()} context manager). Open one with {@link Tasks#timeout} or {@link
 * Tasks#timeoutAt}: the work runs as a child task; when the deadline passes the task is cancelled,
 * and once it has finished the scope fails with {@link TimeoutException} (its cause is the
 * task's {@link CancellationException}).
 *
 * <p>Example: <pre>{@code
 * LoopFuture<String> reply = Tasks.timeout(Duration.ofSeconds(5), timeout ->
 *     connection.readHeader().thenCompose(header -> {
 *         timeout.rescheduleIn(Duration.ofSeconds(30));   // a header arrived: allow the body more time
 *         return connection.readBody(header);
 *     }));
 * }</pre>
 *
 * <p><b>Cancellation.</b> Cancelling the scope's future, or the task that waits on it, cancels
 * the work; the scope then completes with the work's {@link CancellationException} (not a
 * timeout) once the work has finished. If the work absorbs the cancellation and returns a value,
 * the scope returns that value even after the deadline, as in asyncio.
 *
 * <p><b>Loop confinement.</b> All methods must be called on the loop thread.
 */
public final class Timeout {

    private final EventLoop loop;
    private long deadline;
    private TimerHandle timer;
    private boolean expired;
    private boolean finished;
    private Task<?> work;

    Timeout(EventLoop loop, long deadline) {
        this.loop = loop;
        this.deadline = deadline;
    }

    static <T> LoopFuture<T> open(EventLoop loop, long deadline, Function<? super Timeout, ? extends CompletionStage<T>> body) {
        Timeout timeout = new Timeout(loop, deadline);
        Scope<T> scope = new Scope<>(loop, timeout);
        Task<T> task = loop.createTask(() -> body.apply(timeout));
        timeout.work = task;
        timeout.arm();
        Combinators.onCompletion(loop, task, scope::workDone);
        return scope;
    }

    /**
     * The deadline in loop time (see {@link EventLoop#time()}), or {@link Long#MAX_VALUE} if none.
     *
     * @return the deadline in nanoseconds
     */
    public long deadline() {
        loop.checkInLoop("Timeout.deadline");
        return deadline;
    }

    /**
     * Whether the deadline passed and the work was cancelled because of it.
     *
     * @return {@code true} once expired
     */
    public boolean isExpired() {
        loop.checkInLoop("Timeout.isExpired");
        return expired;
    }

    /**
     * Moves the deadline to an absolute loop time; {@link Long#MAX_VALUE} removes it. A deadline
     * in the past expires the scope at the loop's next timer check.
     *
     * @param newDeadline the new deadline in loop nanoseconds
     * @throws IllegalStateException if the scope already expired or finished
     */
    public void reschedule(long newDeadline) {
        loop.checkInLoop("Timeout.reschedule");
        if (expired) {
            throw new IllegalStateException("cannot reschedule an expired timeout");
        }
        if (finished) {
            throw new IllegalStateException("cannot reschedule a timeout whose work has finished");
        }
        deadline = newDeadline;
        arm();
    }

    /**
     * Moves the deadline to {@code delay} from now.
     *
     * @param delay the time from now
     * @throws IllegalStateException if the scope already expired or finished
     */
    public void rescheduleIn(Duration delay) {
        long now = loop.time();
        long nanos = delay.toNanos();
        reschedule(nanos > Long.MAX_VALUE - 1 - now ? Long.MAX_VALUE - 1 : now + Math.max(0, nanos));
    }

    private void arm() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (deadline != Long.MAX_VALUE) {
            timer = loop.callAt(deadline, Combinators.named("timeout scope deadline expires", this::expire));
        }
    }

    private void expire() {
        timer = null;
        if (!finished) {
            expired = true;
            work.cancel("timeout expired");
        }
    }

    @Override
    public String toString() {
        String state = expired ? "expired" : finished ? "finished" : "active";
        return "Timeout[" + state + ", deadline=" + (deadline == Long.MAX_VALUE ? "none" : deadline + "ns") + "]";
    }

    /** The scope's future. */
    private static final class Scope<T> extends ScopeFuture<T> {
        private final Timeout timeout;
        private boolean cancelledFromOutside;

        Scope(EventLoop loop, Timeout timeout) {
            super(loop);
            this.timeout = timeout;
        }

        void workDone(T value, Throwable failure) {
            timeout.finished = true;
            if (timeout.timer != null) {
                timeout.timer.cancel();
                timeout.timer = null;
            }
            Throwable cause = Exceptions.unwrap(failure);
            if (cause == null) {
                decideValue(value);
            } else if (cause instanceof CancellationException && timeout.expired && !cancelledFromOutside) {
                decideFailure(Combinators.timeoutCausedBy("deadline passed", cause));
            } else {
                decideFailure(cause);
            }
        }

        @Override
        void cancelWork(String message) {
            cancelledFromOutside = true;
            timeout.work.cancel(message);
        }
    }
}
