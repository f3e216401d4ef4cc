package io.github.loopsync.loop;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The checks and failure translations of {@link LoopFuture}'s blocking reads ({@code join},
 * {@code get}, {@code getNow}): a cancellation is thrown as the very exception that was decided,
 * any other failure wrapped as the read's contract says, and a read that would block the loop's
 * own thread is refused.
 */
final class BlockingReads {

    private BlockingReads() {
    }

    /** Throws a decided failure as join and getNow do: a cancellation as itself, else wrapped. */
    static void throwIfFailed(FutureCore<?> future) {
        Throwable failure = future.failureOrNull();
        if (failure instanceof CancellationException) {
            throw (CancellationException) failure;
        }
        if (failure != null) {
            throw new CompletionException(failure);
        }
    }

    /** Throws a decided failure as get does: a cancellation as itself, else as ExecutionException. */
    static void throwIfFailedChecked(FutureCore<?> future) throws ExecutionException {
        Throwable failure = future.failureOrNull();
        if (failure instanceof CancellationException) {
            throw (CancellationException) failure;
        }
        if (failure != null) {
            throw new ExecutionException(failure);
        }
    }

    /** Waits for the view; its failure is ignored, the caller reports from the future's own state. */
    static void awaitQuietly(CompletableFuture<?> view) {
        try {
            view.join();
        } catch (RuntimeException ignored) {
            // reported from the future's own state by the caller
        }
    }

    /** Refuses a blocking read on the loop's own thread, which would wait for itself. */
    static void checkNotBlockingLoop(FutureCore<?> future, String method) {
        if (future.loop.inLoopThread()) {
            throw new IllegalStateException(method + "() on the loop thread of " + future.loop
                    + " would block the loop that must complete " + future + "; chain a stage on it instead");
        }
    }
}
