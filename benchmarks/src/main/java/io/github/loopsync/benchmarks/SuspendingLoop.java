package io.github.loopsync.benchmarks;

import kotlin.Result;
import kotlin.ResultKt;
import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.ContinuationInterceptor;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
import kotlin.jvm.functions.Function2;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineScopeKt;
import kotlinx.coroutines.CoroutineStart;
import kotlinx.coroutines.Job;

/**
 * A kotlinx.coroutines coroutine written by hand in Java: a loop of calls to suspending functions
 * that leaves the stack only when a call suspends, which is what the Kotlin compiler makes of a
 * {@code while} loop in a {@code suspend} lambda. Subclasses write the loop; this class is the
 * lambda that {@code launch} starts and the continuation every call of the loop is given.
 *
 * <p><b>Calling a suspending function from Java.</b> {@code suspend fun f(x): R} compiles to
 * {@code Object f(x, Continuation<? super R>)}. The call either returns its result at once (a
 * {@code Mutex.lock} that finds the mutex free returns {@code Unit}, a {@code receive} that finds an
 * element returns it), or returns the marker {@link #SUSPENDED} and later delivers the result to the
 * continuation's {@code resumeWith}. A subclass's {@link #proceed} and {@link #resumed} therefore
 * loop while calls return at once and return {@link #SUSPENDED} as soon as one does not, which keeps
 * the stack constant however many calls the loop makes.
 *
 * <p><b>The continuation kotlinx sees.</b> Every call gets {@link #continuation()}: this object
 * wrapped once, when the coroutine starts, by the dispatcher of the coroutine's context
 * ({@code interceptContinuation}), as a compiled coroutine's continuation wraps itself on its first
 * suspension and keeps the wrapper. kotlinx then does what it does for compiled Kotlin: it keeps one
 * reusable cancellable continuation for all of the coroutine's suspensions, ties it to the
 * coroutine's {@code Job} for cancellation, and resumes a parked call by dispatching, so
 * {@code resumeWith} runs from the dispatcher's queue and never inline inside the {@code unlock} or
 * {@code send} that made the result. Handing kotlinx this object unwrapped would skip all three: a
 * new cancellable continuation per suspension, and each waiter resumed inside the releaser's call,
 * one stack frame deeper per hand-off.
 *
 * <p><b>Completion.</b> When the loop ends, the wrapper is released and the coroutine completes
 * normally; an exception from the loop completes it exceptionally, as in compiled Kotlin.
 * {@link #runAll} launches loops on a {@link RunQueueDispatcher}, drains it and refuses to return if
 * any loop has not completed normally, so a benchmark row that stalls or fails is reported, not
 * timed.
 */
abstract class SuspendingLoop implements Continuation<Object>, Function2<CoroutineScope, Continuation<? super Unit>, Object> {

    /** What a suspending function returns when it has parked and will resume the continuation later. */
    static final Object SUSPENDED = IntrinsicsKt.getCOROUTINE_SUSPENDED();

    /** The coroutine's own continuation, resumed when the loop ends; null until launched. */
    private Continuation<? super Unit> completion;
    private CoroutineContext context;
    private ContinuationInterceptor interceptor;
    /** This object as the dispatcher wraps it; given to every suspending call. */
    private Continuation<Object> intercepted;
    private Job job;

    /**
     * Runs the loop from where it stands until it ends or a call suspends.
     *
     * @return {@link #SUSPENDED}, or {@code Unit} when the loop has ended
     */
    protected abstract Object proceed();

    /**
     * Continues the loop after the call that suspended has produced {@code value}.
     *
     * @param value the suspended call's result
     * @return {@link #SUSPENDED}, or {@code Unit} when the loop has ended
     */
    protected abstract Object resumed(Object value);

    /** What is left to do, for the message of a loop that did not finish. */
    protected abstract String progress();

    /**
     * The continuation to pass to every suspending call of the loop.
     *
     * @return the dispatcher's wrapper around this object
     */
    protected final Continuation<Object> continuation() {
        return intercepted;
    }

    /** The body of the coroutine: wraps this object once, then runs the loop until it first suspends. */
    @Override
    public final Object invoke(CoroutineScope scope, Continuation<? super Unit> coroutine) {
        if (completion != null) {
            throw new IllegalStateException("loop already started (expected: launched once)");
        }
        completion = coroutine;
        context = coroutine.getContext();
        interceptor = context.get(ContinuationInterceptor.Key);
        intercepted = interceptor.interceptContinuation(this);
        Object outcome = proceed();
        if (outcome != SUSPENDED) {
            interceptor.releaseInterceptedContinuation(intercepted);
        }
        return outcome;
    }

    @Override
    public final CoroutineContext getContext() {
        return context;
    }

    /** A suspended call's result: continue the loop, and complete the coroutine when it ends. */
    @Override
    public final void resumeWith(Object result) {
        Object outcome;
        if (result instanceof Result.Failure) {
            outcome = result;
        } else {
            try {
                outcome = resumed(result);
            } catch (Throwable failure) {
                // The coroutine fails with it, as a compiled coroutine does; runAll then reports it.
                outcome = ResultKt.createFailure(failure);
            }
        }
        if (outcome == SUSPENDED) {
            return;
        }
        interceptor.releaseInterceptedContinuation(intercepted);
        completion.resumeWith(outcome);
    }

    /**
     * Launches {@code loops} in order as coroutines of a new scope on {@code dispatcher}, queues
     * {@code onceStarted} behind their first steps, and runs the dispatcher until nothing is left.
     *
     * @param dispatcher the single-threaded dispatcher, drained by the calling thread
     * @param onceStarted what to run after every loop has run to its first suspension, or {@code null}
     * @param loops the loops, each launched once
     * @return how many steps the dispatcher ran: the loops' starts, {@code onceStarted} and every
     *     resumption of a suspended call
     * @throws IllegalStateException if a loop did not complete normally
     */
    static int runAll(RunQueueDispatcher dispatcher, Runnable onceStarted, SuspendingLoop... loops) {
        CoroutineScope scope = CoroutineScopeKt.CoroutineScope(dispatcher);
        for (SuspendingLoop loop : loops) {
            loop.job = BuildersKt.launch(scope, EmptyCoroutineContext.INSTANCE, CoroutineStart.DEFAULT, loop);
        }
        if (onceStarted != null) {
            dispatcher.dispatch(EmptyCoroutineContext.INSTANCE, onceStarted);
        }
        int steps = dispatcher.drain();
        for (SuspendingLoop loop : loops) {
            if (!loop.job.isCompleted() || loop.job.isCancelled()) {
                IllegalStateException stalled = new IllegalStateException("a coroutine " + (loop.job.isCancelled() ? "failed" : "stalled")
                        + " with " + loop.progress() + " (expected: every coroutine completes normally)");
                if (loop.job.isCancelled()) {
                    stalled.initCause(loop.job.getCancellationException());
                }
                throw stalled;
            }
        }
        return steps;
    }
}
