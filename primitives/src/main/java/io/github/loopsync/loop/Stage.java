package io.github.loopsync.loop;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A dependent stage ({@code thenApply}, {@code whenComplete}, ...): a loop future whose outcome is
 * computed from another's by user code. It is decided and delivered in one step, inline (depth
 * permitting), since its value is the result of code that already ran; it belongs to no task, and
 * a task's cancellation reaches the leaf the chain waits on instead. Subclasses, one per shape,
 * are in {@link Stages}.
 *
 * @param <T> the stage's value type
 */
abstract class Stage<T> extends LoopFuture<T> implements Dependent {

    // What this stage waits for (its source, then the stage its function returned) is kept in
    // FutureState.link, the field that holds the owning task of other futures: a stage has no owner.

    Stage(EventLoop loop) {
        super(loop, false);
    }

    /** A stage belongs to no task: the task's cancellation reaches the leaf it waits for. */
    @Override
    final void chainedWhilePending() {
    }

    /**
     * Passes the cancellation on to what this stage waits for, as asyncio passes a task's
     * cancellation to the future it awaits; the stage then completes with whatever comes out (a
     * function further up may catch the cancellation and recover). If that is already final, the
     * stage itself is cancelled.
     */
    @Override
    public boolean cancel(String message) {
        if (isDecided()) {
            return isCancelled();
        }
        if (!loop.inLoopThread()) {
            return loop.tryExecute(() -> cancel(message)) || super.cancel(message);
        }
        if (cancelAwaited(link, message)) {
            return true;
        }
        return super.cancel(message);
    }

    /** Cancels {@code target} if it is still pending; true if the cancellation was passed on. */
    static boolean cancelAwaited(Object target, String message) {
        if (target instanceof LoopFuture) {
            LoopFuture<?> future = (LoopFuture<?>) target;
            return !future.isDone() && future.cancel(message);
        }
        if (target instanceof java.util.concurrent.Future) {
            return ((java.util.concurrent.Future<?>) target).cancel(false);
        }
        return false;
    }

    /** Runs the stage's function on the source's outcome; the stage may already be cancelled. */
    abstract void run(Object value, Throwable failure);

    @Override
    public final void fire(Object value, Throwable failure) {
        if (!isDecided()) {
            run(value, failure);
        }
    }

    /** A stage's value is the result of code that already ran: final once decided. */
    @Override
    protected final boolean decidedValueIsFinal() {
        return true;
    }

    @Override
    final boolean cancelForOwner(CancellationException cancellation) {
        return false;
    }

    /** Completes with {@code value}: inline on the loop thread, else through the loop. */
    @SuppressWarnings("unchecked")
    final void succeed(Object value) {
        if (loop.inLoopThread()) {
            completeInline(value);
        } else {
            decideValue((T) value);
        }
    }

    /** Fails with {@code failure}: inline on the loop thread, else through the loop. */
    final void fail(Throwable failure) {
        if (loop.inLoopThread()) {
            failInline(failure);
        } else {
            decideFailure(failure);
        }
    }

    /**
     * Fails with what user code threw. An {@link Error} the code raised itself (not the failure it
     * was handed and passed on) also goes to the loop's exception handler at once: it travels down
     * the chain like any failure, but no catch-all further down can hide it.
     *
     * @param thrown what the code threw
     * @param received the failure the code was handed, or null
     */
    final void failFromUserCode(Throwable thrown, Throwable received) {
        Throwable cause = Exceptions.unwrap(thrown);
        if (cause instanceof Error && cause != received) {
            loop.reportError("a dependent stage raised an Error; it also fails the stage and the chain after it",
                    cause, null);
        }
        fail(cause);
    }

    /** Takes the outcome of {@code stage} once it completes (thenCompose and friends). */
    final void follow(CompletionStage<?> stage) {
        if (stage == null) {
            fail(new NullPointerException("the function returned null instead of a stage"));
            return;
        }
        link = stage;
        Stages.listen(loop, stage, true, (value, failure) -> {
            if (!isDecided()) {
                if (failure == null) {
                    succeed(value);
                } else {
                    fail(failure);
                }
            }
        });
    }

    @Override
    public String toString() {
        return "stage " + super.toString();
    }

    /** Runs a stage's function on an executor instead of inline ({@code *Async} variants). */
    static final class AsyncHop implements Dependent {
        private final Stage<?> stage;
        private final Executor executor;

        AsyncHop(Stage<?> stage, Executor executor) {
            this.stage = stage;
            this.executor = executor;
        }

        @Override
        public void fire(Object value, Throwable failure) {
            try {
                executor.execute(() -> stage.fire(value, failure));
            } catch (RejectedExecutionException rejected) {
                stage.fail(rejected);
            } catch (Throwable thrown) {
                stage.failFromUserCode(thrown, null);   // a broken executor fails this stage only
            }
        }
    }
}
