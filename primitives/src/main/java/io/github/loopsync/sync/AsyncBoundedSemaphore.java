package io.github.loopsync.sync;

/**
 * A semaphore that refuses to be released more often than it was acquired (asyncio's {@code
 * BoundedSemaphore}): everything of {@link AsyncSemaphore}, plus a bound equal to the initial
 * number of permits.
 *
 * <p>Example: <pre>{@code
 * AsyncBoundedSemaphore slots = new AsyncBoundedSemaphore(2);
 * slots.release();   // IllegalStateException: released too many times (bound: 2)
 * }</pre>
 *
 * <p><b>Errors.</b> {@link #release()} throws {@link IllegalStateException} when the number of
 * free permits has reached the bound; the semaphore is unchanged and stays usable. As in CPython,
 * only free permits are counted: with a bound of 2, if task A acquires and releases twice while B
 * holds the other permit, A's second release succeeds and B's release is the one refused. The
 * semaphore cannot tell who holds a permit; a task-aware limiter would be needed for that.
 *
 * <p><b>Fairness, cancellation, loop confinement.</b> As for {@link AsyncSemaphore}.
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {

    /**
     * Creates a bounded semaphore with {@code permits} free permits, which is also its bound.
     *
     * @param permits the initial number of permits and the bound
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncBoundedSemaphore(int permits) {
        super(permits, permits);
    }
}
