package io.github.loopsync.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waiting and combining on the current thread's loop: {@code sleep}, {@code yieldNow}, {@code
 * waitFor}, {@code timeout}, {@code gather}, {@code asCompleted} and {@code wait}, with asyncio's
 * semantics.
 *
 * <p>Example: <pre>{@code
 * LoopFuture<List<String>> both = Tasks.gather(
 *     loop.createTask(() -> fetch("a")),
 *     loop.createTask(() -> fetch("b")));
 * }</pre>
 *
 * <p><b>Cancellation.</b> A task waits for the futures returned here once it chains on them.
 * Cancelling a {@code gather}, {@code waitFor} or {@code timeout} future cancels the work it
 * supervises and completes once that work has finished. {@code wait} and {@code asCompleted}
 * never cancel what they watch.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread, and uses that loop.
 */
public final class Tasks {

    private Tasks() {
    }

    /**
     * Completes after {@code delay} of loop time (virtual in tests). Cancelling the future removes
     * its timer. A zero or negative delay is {@link #yieldNow()}.
     *
     * @param delay how long to sleep
     * @return a future completing with {@code null}
     * @throws IllegalStateException if called off a loop thread
     */
    public static LoopFuture<Void> sleep(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        EventLoop loop = EventLoop.current();
        if (delay.isZero() || delay.isNegative()) {
            return yieldNow(loop);
        }
        return new SleepFuture(loop, delay);
    }

    /**
     * Lets every other ready callback run once: the returned future completes at the loop's next
     * iteration (asyncio's {@code await asyncio.sleep(0)}).
     *
     * @return a future completing with {@code null} one iteration later
     * @throws IllegalStateException if called off a loop thread
     */
    public static LoopFuture<Void> yieldNow() {
        return yieldNow(EventLoop.current());
    }

    private static LoopFuture<Void> yieldNow(EventLoop loop) {
        LoopFuture<Void> yielded = new LoopFuture<>(loop, true);
        yielded.decideValue(null);
        return yielded;
    }

    /**
     * Waits for {@code stage} at most {@code timeout}; on timeout cancels it and, once it has
     * finished, fails with {@link TimeoutException} (asyncio's {@code wait_for}). Only loop futures
     * and tasks stop their work when cancelled; cancelling a dependent stage
     * ({@code acquire().thenCompose(...)}) only completes that stage, so prefer the {@link
     * #waitFor(Supplier, Duration)} form for chains.
     *
     * @param stage what to wait for
     * @param timeout the longest wait, in loop time
     * @param <T> the value type
     * @return the stage's value, or a {@link TimeoutException}
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<T> waitFor(CompletionStage<T> stage, Duration timeout) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(timeout, "timeout");
        return new Combinators.WaitFor<>(EventLoop.current(), stage, timeout);
    }

    /**
     * Runs {@code body} as a task and waits for it at most {@code timeout}; on timeout the task is
     * cancelled and, once it has finished, the result fails with {@link TimeoutException}.
     *
     * @param body the work
     * @param timeout the longest wait, in loop time
     * @param <T> the value type
     * @return the work's value, or a {@link TimeoutException}
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<T> waitFor(Supplier<? extends CompletionStage<T>> body, Duration timeout) {
        Objects.requireNonNull(body, "body");
        return waitFor(EventLoop.current().createTask(body), timeout);
    }

    /**
     * Runs {@code body} as a task under a {@link Timeout} that expires {@code delay} from now and
     * that the body may reschedule.
     *
     * @param delay time until the deadline
     * @param body the work; receives the timeout
     * @param <T> the value type
     * @return the work's value, or a {@link TimeoutException} after expiry
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<T> timeout(Duration delay, Function<? super Timeout, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(delay, "delay");
        EventLoop loop = EventLoop.current();
        long now = loop.time();
        long nanos = Math.max(0, delay.toNanos());
        return Timeout.open(loop, nanos > Long.MAX_VALUE - 1 - now ? Long.MAX_VALUE - 1 : now + nanos, body);
    }

    /**
     * Runs {@code body} as a task under a {@link Timeout} with an absolute deadline in loop time;
     * {@link Long#MAX_VALUE} means no deadline until rescheduled.
     *
     * @param deadline the deadline in loop nanoseconds
     * @param body the work; receives the timeout
     * @param <T> the value type
     * @return the work's value, or a {@link TimeoutException} after expiry
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<T> timeoutAt(long deadline, Function<? super Timeout, ? extends CompletionStage<T>> body) {
        return Timeout.open(EventLoop.current(), deadline, body);
    }

    /**
     * Waits for all stages and returns their values in the given order; fails as soon as one
     * fails, without cancelling the others (asyncio's {@code gather}). Cancelling the result
     * cancels every stage. No stages give an empty list.
     *
     * @param stages the stages
     * @param <T> the value type
     * @return the values, in input order
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> stages) {
        Objects.requireNonNull(stages, "stages");
        return new Combinators.Gather<T, T>(EventLoop.current(), stages, false);
    }

    /**
     * Varargs form of {@link #gather(List)}.
     *
     * @param stages the stages
     * @param <T> the value type
     * @return the values, in input order
     * @throws IllegalStateException if called off a loop thread
     */
    @SafeVarargs
    public static <T> LoopFuture<List<T>> gather(CompletionStage<? extends T>... stages) {
        List<CompletionStage<? extends T>> list = new ArrayList<>(stages.length);
        for (CompletionStage<? extends T> stage : stages) {
            list.add(stage);
        }
        return gather(list);
    }

