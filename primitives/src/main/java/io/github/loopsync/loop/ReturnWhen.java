package io.github.loopsync.loop;

/** When {@link Tasks#wait} returns, as asyncio's {@code return_when}. */
public enum ReturnWhen {
    /** As soon as any future is done. */
    FIRST_COMPLETED,
    /** As soon as any future fails (cancellation counts), or when all are done. */
    FIRST_EXCEPTION,
    /** When all futures are done. */
    ALL_COMPLETED
}
