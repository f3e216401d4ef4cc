package io.github.loopsync.loop;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How the loop package unwraps the exceptions that futures wrap, and rethrows an outcome. */
final class Exceptions {

    private Exceptions() {
    }

    /** Strips CompletionException/ExecutionException wrappers, which CompletableFuture adds. */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * The value of a finished task, or its failure rethrown as itself when unchecked (a checked
     * one stays wrapped in a CompletionException).
     */
    static <T> T valueOrRethrow(Task<T> task) {
        try {
            return task.join();
        } catch (CompletionException wrapped) {
            Throwable cause = unwrap(wrapped);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw wrapped;
        }
    }
}