    /**
     * Waits for all stages and returns how each ended, never failing because of them (asyncio's
     * {@code gather(..., return_exceptions=True)}). Cancelling the result cancels every stage and
     * then fails with {@link CancellationException}.
     *
     * @param stages the stages
     * @param <T> the value type
     * @return one outcome per stage, in input order
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<List<Outcome<T>>> gatherOutcomes(List<? extends CompletionStage<? extends T>> stages) {
        Objects.requireNonNull(stages, "stages");
        return new Combinators.Gather<T, Outcome<T>>(EventLoop.current(), stages, true);
    }

    /**
     * Futures that complete in the order the stages finish: the first takes the outcome of whichever
     * stage finishes first, and so on (asyncio's {@code as_completed}).
     *
     * @param stages the stages
     * @param <T> the value type
     * @return one future per stage, in completion order
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> List<LoopFuture<T>> asCompleted(List<? extends CompletionStage<? extends T>> stages) {
        Objects.requireNonNull(stages, "stages");
        return Combinators.asCompleted(EventLoop.current(), stages);
    }

    /**
     * Waits until {@code when} holds and splits the futures into done and pending (asyncio's
     * {@code wait}); never cancels them.
     *
     * @param futures the futures; not empty
     * @param when the condition
     * @param <T> the value type
     * @return the partition
     * @throws IllegalArgumentException if {@code futures} is empty
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<WaitResult<T>> wait(Collection<? extends LoopFuture<T>> futures, ReturnWhen when) {
        return wait(futures, when, null);
    }

    /**
     * Like {@link #wait(Collection, ReturnWhen)}, returning the current partition once {@code
     * timeout} of loop time has passed.
     *
     * @param futures the futures; not empty
     * @param when the condition
     * @param timeout the longest wait, or {@code null} for none
     * @param <T> the value type
     * @return the partition
     * @throws IllegalArgumentException if {@code futures} is empty
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<WaitResult<T>> wait(Collection<? extends LoopFuture<T>> futures, ReturnWhen when,
            Duration timeout) {
        Objects.requireNonNull(futures, "futures");
        Objects.requireNonNull(when, "when");
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("futures: empty (expected: at least one future to wait for)");
        }
        return new Combinators.Wait<>(EventLoop.current(), futures, when, timeout);
    }

    /**
     * Strips the {@code CompletionException} and {@code ExecutionException} wrappers that {@code
     * CompletableFuture} puts around a failure, returning the exception that was actually thrown.
     *
     * @param failure an exception, or {@code null}
     * @return the innermost cause that is not such a wrapper, or {@code null}
     */
    public static Throwable unwrap(Throwable failure) {
        return Exceptions.unwrap(failure);
    }

    /**
     * True if {@code failure}, once unwrapped from {@code CompletionException}s, is a {@link
     * CancellationException}: the test to use in {@code exceptionally} and {@code handle}.
     *
     * @param failure an exception, or {@code null}
     * @return whether it is a cancellation
     */
    public static boolean isCancellation(Throwable failure) {
        return Exceptions.unwrap(failure) instanceof CancellationException;
    }
}
