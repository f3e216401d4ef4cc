package io.github.loopsync.loop;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Structured concurrency: a scope whose tasks all finish before it does, and in which one failure
 * cancels the rest (asyncio's {@code TaskGroup}).
 *
 * <p>Example: <pre>{@code
 * LoopFuture<Integer> total = TaskGroup.run(group -> {
 *     Task<Integer> a = group.createTask(() -> fetchCount("a"));
 *     Task<Integer> b = group.createTask(() -> fetchCount("b"));
 *     return a.thenCombine(b, Integer::sum);
 * });
 * }</pre>
 *
 * <p><b>Failure.</b> When a task of the group, or the group's body, fails with anything but a
 * cancellation, the group cancels its body and every other task, waits for all of them to finish,
 * and fails with a {@link TaskGroupException} holding every failure.
 *
 * <p><b>Cancellation.</b> Cancelling the group's future (or the task waiting on it) cancels the
 * body first, as asyncio delivers a cancellation to the code inside {@code async with
 * TaskGroup()}: if the body absorbs it, the group's tasks go on and the group completes normally;
 * if it escapes the body (or arrives once the body has finished), every task is cancelled and the
 * future completes with a {@link CancellationException} after all of them have finished, their
 * cleanup included. A task cancelled on its own does not affect its siblings.
 *
 * <p><b>Loop confinement.</b> All methods must be called on the loop thread.
 */
public final class TaskGroup {

    private final EventLoop loop;
    private final Set<Task<?>> running = new LinkedHashSet<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final GroupFuture<?> future;
    private Task<?> body;
    /** Set when the body's completion has been seen (its value is known). */
    private boolean bodyFinished;
    private boolean aborting;
    private boolean finished;
    private boolean cancelledFromOutside;
    private String cancelMessage;

    private TaskGroup(EventLoop loop) {
        this.loop = loop;
        this.future = new GroupFuture<>(loop, this);
    }

    /**
     * Opens a group, runs {@code body} in it as a task, and completes with the body's value once
     * the body and every task of the group have finished.
     *
     * @param body creates the group's tasks and returns the group's result stage
     * @param <T> the result type
     * @return the group's future; a task that chains on it waits for the group
     * @throws IllegalStateException if called off a loop thread
     */
    public static <T> LoopFuture<T> run(Function<? super TaskGroup, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        EventLoop loop = EventLoop.current();
        TaskGroup group = new TaskGroup(loop);
        @SuppressWarnings("unchecked")
        GroupFuture<T> result = (GroupFuture<T>) group.future;
        Task<T> bodyTask = loop.createTask(() -> body.apply(group));
        group.body = bodyTask;
        Combinators.onCompletion(loop, bodyTask, (value, failure) -> {
            result.bodyValue = value;
            group.bodyFinished = true;
            group.memberDone(bodyTask, failure);
        });
        return result;
    }

    /**
     * Starts a task in the group.
     *
     * @param work the task's body
     * @param <U> the task's result type
     * @return the task
     * @throws IllegalStateException if the group has finished or is shutting down after a failure
     *     or a cancellation, or if called off the loop thread
     */
    public <U> Task<U> createTask(Supplier<? extends CompletionStage<U>> work) {
        return createTask(null, work);
    }

    /**
     * Starts a named task in the group.
     *
     * @param name the task's name, or {@code null}
     * @param work the task's body
     * @param <U> the task's result type
     * @return the task
     * @throws IllegalStateException if the group has finished or is shutting down, or if called
     *     off the loop thread
     */
    public <U> Task<U> createTask(String name, Supplier<? extends CompletionStage<U>> work) {
        loop.checkInLoop("TaskGroup.createTask");
        if (finished) {
            throw new IllegalStateException("TaskGroup has finished; it cannot start " + (name != null ? name : "a task"));
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup is shutting down; it cannot start " + (name != null ? name : "a task"));
        }
        Task<U> task = loop.createTask(name, work);
        running.add(task);
        Combinators.onCompletion(loop, task, (value, failure) -> memberDone(task, failure));
        return task;
    }

    private void memberDone(Task<?> task, Throwable failure) {
        running.remove(task);
        Throwable cause = Exceptions.unwrap(failure);
        if (cause != null && !(cause instanceof CancellationException)) {
            failures.add(cause);
            abort(null);
        } else if (task == body && cause != null && !aborting) {
            // The body was cancelled on its own: the whole group is cancelled.
            cancelledFromOutside = true;
            cancelMessage = cause.getMessage();
            abort(cause.getMessage());
        }
        if (running.isEmpty() && bodyFinished) {
            finish();
        }
    }

    private void abort(String message) {
        if (aborting) {
            return;
        }
        aborting = true;
        if (!bodyFinished) {
            body.cancel(message);
        }
        for (Task<?> task : new ArrayList<>(running)) {
            task.cancel(message);
        }
    }

    private void finish() {
        finished = true;
        if (!failures.isEmpty()) {
            future.decideFailure(new TaskGroupException(failures));
        } else if (cancelledFromOutside) {
            future.decideFailure(new LoopCancellationException(cancelMessage));
        } else {
            future.succeed();
        }
    }

    @Override
    public String toString() {
        return "TaskGroup[" + (finished ? "finished" : aborting ? "shutting down" : "running") + ", tasks="
                + running.size() + ", failures=" + failures.size() + "]";
    }

    private static final class GroupFuture<T> extends ScopeFuture<T> {
        private final TaskGroup group;
        T bodyValue;

        GroupFuture(EventLoop loop, TaskGroup group) {
            super(loop);
            this.group = group;
        }

        void succeed() {
            decideValue(bodyValue);
        }

        /**
         * As in asyncio's {@code async with TaskGroup()}: the cancellation first reaches the body,
         * which may absorb it; only a cancellation that escapes the body (or one that arrives after
         * the body finished) cancels the group's tasks.
         */
        @Override
        void cancelWork(String message) {
            if (!group.bodyFinished) {
                group.body.cancel(message);
                return;
            }
            group.cancelledFromOutside = true;
            group.cancelMessage = message;
            group.abort(message);
        }
    }
}
