package io.github.loopsync.loop;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code try}/{@code catch}/{@code finally} for {@link CompletionStage} chains, keeping every
 * exception the very object that was thrown: {@link #rethrow} re-raises a failure without
 * wrapping it, {@link #catching} and {@link #catchingCompose} recover from one exception type and
 * let every other failure through unchanged, and {@link #ensure} and {@link #ensureCompose} run a
 * cleanup on every outcome and then pass the outcome on.
 *
 * <p>Example, the chain form of {@code try { ... } catch (TimeoutException e) { ... } finally
 * { ... }}:
 * <pre>{@code
 * // try { fetch within 1 s } catch (TimeoutException e) { use the cache } finally { close }
 * CompletionStage<String> page = Chains.ensure(
 *         Tasks.waitFor(() -> fetch("news", Duration.ofSeconds(5)), Duration.ofSeconds(1))
 *              .exceptionally(Chains.catching(TimeoutException.class, timedOut -> "news (cached)")),
 *         () -> log("connection closed"));
 * }</pre>
 *
 * <p><b>Identity.</b> A loop future hands a dependent stage's function the failure itself, but
 * Java does not let the function re-throw a {@code Throwable} without wrapping it, a handler that
 * wraps ({@code throw new IllegalStateException(failure)}) nests one wrapper per stage until a
 * timeout surfaces as {@code IllegalStateException: IllegalStateException: ...}, and a {@code
 * CompletableFuture} in the chain (another library's, or one from {@code toCompletableFuture()})
 * hands its dependents the failure wrapped in a {@link CompletionException}. Every helper here
 * first strips such wrappers (as {@link Tasks#unwrap} does) and throws or matches the exception
 * that was actually raised, never a new one, so that however long the chain, a {@code
 * TimeoutException} or {@code CancellationException} arrives as itself.
 *
 * <p><b>Errors.</b> An {@link Error} (a {@code StackOverflowError}, an {@code OutOfMemoryError}, a
 * failed assertion) is never recovered from unless the handler asks for that {@code Error} type
 * by name: {@code catching(Exception.class, ...)} and even {@code catching(Throwable.class, ...)}
 * let it through. A cleanup that throws an {@code Error} replaces an exception the work failed
 * with (which is added to it as suppressed), so that the {@code Error} is never hidden.
 *
 * <p><b>Cleanup failures.</b> As in a {@code try}-with-resources statement: if the work failed
 * and the cleanup fails too, the work's exception propagates and the cleanup's is added to it
 * with {@link Throwable#addSuppressed}; if the work succeeded and the cleanup fails, the cleanup's
 * exception propagates.
 *
 * <p><b>Cancellation.</b> These helpers add no waiting of their own: a {@link Task} that is
 * cancelled while its chain waits is cancelled where it waits, and the {@code
 * CancellationException} travels through {@code catching} (unless it is the type caught) and
 * through {@code ensure}, whose cleanup runs, exactly as through {@code catch} and {@code finally}
 * clauses. A cleanup started by {@link #ensureCompose} runs to its end before the outcome passes
 * on.
 *
 * <p><b>Loop confinement.</b> The helpers are plain functions and may be used on any thread; the
 * stages they build run their functions where the stage they are chained on completes, which for
 * a loop future is its loop thread.
 */
public final class Chains {

    private Chains() {
    }

    /**
     * Throws the exception that {@code failure} stands for, unchanged: {@code failure} itself, or,
     * if it is a {@code CompletionException} or {@code ExecutionException} wrapper, the exception
     * it wraps. A checked exception is thrown as it is, without being declared. Write {@code throw
     * Chains.rethrow(failure)} so that the compiler knows the statement does not complete.
     *
     * @param failure the exception a stage failed with
     * @return never returns
     * @throws NullPointerException if {@code failure} is null
     */
    public static RuntimeException rethrow(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        throw Chains.<RuntimeException>throwUnchecked(Tasks.unwrap(failure));
    }

    /**
     * A function for {@link CompletionStage#exceptionally} that recovers from failures of type
     * {@code type} with {@code handler} and re-throws every other failure unchanged (the {@code
     * catch (X e)} clause of a chain). The handler receives the unwrapped exception; whatever it
     * throws propagates, unwrapped as well. An {@link Error} matches only if {@code type} is an
     * {@code Error} type.
     *
     * @param type the exception type to catch
     * @param handler computes the stage's value from the caught exception
     * @param <X> the exception type
     * @param <T> the stage's value type
     * @return the function to pass to {@code exceptionally}
     * @throws NullPointerException if an argument is null
     */
    public static <X extends Throwable, T> Function<Throwable, T> catching(Class<X> type,
            Function<? super X, ? extends T> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        return failure -> {
            X caught = match(type, failure);
            try {
                return handler.apply(caught);
            } catch (Throwable thrown) {
                throw rethrow(thrown);
            }
        };
    }

    /**
     * A function for {@link CompletionStage#exceptionallyCompose} whose handler recovers with a
     * stage, for a {@code catch} clause that must wait (release something, log remotely, retry);
     * every failure not of type {@code type} is re-thrown unchanged, as by {@link #catching}.
     *
     * @param type the exception type to catch
     * @param handler returns the stage whose outcome replaces the failure
     * @param <X> the exception type
     * @param <T> the stage's value type
     * @return the function to pass to {@code exceptionallyCompose}
     * @throws NullPointerException if an argument is null
     */
    public static <X extends Throwable, T> Function<Throwable, CompletionStage<T>> catchingCompose(Class<X> type,
            Function<? super X, ? extends CompletionStage<T>> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        return failure -> {
            X caught = match(type, failure);
            CompletionStage<T> recovery;
            try {
                recovery = handler.apply(caught);
            } catch (Throwable thrown) {
                throw rethrow(thrown);
            }
            return Objects.requireNonNull(recovery, "the catching handler returned null instead of a stage");
        };
    }

    /**
     * Runs {@code cleanup} when {@code work} completes, however it completes, then completes with
     * {@code work}'s outcome (the {@code finally} clause of a chain). See the class description
     * for what happens when the cleanup throws.
     *
     * @param work the guarded stage
     * @param cleanup the cleanup; runs once
     * @param <T> the value type
     * @return a stage with {@code work}'s value or failure, completed after the cleanup ran
     * @throws NullPointerException if an argument is null
     */
    public static <T> CompletionStage<T> ensure(CompletionStage<T> work, Runnable cleanup) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(cleanup, "cleanup");
        return work.handle((value, failure) -> {
            Throwable cleanupFailure = null;
            try {
                cleanup.run();
            } catch (Throwable thrown) {
                cleanupFailure = thrown;
            }
            return settle(value, failure, cleanupFailure);
        });
    }

    /**
     * Starts {@code cleanup} when {@code work} completes, however it completes, waits for the
     * cleanup's stage, then completes with {@code work}'s outcome (a {@code finally} clause that
     * waits: closing a connection, releasing through a queue). A cleanup that throws or whose
     * stage fails counts as a failed cleanup (see the class description).
     *
     * @param work the guarded stage
     * @param cleanup starts the cleanup; called once
     * @param <T> the value type
     * @return a stage with {@code work}'s value or failure, completed after the cleanup finished
     * @throws NullPointerException if an argument is null
     */
    public static <T> CompletionStage<T> ensureCompose(CompletionStage<T> work,
            Supplier<? extends CompletionStage<?>> cleanup) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(cleanup, "cleanup");
        return work.handle((value, failure) -> failure == null ? Outcome.success(value)
                        : Outcome.<T>failure(Tasks.unwrap(failure)))
                .thenCompose(outcome -> {
                    T value = outcome.isSuccess() ? outcome.value() : null;
                    Throwable failure = outcome.isSuccess() ? null : outcome.failure();
                    CompletionStage<?> cleaning;
                    try {
                        cleaning = Objects.requireNonNull(cleanup.get(),
                                "the cleanup returned null instead of a stage");
                    } catch (Throwable thrown) {
                        return work.handle((ignoredValue, ignoredFailure) -> settle(value, failure, thrown));
                    }
                    return cleaning.handle((ignored, cleanupFailure) -> settle(value, failure, cleanupFailure));
                });
    }

    /** The outcome of a guarded stage after its cleanup: the value, or the failure to throw. */
    private static <T> T settle(T value, Throwable failure, Throwable cleanupFailure) {
        Throwable primary = failure == null ? null : Tasks.unwrap(failure);
        Throwable secondary = cleanupFailure == null ? null : Tasks.unwrap(cleanupFailure);
        if (primary == null && secondary == null) {
            return value;
        }
        if (primary == null) {
            throw rethrow(secondary);
        }
        if (secondary == null || secondary == primary) {
            throw rethrow(primary);
        }
        if (secondary instanceof Error && !(primary instanceof Error)) {
            secondary.addSuppressed(primary);         // an Error is never hidden behind an exception
            throw rethrow(secondary);
        }
        primary.addSuppressed(secondary);
        throw rethrow(primary);
    }

    /** The unwrapped failure as an {@code X}, or re-thrown unchanged if it is not one. */
    private static <X extends Throwable> X match(Class<X> type, Throwable failure) {
        Throwable cause = Tasks.unwrap(failure);
        boolean errorAllowed = Error.class.isAssignableFrom(type);
        if (type.isInstance(cause) && (errorAllowed || !(cause instanceof Error))) {
            return type.cast(cause);
        }
        throw rethrow(cause);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E throwUnchecked(Throwable failure) throws E {
        throw (E) failure;
    }
}
