package io.github.loopsync.loop;

/**
 * Receives the exceptions that no caller can receive: those thrown by callbacks, listeners and
 * timers, and the failures of tasks nobody observed; and, from a loop in {@linkplain
 * EventLoopBuilder#debug debug mode}, its warnings, as {@link LoopDebugWarning}s. An exception
 * never stops the loop.
 *
 * <p><b>Loop confinement.</b> Called on the loop's thread. If the handler itself throws, the
 * loop prints both exceptions to {@code System.err} and carries on.
 */
@FunctionalInterface
public interface LoopExceptionHandler {

    /**
     * Handles one unhandled exception.
     *
     * @param loop the loop it happened on
     * @param message what was running, for example {@code "callback raised"} or {@code "task
     *     failure was never observed"}
     * @param error the exception
     * @param task the task involved, or {@code null} for a plain callback
     */
    void handle(EventLoop loop, String message, Throwable error, Task<?> task);

    /**
     * The default handler: prints the message, the task and the stack trace to {@code System.err}.
     *
     * @return the printing handler
     */
    static LoopExceptionHandler printing() {
        return (loop, message, error, task) -> {
            System.err.println("loopsync " + loop.name() + ": " + message + (task != null ? " in " + task : ""));
            error.printStackTrace(System.err);
        };
    }
}
