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
            Throwable cause = Task.unwrap(failure);
            if (loop.inLoopThread()) {
                dependent.fire(value, cause);
            } else if (!loop.tryExecute(() -> dependent.fire(value, cause))) {
                dependent.fire(value, cause);
            }
        });
    }

    /** Subscribes {@code stage} to {@code source}, inline or through {@code executor}. */
    static <U> Stage<U> attach(FutureCore<?> source, Stage<U> stage, Executor executor) {
        stage.awaiting = source;
        source.subscribe(executor == null ? stage : new Stage.AsyncHop(stage, executor));
        return stage;
    }

    static final class Apply<T, U> extends Stage<U> {
        private final Function<? super T, ? extends U> fn;

        Apply(EventLoop loop, Function<? super T, ? extends U> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        @SuppressWarnings("unchecked")
        void run(Object value, Throwable failure) {
            if (failure != null) {
                fail(failure);
                return;
            }
            Object result;
            try {
                result = fn.apply((T) value);
            } catch (Throwable thrown) {
                failFromUserCode(thrown, failure);
                return;
            }
            succeed(result);
        }
    }

    static final class Accept<T> extends Stage<Void> {
        private final Consumer<? super T> action;

        Accept(EventLoop loop, Consumer<? super T> action) {
            super(loop);
            this.action = action;
        }

        @Override
        @SuppressWarnings("unchecked")
        void run(Object value, Throwable failure) {
            if (failure != null) {
                fail(failure);
                return;
            }
            try {
                action.accept((T) value);
            } catch (Throwable thrown) {
                failFromUserCode(thrown, failure);
                return;
            }
            succeed(null);
        }
    }

    static final class Run extends Stage<Void> {
        private final Runnable action;

        Run(EventLoop loop, Runnable action) {
            super(loop);
            this.action = action;
        }

        @Override
        void run(Object value, Throwable failure) {
            if (failure != null) {
                fail(failure);
                return;
            }
            try {
                action.run();
            } catch (Throwable thrown) {
                failFromUserCode(thrown, failure);
                return;
            }
            succeed(null);
        }
    }

    static final class Handle<T, U> extends Stage<U> {
        private final BiFunction<? super T, Throwable, ? extends U> fn;

        Handle(EventLoop loop, BiFunction<? super T, Throwable, ? extends U> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        @SuppressWarnings("unchecked")
        void run(Object value, Throwable failure) {
            Object result;
            try {
                result = fn.apply((T) value, failure);
            } catch (Throwable thrown) {
                failFromUserCode(thrown, failure);
                return;
            }
            succeed(result);
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

    static final class Exceptionally<T> extends Stage<T> {
        private final Function<Throwable, ? extends T> fn;

        Exceptionally(EventLoop loop, Function<Throwable, ? extends T> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        void run(Object value, Throwable failure) {
            if (failure == null) {
                succeed(value);
                return;
            }
            Object result;
            try {
                result = fn.apply(failure);
            } catch (Throwable thrown) {
                failFromUserCode(thrown, failure);
                return;
            }
            succeed(result);
        }
    }

    static final class Compose<T, U> extends Stage<U> {
        private final Function<? super T, ? extends CompletionStage<U>> fn;

        Compose(EventLoop loop, Function<? super T, ? extends CompletionStage<U>> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        @SuppressWarnings("unchecked")
        void run(Object value, Throwable failure) {
            if (failure != null) {
                fail(failure);
                return;
            }
            CompletionStage<U> next;
            try {
                next = fn.apply((T) value);
            } catch (Throwable thrown) {
                failFromUserCode(thrown, failure);
                return;
            }
            follow(next);
        }
    }

    static final class ExceptionallyCompose<T> extends Stage<T> {
        private final Function<Throwable, ? extends CompletionStage<T>> fn;

        ExceptionallyCompose(EventLoop loop, Function<Throwable, ? extends CompletionStage<T>> fn) {
            super(loop);
            this.fn = fn;
        }

        @Override
        void run(Object value, Throwable failure) {
            if (failure == null) {
                succeed(value);
                return;
            }
            CompletionStage<T> next;
            try {
                next = fn.apply(failure);
            } catch (Throwable thrown) {
                failFromUserCode(thrown, failure);
                return;
            }
            follow(next);
        }
    }
}
