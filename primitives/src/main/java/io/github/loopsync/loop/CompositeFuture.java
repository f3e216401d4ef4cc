package io.github.loopsync.loop;

/**
 * The result of a helper that supervises work of its own ({@link Loops}' helpers): a composite
 * that no task owns, whose value is final as soon as it is decided (its dependents still run at the
 * loop's next step). A task's cancellation reaches the leaf the helper waits on instead.
 *
 * @param <T> the value type
 */
final class CompositeFuture<T> extends LoopFuture<T> {

    CompositeFuture(EventLoop loop) {
        super(loop, false);
    }

    @Override
    protected boolean decidedValueIsFinal() {
        return true;
    }

    /** A composite belongs to no task. */
    @Override
    void chainedWhilePending() {
    }
}
