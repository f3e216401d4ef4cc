package io.github.loopsync.loop;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The two-source stages behind {@link LoopFuture}'s {@code thenCombine}, {@code thenAcceptBoth},
 * {@code runAfterBoth} (both must succeed; the first failure fails the stage) and {@code
 * applyToEither}, {@code acceptEither}, {@code runAfterEither} (the first outcome decides).
 */
final class BiStages {

    private BiStages() {
    }

    /** What a two-source stage computes, once its inputs are known. */
    interface Action {
        Object apply(Object first, Object second) throws Throwable;
    }

    static <T, U, V> Action combine(BiFunction<? super T, ? super U, ? extends V> fn) {
        @SuppressWarnings("unchecked")
        Action action = (first, second) -> fn.apply((T) first, (U) second);
        return action;
    }

    static <T, U> Action acceptBoth(BiConsumer<? super T, ? super U> fn) {
        @SuppressWarnings("unchecked")
        Action action = (first, second) -> {
            fn.accept((T) first, (U) second);
            return null;
        };
        return action;
    }

    static Action run(Runnable fn) {
        return (first, second) -> {
            fn.run();
            return null;
        };
    }

    static <T, U> Action applyOne(Function<? super T, U> fn) {
        @SuppressWarnings("unchecked")
        Action action = (first, second) -> fn.apply((T) first);
        return action;
    }

    static <T> Action acceptOne(Consumer<? super T> fn) {
        @SuppressWarnings("unchecked")
        Action action = (first, second) -> {
            fn.accept((T) first);
            return null;
        };
        return action;
    }

    /** Waits for both sources (or one, with {@code either}), then runs the action. */
    static final class Pair<V> extends Stage<V> {
        private final Action action;
        private final boolean either;
        private final Executor executor;
        private Object first;
        private Object second;
        private int remaining = 2;
        private CompletionStage<?> other;

        Pair(EventLoop loop, Action action, boolean either, Executor executor) {
            super(loop);
            this.action = action;
            this.either = either;
            this.executor = executor;
        }

        /** Subscribes to both sources; returns this stage. */
        Pair<V> attach(FutureCore<?> source, CompletionStage<?> other) {
            link = source;
            this.other = other;
            source.subscribe((value, failure) -> sideDone(0, value, failure));
            Stages.listen(loop, other, true, (value, failure) -> sideDone(1, value, failure));
            return this;
        }

        private void sideDone(int side, Object value, Throwable failure) {
            if (isDecided() || remaining == 0) {
                return;
            }
            if (failure != null) {
                remaining = 0;
                fail(failure);
                return;
            }
            if (side == 0) {
                first = value;
            } else {
                second = value;
            }
            if (either) {
                remaining = 0;
                first = value;
            } else if (--remaining > 0) {
                return;
            }
            if (executor == null) {
                run(null, null);
            } else {
                new AsyncHop(this, executor).fire(null, null);
            }
        }

        /** Passes a cancellation on to both sources. */
        @Override
        public boolean cancel(String message) {
            if (!isDecided() && loop.inLoopThread() && cancelAwaited(other, message)) {
                cancelAwaited(link, message);      // never cancel this stage ahead of its inputs
                return true;
            }
            return super.cancel(message);
        }

        @Override
        void run(Object value, Throwable failure) {
            Object result;
            try {
                result = action.apply(first, second);
            } catch (Throwable thrown) {
                failFromUserCode(thrown, null);
                return;
            }
            succeed(result);
        }
    }
}
