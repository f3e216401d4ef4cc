package io.github.loopsync.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/** The implementations behind {@link Tasks}' gather, asCompleted, wait and waitFor. */
final class Combinators {

    private Combinators() {
    }

    /** Calls {@code action} on the loop thread once {@code stage} completes, whoever completes it. */
    @SuppressWarnings("unchecked")
    static <T> void onCompletion(EventLoop loop, CompletionStage<T> stage, BiConsumer<? super T, Throwable> action) {
        Stages.listen(loop, stage, false, (value, failure) -> action.accept((T) value, failure));
    }

    /** The TimeoutException a scope fails with once the work it cancelled has ended. */
    static TimeoutException timeoutCausedBy(String message, Throwable cancellation) {
        TimeoutException timeout = new TimeoutException(message);
        timeout.initCause(cancellation);
        return timeout;
    }

    static void cancelStage(CompletionStage<?> stage, String message) {
        if (stage instanceof LoopFuture) {
            ((LoopFuture<?>) stage).cancel(message);
        } else {
            stage.toCompletableFuture().cancel(false);
        }
    }

    /** A timer callback that says what it is in traces and to loop listeners (a lambda would say nothing). */
    static Runnable named(String description, Runnable action) {
        return new Runnable() {
            @Override
            public void run() {
                action.run();
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /** gather: values in input order, failing on the first failure; or outcomes, never failing. */
    static final class Gather<T, R> extends ScopeFuture<List<R>> {
        private final List<CompletionStage<? extends T>> children = new ArrayList<>();
        private final boolean[] finished;
        private final boolean settle;
        private final Object[] results;
        private int remaining;
        private String cancelMessage;
        private boolean cancelRequested;

        Gather(EventLoop loop, List<? extends CompletionStage<? extends T>> stages, boolean settle) {
            super(loop);
            this.settle = settle;
            children.addAll(stages);
            this.finished = new boolean[children.size()];
            this.results = new Object[children.size()];
            this.remaining = children.size();
            if (remaining == 0) {
                decideValue(Collections.emptyList());
                return;
            }
            for (int i = 0; i < children.size(); i++) {
                int index = i;
                onCompletion(loop, children.get(i), (value, failure) -> childDone(index, value, failure));
            }
        }

        /** Says how many stages are gathered, for traces: {@code gather of 3 Gather@1b6d3586[pending]}. */
        @Override
        public String toString() {
            return "gather of " + children.size() + " " + super.toString();
        }

        @SuppressWarnings("unchecked")
        private void childDone(int index, Object value, Throwable failure) {
            finished[index] = true;
            if (isDecided()) {
                return;
            }
            Throwable cause = Exceptions.unwrap(failure);
            if (!settle && cause != null) {
                decideFailure(cause);
                return;
            }
            results[index] = settle ? (cause == null ? Outcome.success(value) : Outcome.failure(cause)) : value;
            if (--remaining == 0) {
                if (cancelRequested) {
                    decideFailure(new LoopCancellationException(cancelMessage));
                } else {
                    decideValue((List<R>) Collections.unmodifiableList(Arrays.asList(results)));
                }
            }
        }

        @Override
        void cancelWork(String message) {
            cancelRequested = true;
            cancelMessage = message;
            for (int i = 0; i < children.size(); i++) {
                if (!finished[i]) {
                    cancelStage(children.get(i), message);
                }
            }
        }
    }

    /** asCompleted: the i-th output future takes the outcome of the i-th input to finish. */
    static <T> List<LoopFuture<T>> asCompleted(EventLoop loop, List<? extends CompletionStage<? extends T>> stages) {
        List<LoopFuture<T>> outputs = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            outputs.add(new Relay<>(loop));
        }
        int[] next = {0};
        for (CompletionStage<? extends T> stage : stages) {
            onCompletion(loop, stage, (value, failure) -> {
                LoopFuture<T> output = outputs.get(next[0]++);
                if (failure == null) {
                    output.decideValue(value);
                } else {
                    output.decideFailure(Exceptions.unwrap(failure));
                }
            });
        }
        return Collections.unmodifiableList(outputs);
    }

    /** wait: done/pending partition once the condition holds or the timeout passes. */
    static final class Wait<T> extends LoopFuture<WaitResult<T>> {
        private final List<LoopFuture<T>> futures;
        private final ReturnWhen when;
        private int doneCount;
        private int failedCount;
        private TimerHandle timer;

        Wait(EventLoop loop, Collection<? extends LoopFuture<T>> given, ReturnWhen when, Duration timeout) {
            super(loop, true);
            this.futures = new ArrayList<>(given);
            this.when = when;
            if (timeout != null) {
                timer = loop.callLater(timeout, named("wait timeout of " + timeout + " expires", this::finish));
            }
            for (LoopFuture<T> future : futures) {
                onCompletion(loop, future, (value, failure) -> {
                    doneCount++;
                    if (failure != null) {
                        failedCount++;
                    }
                    if (conditionMet()) {
                        finish();
                    }
                });
            }
        }

        private boolean conditionMet() {
            switch (when) {
                case FIRST_COMPLETED:
                    return doneCount > 0;
                case FIRST_EXCEPTION:
                    return failedCount > 0 || doneCount == futures.size();
                default:
                    return doneCount == futures.size();
            }
        }

        private void finish() {
            if (isDecided()) {
                return;
            }
            if (timer != null) {
                timer.cancel();
            }
            Set<LoopFuture<T>> done = new LinkedHashSet<>();
            Set<LoopFuture<T>> pending = new LinkedHashSet<>();
            for (LoopFuture<T> future : futures) {
                (future.isDone() ? done : pending).add(future);
            }
            decideValue(new WaitResult<>(done, pending));
        }

        @Override
        protected void onWithdrawn() {
            if (timer != null) {
                timer.cancel();
            }
        }

        @Override
        protected boolean decidedValueIsFinal() {
            return true;
        }
    }

    /** An output of asCompleted: carries a result that was already delivered elsewhere; final. */
    static final class Relay<T> extends LoopFuture<T> {
        Relay(EventLoop loop) {
            super(loop, true);
        }

        @Override
        protected boolean decidedValueIsFinal() {
            return true;
        }
    }

    /** waitFor: cancels the inner stage on timeout and fails with TimeoutException once it ended. */
    static final class WaitFor<T> extends ScopeFuture<T> {
        private final CompletionStage<T> inner;
        private final Duration timeout;
        private final TimerHandle timer;
        private boolean timedOut;

        WaitFor(EventLoop loop, CompletionStage<T> stage, Duration timeout) {
            super(loop);
            this.inner = stage;
            this.timeout = timeout;
            this.timer = loop.callLater(timeout, named("waitFor timeout of " + timeout + " expires", this::expire));
            onCompletion(loop, inner, this::innerDone);
        }

        private void expire() {
            timedOut = true;
            cancelStage(inner, "waitFor timed out after " + timeout);
        }

        private void innerDone(T value, Throwable failure) {
            timer.cancel();
            if (isDecided()) {
                return;
            }
            Throwable cause = Exceptions.unwrap(failure);
            if (cause == null) {
                decideValue(value);
            } else if (timedOut && cause instanceof CancellationException) {
                decideFailure(timeoutCausedBy("timed out after " + timeout, cause));
            } else {
                decideFailure(cause);
            }
        }

        @Override
        void cancelWork(String message) {
            timer.cancel();
            cancelStage(inner, message);
        }
    }
}
