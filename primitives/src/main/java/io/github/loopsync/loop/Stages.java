package io.github.loopsync.loop;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/** The shapes of dependent stages behind {@link LoopFuture}'s {@link CompletionStage} methods. */
final class Stages {

    private Stages() {
    }

    /**
     * Calls {@code dependent} on the loop thread with {@code stage}'s outcome, unwrapped: directly
     * for a loop future, through a hop onto the loop for any other stage. {@code waitedOn} says
     * whether the running task now waits for {@code stage} (a user's chain) or only watches it (a
     * combinator, a task's body).
     */
    static void listen(EventLoop loop, CompletionStage<?> stage, boolean waitedOn, Dependent dependent) {
        if (stage instanceof LoopFuture && ((LoopFuture<?>) stage).loop == loop) {
            LoopFuture<?> future = (LoopFuture<?>) stage;
            if (waitedOn) {
                future.subscribe(dependent);
            } else {
                future.listen(dependent);
            }
            return;
        }
        stage.whenComplete((value, failure) -> {
            Throwable cause = Exceptions.unwrap(failure);
            if (loop.inLoopThread()) {
                dependent.fire(value, cause);
            } else if (!loop.tryExecute(() -> dependent.fire(value, cause))) {
                dependent.fire(value, cause);
            }
        });
    }

    /** Subscribes {@code stage} to {@code source}, inline or through {@code executor}. */
    static <U> Stage<U> attach(FutureCore<?> source, Stage<U> stage, Executor executor) {
        stage.link = source;
        source.subscribe(executor == null ? stage : new Stage.AsyncHop(stage, executor));
        return stage;
    }

    /**
     * A stage that calls one function: on the source's value, on its failure, or on either. What
     * the function is not called on passes through unchanged; what it returns is the stage's value
     * or, for the composing shapes, the stage whose outcome this one takes.
     */
    abstract static class Call<T> extends Stage<T> {
        static final int ON_VALUE = 0;
        static final int ON_FAILURE = 1;
        static final int ON_EITHER = 2;

        Call(EventLoop loop) {
            super(loop);
        }

        /** What the function is called on: {@link #ON_VALUE}, {@link #ON_FAILURE} or {@link #ON_EITHER}. */
        abstract int calledOn();

        /** Whether the function returns the stage to take the outcome of (no field: a stage stays small). */
        boolean composes() {
            return false;
        }

        /** Calls the function; what it throws fails the stage. */
        abstract Object call(Object value, Throwable failure);

        @Override
        final void run(Object value, Throwable failure) {
            int on = calledOn();
            if (failure != null ? on == ON_VALUE : on == ON_FAILURE) {
                if (failure != null) {
                    fail(failure);
                } else {
                    succeed(value);
                }
                return;
            }
            Object result;
            try {
                result = call(value, failure);
            } catch (Throwable thrown) {
                failFromUserCode(thrown, failure);
                return;
            }
            if (composes()) {
                follow((CompletionStage<?>) result);
            } else {
                succeed(result);
            }
        }
    }

    static final class Apply<T, U> extends Call<U> {
        private final Function<? super T, ? extends U> fn;

        Apply(EventLoop loop, Function<? super T, ? extends U> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        int calledOn() {
            return ON_VALUE;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object call(Object value, Throwable failure) {
            return fn.apply((T) value);
        }
    }

    static final class Accept<T> extends Call<Void> {
        private final Consumer<? super T> action;

        Accept(EventLoop loop, Consumer<? super T> action) {
            super(loop);
            this.action = action;
        }

        @Override
        int calledOn() {
            return ON_VALUE;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object call(Object value, Throwable failure) {
            action.accept((T) value);
            return null;
        }
    }

    static final class Run extends Call<Void> {
        private final Runnable action;

        Run(EventLoop loop, Runnable action) {
            super(loop);
            this.action = action;
        }

        @Override
        int calledOn() {
            return ON_VALUE;
        }

        @Override
        Object call(Object value, Throwable failure) {
            action.run();
            return null;
        }
    }

    static final class Handle<T, U> extends Call<U> {
        private final BiFunction<? super T, Throwable, ? extends U> fn;

        Handle(EventLoop loop, BiFunction<? super T, Throwable, ? extends U> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        int calledOn() {
            return ON_EITHER;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object call(Object value, Throwable failure) {
            return fn.apply((T) value, failure);
        }
    }

    static final class Exceptionally<T> extends Call<T> {
        private final Function<Throwable, ? extends T> fn;

        Exceptionally(EventLoop loop, Function<Throwable, ? extends T> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        int calledOn() {
            return ON_FAILURE;
        }

        @Override
        Object call(Object value, Throwable failure) {
            return fn.apply(failure);
        }
    }

    static final class Compose<T, U> extends Call<U> {
        private final Function<? super T, ? extends CompletionStage<U>> fn;

        Compose(EventLoop loop, Function<? super T, ? extends CompletionStage<U>> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        int calledOn() {
            return ON_VALUE;
        }

        @Override
        boolean composes() {
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object call(Object value, Throwable failure) {
            return fn.apply((T) value);
        }
    }

    static final class ExceptionallyCompose<T> extends Call<T> {
        private final Function<Throwable, ? extends CompletionStage<T>> fn;

        ExceptionallyCompose(EventLoop loop, Function<Throwable, ? extends CompletionStage<T>> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        int calledOn() {
            return ON_FAILURE;
        }

        @Override
        boolean composes() {
            return true;
        }

        @Override
        Object call(Object value, Throwable failure) {
            return fn.apply(failure);
        }
    }

    static final class WhenComplete<T> extends Stage<T> {
        private final BiConsumer<? super T, ? super Throwable> action;

        WhenComplete(EventLoop loop, BiConsumer<? super T, ? super Throwable> action) {
            super(loop);
            this.action = action;
        }

        @Override
        @SuppressWarnings("unchecked")
        void run(Object value, Throwable failure) {
            try {
                action.accept((T) value, failure);
            } catch (Throwable thrown) {
                if (failure == null) {
                    failFromUserCode(thrown, failure);
                    return;
                }
                if (thrown != failure) {
                    failure.addSuppressed(thrown);    // the original failure goes on, as in a finally block
                    if (thrown instanceof Error) {
                        loop.reportError("a whenComplete action raised an Error while the stage had failed",
                                thrown, null);
                    }
                }
            }
            if (failure != null) {
                fail(failure);
            } else {
                succeed(value);
            }
        }
    }
}
