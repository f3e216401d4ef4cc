package io.github.loopsync.loop;

import java.util.Collections;
import java.util.Set;


/**
 * The futures given to {@link Tasks#wait}, split into those done and those still pending when it
 * returned. Both sets keep the order the futures were given in and compare by identity.
 *
 * @param <T> the futures' value type
 */
public final class WaitResult<T> {

    private final Set<LoopFuture<T>> done;
    private final Set<LoopFuture<T>> pending;

    WaitResult(Set<LoopFuture<T>> done, Set<LoopFuture<T>> pending) {
        this.done = Collections.unmodifiableSet(done);
        this.pending = Collections.unmodifiableSet(pending);
    }

    /**
     * The futures that were done.
     *
     * @return an unmodifiable set
     */
    public Set<LoopFuture<T>> done() {
        return done;
    }

    /**
     * The futures that were still pending; {@code wait} never cancels them.
     *
     * @return an unmodifiable set
     */
    public Set<LoopFuture<T>> pending() {
        return pending;
    }

    @Override
    public String toString() {
        return "WaitResult[done=" + done.size() + ", pending=" + pending.size() + "]";
    }
}
