package io.github.loopsync.loop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The engine of the sequential {@link Loops} helpers: runs one step after another in constant
 * stack, whatever mix of ready and pending stages the steps return.
 *
 * @param <R> the result type
 */
abstract class Trampoline<R> {

    /** The loop whose thread runs every step. */
    final EventLoop loop;
    /**
     * The helper's outcome; completed once, by the subclass, on the loop thread. A loop stage, so
     * that {@code *Async} dependents run on the loop and {@code join} on the loop thread refuses.
     */
    final LoopFuture<R> result;

    /** True only while {@link #drive} registers its callback on the current step's stage. */
    private boolean registering;
    /** Set by a callback that ran during the registration: the step's stage was already complete. */
    private boolean arrivedInline;
    private Object inlineValue;
    private Throwable inlineFailure;
    /** The callback registered on every pending step, allocated once. */
    private final BiConsumer<Object, Throwable> arrival = this::arrive;

    /*
     * Implementation notes. A step's stage is either complete already or pending. A
     * CompletableFuture (a loop future included) that has already succeeded is read directly
     * (isDone, then getNow) and costs no registration at all. Any other stage gets the callback:
     * if the stage is complete, the callback runs inside whenComplete while `registering` is true
     * and only records the outcome. Either way drive() takes the next step in its own loop: a
     * million ready steps make a million iterations of that loop, never a million nested frames.
     * If the stage is pending, drive() returns and the callback resumes the loop when the stage
     * completes; that callback runs at the bottom of a loop step (a delivery), so the stack is
     * again flat. A callback from a foreign thread (a stage the user completes elsewhere) is posted
     * to the loop first, so all state here is loop-confined.
     */

    Trampoline(EventLoop loop) {
        this.loop = loop;
        this.result = new CompositeFuture<>(loop);
    }

    /**
     * Begins the next step on the loop thread.
     *
     * @return the stage to wait for, or {@code null} if the helper has finished (the subclass has
     *     completed {@link #result} or is about to)
     */
    abstract CompletionStage<?> nextStep();

    /**
     * The current step's stage completed.
     *
     * @param value its value
     * @param failure its failure, possibly wrapped, or {@code null}
     * @return {@code true} to go on with the next step
     */
    abstract boolean stepDone(Object value, Throwable failure);

    /** Takes steps until one is pending or the helper has finished. */
    final void drive() {
        for (;;) {
            if (result.isDone()) {
                return;
            }
            CompletionStage<?> stage;
            try {
                stage = nextStep();
            } catch (Throwable thrown) {
                result.completeExceptionally(Tasks.unwrap(thrown));
                return;
            }
            if (stage == null) {
                return;
            }
            if (succeededAlready(stage)) {
                if (!proceed(valueNow(stage), null)) {
                    return;
                }
                continue;
            }
            arrivedInline = false;
            registering = true;
            try {
                stage.whenComplete(arrival);
            } catch (Throwable thrown) {
                registering = false;
                result.completeExceptionally(Tasks.unwrap(thrown));
                return;
            }
            registering = false;
            if (!arrivedInline) {
                return;                                   // parked: arrive() resumes the loop
            }
            Object value = inlineValue;
            Throwable failure = inlineFailure;
            inlineValue = null;
            inlineFailure = null;
            if (!proceed(value, failure)) {
                return;
            }
        }
    }

    /** True if the future's value is final and readable now, without registering anything. */
    private static boolean succeededAlready(CompletionStage<?> stage) {
        if (stage instanceof LoopFuture) {
            LoopFuture<?> future = (LoopFuture<?>) stage;
            return future.isDone() && !future.isCompletedExceptionally();
        }
        if (stage instanceof CompletableFuture) {
            CompletableFuture<?> future = (CompletableFuture<?>) stage;
            return future.isDone() && !future.isCompletedExceptionally();
        }
        return false;
    }

    /** The value of a stage that {@link #succeededAlready}. */
    private static Object valueNow(CompletionStage<?> stage) {
        return stage instanceof LoopFuture ? ((LoopFuture<?>) stage).getNow(null) : ((CompletableFuture<?>) stage).getNow(null);
    }

    private void arrive(Object value, Throwable failure) {
        if (!loop.inLoopThread()) {
            loop.execute(() -> arrive(value, failure));
            return;
        }
        if (registering) {
            arrivedInline = true;
            inlineValue = value;
            inlineFailure = failure;
            return;
        }
        if (proceed(value, failure)) {
            drive();
        }
    }

    private boolean proceed(Object value, Throwable failure) {
        try {
            return stepDone(value, failure);
        } catch (Throwable thrown) {
            result.completeExceptionally(Tasks.unwrap(thrown));
            return false;
        }
    }
}
