package io.github.loopsync.loop;

import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.queue.QueueShutDownException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asynchronous loops without recursion: {@code while} ({@link #repeatWhile}, {@link #repeat}),
 * {@code for} over an iterable ({@link #forEach(Iterable, Function)}), a worker over a queue
 * until it is shut down ({@link #forEach(AsyncQueue, Function)}), and a map with bounded
 * concurrency ({@link #map}). They are what asyncio writes as {@code while ...: await ...}.
 *
 * <p>Example, a worker that handles every item of a queue until the queue is shut down:
 * <pre>{@code
 * loop.createTask(() -> Loops.forEach(jobs, job -> handle(job)));
 * }</pre>
 *
 * <p><b>Stack.</b> Each helper runs in constant stack, however many of its steps are ready at
 * once: a step whose stage is already complete is followed by the next in a plain loop, and a
 * pending step parks the helper until its stage completes. The obvious recursive worker, {@code
 * next() { queue.get().thenCompose(this::handle).thenRun(this::next); }}, is safe too (loop futures
 * nest dependents only to a small depth, then go through the loop), but it allocates stages per
 * item and, past that depth, spends a loop step per level; these helpers take ready steps in place.
 *
 * <p><b>Cancellation.</b> A helper waits on exactly the stages its steps return (and, for {@code
 * map}, on the tasks it runs). Cancelling the task that runs the helper therefore cancels the wait
 * the helper is parked on; the {@code CancellationException} ends the helper, which fails with it,
 * unless the step's own chain catches it, in which case the loop goes on, as a Python loop whose
 * body catches {@code CancelledError} does. Cancelling the stage a helper returns only completes
 * that stage: run the helper as a task (or in {@link Tasks#waitFor(Supplier, java.time.Duration)})
 * to be able to stop it.
 *
 * <p><b>Errors.</b> A step that throws or whose stage fails ends the loop, and the helper's stage
 * fails with that very exception (unwrapped from {@code CompletionException}), never a wrapper.
 * An {@link Error} ends the loop like any failure and is never swallowed. The stage a helper
 * returns completes on the loop thread, in the step that ended the loop.
 *
 * <p><b>Loop confinement.</b> Call the helpers on a loop thread. Their steps run on that loop's
 * thread; a step's stage completed by another thread resumes the helper through the loop. The
 * stage a helper returns runs its {@code *Async} dependents on the loop, and refuses a blocking
 * {@code join} on the loop thread, as a loop future's dependents do.
 */
public final class Loops {

    private Loops() {
    }

    /**
     * Runs {@code body} while {@code condition} holds, waiting for each body's stage before testing
     * the condition again (asyncio's {@code while condition(): await body()}).
     *
     * @param condition tested before each iteration, on the loop thread
     * @param body starts one iteration
     * @return a stage completing with {@code null} once the condition is false, or failing as the
     *     first failed iteration did
     * @throws IllegalStateException if called off a loop thread
     */
    public static CompletionStage<Void> repeatWhile(BooleanSupplier condition,
            Supplier<? extends CompletionStage<?>> body) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(body, "body");
        return start(new Trampoline<Void>(EventLoop.current()) {
            @Override
            CompletionStage<?> nextStep() {
                if (!condition.getAsBoolean()) {
                    result.complete(null);
                    return null;
                }
                return Objects.requireNonNull(body.get(), "the loop body returned null instead of a stage");
            }

            @Override
            boolean stepDone(Object value, Throwable failure) {
                return succeeded(this, failure);
            }
        });
    }

    /**
     * Runs {@code step} again and again until its stage completes with {@code false} (a {@code
     * do ... while} whose condition is computed asynchronously by the step itself).
     *
     * @param step one iteration; its stage tells whether to go on
     * @return a stage completing with {@code null} after the first step that returned {@code
     *     false}, or failing as the first failed step did
     * @throws IllegalStateException if called off a loop thread
     */
    public static CompletionStage<Void> repeat(Supplier<? extends CompletionStage<Boolean>> step) {
        Objects.requireNonNull(step, "step");
        return start(new Trampoline<Void>(EventLoop.current()) {
            @Override
            CompletionStage<?> nextStep() {
                return Objects.requireNonNull(step.get(), "the loop step returned null instead of a stage");
            }

            @Override
            boolean stepDone(Object value, Throwable failure) {
                if (!succeeded(this, failure)) {
                    return false;
                }
                if (value == null) {
                    throw new NullPointerException("the loop step's stage completed with null (expected: true or false)");
                }
                if (!(Boolean) value) {
                    result.complete(null);
                    return false;
                }
                return true;
            }
        });
    }

    /**
     * Runs {@code body} for each item in order, waiting for each body's stage before taking the
     * next item (asyncio's {@code for item in items: await body(item)}).
     *
     * @param items the items; iterated on the loop thread
     * @param body starts the work for one item
     * @param <T> the item type
     * @return a stage completing with {@code null} after the last item, or failing as the first
     *     failed item did (the remaining items are not taken)
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> CompletionStage<Void> forEach(Iterable<? extends T> items,
            Function<? super T, ? extends CompletionStage<?>> body) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(body, "body");
        EventLoop loop = EventLoop.current();
        Iterator<? extends T> iterator = items.iterator();
        return start(new Trampoline<Void>(loop) {
            @Override
            CompletionStage<?> nextStep() {
                if (!iterator.hasNext()) {
                    result.complete(null);
                    return null;
                }
                return Objects.requireNonNull(body.apply(iterator.next()), "the loop body returned null instead of a stage");
            }

            @Override
            boolean stepDone(Object value, Throwable failure) {
                return succeeded(this, failure);
            }
        });
    }

    /**
     * Takes items from {@code queue} and runs {@code body} for each, one at a time, until the
     * queue is shut down and drained (asyncio's worker {@code while True: item = await q.get();
     * try: await body(item) finally: q.task_done()}). After each item's body has finished,
     * whatever its outcome, the helper calls {@link AsyncQueue#taskDone()}, so that {@link
     * AsyncQueue#join()} works; the body must not call it for the same item.
     *
     * @param queue the queue to consume
     * @param body starts the work for one item
     * @param <E> the item type
     * @return a stage completing with {@code null} when {@code get()} reports the shutdown (a
     *     {@link QueueShutDownException} ends the loop normally), or failing as the first failed
     *     item did, or with the {@code CancellationException} that cancelled the wait for an item
     * @throws IllegalStateException if called off a loop thread
     */
    public static <E> CompletionStage<Void> forEach(AsyncQueue<E> queue,
            Function<? super E, ? extends CompletionStage<?>> body) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(body, "body");
        return start(new QueueWorker<>(EventLoop.current(), queue, body));
    }

    /**
     * Applies {@code function} to every item, each as a task of its own, with at most {@code
     * maxInFlight} of them running at a time, and returns the values in input order (asyncio's
     * {@code gather} over a semaphore-bounded set of tasks). The first failure cancels the tasks
     * still running and starts no more; once they have all finished, the stage fails with that
     * first failure, as itself. The tasks belong to the calling task: cancelling it cancels them.
     *
     * @param items the inputs; iterated lazily on the loop thread, as slots free up
     * @param maxInFlight the most tasks running at once; at least 1
     * @param function starts the work for one item; runs inside that item's task
     * @param <T> the input type
     * @param <R> the value type
     * @return the values, in input order
     * @throws IllegalArgumentException if {@code maxInFlight} is less than 1
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T, R> CompletionStage<List<R>> map(Iterable<? extends T> items, int maxInFlight,
            Function<? super T, ? extends CompletionStage<R>> function) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(function, "function");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: >= 1)");
        }
        BoundedMap<T, R> map = new BoundedMap<>(EventLoop.current(), items.iterator(), maxInFlight, function);
        map.launch();
        return map.result;
    }

    private static <R> CompletionStage<R> start(Trampoline<R> trampoline) {
        trampoline.drive();
        return trampoline.result;
    }

    /** Fails the helper with {@code failure}, unwrapped, if there is one. */
    private static boolean succeeded(Trampoline<?> trampoline, Throwable failure) {
        if (failure != null) {
            trampoline.result.completeExceptionally(Tasks.unwrap(failure));
            return false;
        }
        return true;
    }

    /** Alternates get and body; a shutdown seen by get ends the loop normally. */
    private static final class QueueWorker<E> extends Trampoline<Void> {
        private final AsyncQueue<E> queue;
        private final Function<? super E, ? extends CompletionStage<?>> body;
        /** Non-null between a get that returned it and the end of its body. */
        private E taken;
        private boolean bodyRunning;

        QueueWorker(EventLoop loop, AsyncQueue<E> queue, Function<? super E, ? extends CompletionStage<?>> body) {
            super(loop);
            this.queue = queue;
            this.body = body;
        }

        @Override
        CompletionStage<?> nextStep() {
            if (!bodyRunning) {
                return queue.get();
            }
            E item = taken;
            taken = null;
            CompletionStage<?> work;
            try {
                work = Objects.requireNonNull(body.apply(item), "the loop body returned null instead of a stage");
            } catch (Throwable thrown) {
                bodyRunning = false;
                queue.taskDone();
                throw thrown;
            }
            return work;
        }

        @Override
        @SuppressWarnings("unchecked")
        boolean stepDone(Object value, Throwable failure) {
            if (bodyRunning) {
                bodyRunning = false;
                queue.taskDone();
                return succeeded(this, failure);
            }
            if (failure != null) {
                Throwable cause = Tasks.unwrap(failure);
                if (cause instanceof QueueShutDownException) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(cause);
                }
                return false;
            }
            taken = (E) value;
            bodyRunning = true;
            return true;
        }
    }
}
