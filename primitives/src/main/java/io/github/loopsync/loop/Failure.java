package io.github.loopsync.loop;

/**
 * The state of a {@link FutureState} that failed or was cancelled: the cause, and whether the
 * failure has reached the dependents yet ({@code delivered}, loop-confined).
 */
final class Failure {
    final Throwable cause;
    boolean delivered;

    Failure(Throwable cause, boolean delivered) {
        this.cause = cause;
        this.delivered = delivered;
    }
}
