package io.github.loopsync.sync;

import io.github.loopsync.loop.LoopFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The operations {@link LockLikeContract} needs, over one concrete primitive. */
interface LockLike {
    LoopFuture<Void> acquire();

    boolean tryAcquire();

    void release();

    boolean isLocked();

    <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body);

    int waiters();
}
