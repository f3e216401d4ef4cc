package io.github.loopsync.benchmarks;

import java.util.ArrayDeque;
import kotlin.coroutines.CoroutineContext;
import kotlinx.coroutines.CoroutineDispatcher;

/**
 * The single-threaded dispatcher of the kotlinx.coroutines rows: {@code dispatch} appends the
 * coroutine's next step to a plain FIFO run queue, and the benchmark thread runs the queue until it
 * is empty. It is the kotlinx counterpart of the run queue that the IBM async-util rows use, and
 * plays the part loopsync's loop plays for its rows.
 *
 * <p><b>Why this dispatcher.</b> Kotlin code that wants its coroutines on one thread picks a
 * single-threaded dispatcher: {@code runBlocking}'s event loop on the calling thread,
 * {@code newSingleThreadContext} or {@code Executors.newSingleThreadExecutor().asCoroutineDispatcher()}
 * on a thread of its own, or a UI thread's dispatcher. All of them do what this class does, run the
 * dispatched steps one after another in FIFO order on one thread, and add a queue of their own that
 * is built for posts from other threads (a lock-free MPSC queue in {@code runBlocking}, a
 * {@code LinkedBlockingQueue} with a lock and a node per step behind an executor). This class keeps
 * that part as cheap as it can be, an {@link ArrayDeque} touched by one thread, so the rows measure
 * kotlinx's {@code Mutex} and {@code Channel} and its own continuation machinery
 * ({@code DispatchedContinuation}, the reusable {@code CancellableContinuation}, the coroutine's
 * {@code Job}), not a queue. That is the kindest single-threaded set-up for kotlinx, which is what a
 * target of "faster than kotlinx" should be held against. It is also deterministic: the benchmark
 * thread runs every step itself, so there is no second thread to start, wake or wait for, and an
 * invocation that ends with work left over is reported as a failure rather than timed.
 *
 * <p><b>Thread confinement.</b> Not thread-safe: every dispatch must come from the thread that
 * drains, which holds for the rows here (the peers resume waiters on the thread that releases, and
 * nothing else runs).
 */
final class RunQueueDispatcher extends CoroutineDispatcher {

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    @Override
    public void dispatch(CoroutineContext context, Runnable step) {
        ready.add(step);
    }

    /**
     * Runs the queued steps, and the steps they queue, until none is left.
     *
     * @return how many steps ran
     */
    int drain() {
        int ran = 0;
        Runnable next;
        while ((next = ready.poll()) != null) {
            next.run();
            ran++;
        }
        return ran;
    }

    @Override
    public String toString() {
        return "RunQueueDispatcher";
    }
}
