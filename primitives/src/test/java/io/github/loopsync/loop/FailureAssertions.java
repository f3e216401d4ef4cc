package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Checks that a failure surfaces as itself: either the very exception (a future whose dependents
 * receive the original) or that exception inside exactly one {@code CompletionException} (the
 * wrapper {@code CompletableFuture} adds for dependents), never a wrapper inside a wrapper.
 */
final class FailureAssertions {

    private FailureAssertions() {
    }

    /** The raw failure a dependent of {@code stage} receives; the stage must be complete. */
    static Throwable failureOf(CompletionStage<?> stage) {
        Throwable[] seen = new Throwable[1];
        boolean[] done = new boolean[1];
        stage.whenComplete((value, failure) -> {
            seen[0] = failure;
            done[0] = true;
        });
        assertTrue(done[0], "the stage is not complete: " + stage);
        assertNotNull(seen[0], "the stage succeeded: " + stage);
        return seen[0];
    }

    /** {@code raw} is {@code expected}, or {@code expected} in one CompletionException. */
    static void assertSurfacesAs(Throwable expected, Throwable raw) {
        if (raw == expected) {
            return;
        }
        assertInstanceOf(CompletionException.class, raw, "expected " + expected + " itself, got " + raw);
        assertSame(expected, raw.getCause(), "expected " + expected + " inside one CompletionException, got " + raw);
    }

    /** {@code raw} is an instance of {@code type}, itself or inside one CompletionException; returns it. */
    static <X extends Throwable> X assertSurfacesAsA(Class<X> type, Throwable raw) {
        Throwable inner = raw instanceof CompletionException ? raw.getCause() : raw;
        assertInstanceOf(type, inner, "expected a " + type.getSimpleName() + " itself, got " + describe(raw));
        assertEquals(false, inner instanceof CompletionException, "nested CompletionException: " + describe(raw));
        return type.cast(inner);
    }

    /** The chain of causes, for failure messages. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(current.getClass().getSimpleName());
            if (current.getCause() == current) {
                break;
            }
        }
        return text.toString();
    }
}
