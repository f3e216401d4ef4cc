package io.github.loopsync.loop.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * Hooks that other threads could not post because the loop's inbox had closed: a primitive's
 * answer to a cancellation from another thread while the loop closes (the grant a cancelled waiter
 * held goes back to its primitive). This class is concurrent: any thread may {@link #run} a hook;
 * the loop thread drains them while it closes, and then {@link #close}s.
 *
 * <p>A hook runs exactly once: on the loop thread during its final drain, or, once the loop has
 * closed, on the thread that brought it, under a lock that the loop's last drain also holds, so
 * that it never runs beside the loop's own code.
 */
public final class LateHooks {

    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    /** Set once the loop has drained for the last time; later hooks run where they come from. */
    private volatile boolean closed;
    /** Held by the loop's last drain and by every hook run off the loop thread. */
    private final Object lock = new Object();
    /** Where a hook's exception goes (the loop's error reporting). */
    private final BiConsumer<String, Throwable> report;

    /*
     * Implementation notes. A caller enqueues, then reads `closed`; the loop writes `closed`, then
     * drains. Both are sequentially consistent, so at least one side sees the hook: the loop's
     * drain polls it, or the caller sees `closed` and takes it back with remove(). poll() and
     * remove() each take a given node at most once, so the hook runs once even when both see it.
     */

    /**
     * Creates the hooks of one loop.
     *
     * @param report receives a description and what a hook threw
     */
    public LateHooks(BiConsumer<String, Throwable> report) {
        this.report = report;
    }

    /**
     * Any thread: runs {@code hook} once the inbox has refused it: the closing loop runs it in its
     * final drain, or, after that, this thread runs it now.
     *
     * @param hook the hook
     */
    public void run(Runnable hook) {
        pending.add(hook);
        if (closed && pending.remove(hook)) {
            synchronized (lock) {
                runOne(hook);
            }
        }
    }

    /**
     * Loop thread, while closing: runs the hooks brought so far.
     *
     * @return whether any ran (they may have scheduled work)
     */
    boolean drain() {
        boolean ran = false;
        Runnable hook;
        while ((hook = pending.poll()) != null) {
            ran = true;
            runOne(hook);
        }
        return ran;
    }

    /**
     * Loop thread, at the end of closing: from now on hooks run on the thread that brings them.
     * {@code lastDrain} runs under the lock those hooks take, after the flag is set; it must drain
     * the hooks that slipped in and whatever work they schedule.
     *
     * @param lastDrain the loop's last drain
     */
    void close(Runnable lastDrain) {
        synchronized (lock) {
            closed = true;
            lastDrain.run();
        }
    }

    private void runOne(Runnable hook) {
        try {
            hook.run();
        } catch (Throwable error) {
            report.accept("a primitive's hook for a cancellation while the loop closed raised", error);
        }
    }
}
