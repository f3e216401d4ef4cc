package io.github.loopsync.loop;

/**
 * A loop future that stands for work it supervises (a gather, a timeout scope, a task group).
 * Cancelling it cancels the work and the future completes when the work has finished: cancellation
 * is requested, not decided on the spot, as asyncio's {@code gather().cancel()} does. Until then
 * {@link #isCancelled()} stays {@code false}.
 */
abstract class ScopeFuture<T> extends LoopFuture<T> {

    ScopeFuture(EventLoop loop) {
        super(loop, true);
    }

    /** Loop thread: cancel the supervised work; its completion will decide this future. */
    abstract void cancelWork(String message);

    /** A scope's value is the outcome of work that already ended: final once decided. */
    @Override
    protected boolean decidedValueIsFinal() {
        return true;
    }

    @Override
    public boolean cancel(String message) {
        if (isDecided()) {
            return isCancelled();
        }
        loop.scheduler.onLoopThread(() -> {
            if (!isDecided()) {
                cancelWork(message);
            }
        });
        return true;
    }

    @Override
    boolean cancelForOwner(java.util.concurrent.CancellationException cancellation) {
        if (isDecided()) {
            return false;
        }
        cancelWork(cancellation.getMessage());
        return true;
    }
}
