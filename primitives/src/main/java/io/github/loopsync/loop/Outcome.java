package io.github.loopsync.loop;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * How one stage ended: with a value or with a failure. {@link Tasks#gatherOutcomes} returns one
 * per stage, like asyncio's {@code gather(..., return_exceptions=True)}.
 *
 * @param <T> the value type
 */
public final class Outcome<T> {

    private final T value;
    private final Throwable failure;

    private Outcome(T value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    /**
     * A successful outcome.
     *
     * @param value the value, may be {@code null}
     * @param <T> the value type
     * @return the outcome
     */
    public static <T> Outcome<T> success(T value) {
        return new Outcome<>(value, null);
    }

    /**
     * A failed outcome.
     *
     * @param failure the exception, unwrapped from any {@code CompletionException}
     * @param <T> the value type
     * @return the outcome
     */
    public static <T> Outcome<T> failure(Throwable failure) {
        return new Outcome<>(null, Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Whether the stage completed normally.
     *
     * @return {@code true} for a value
     */
    public boolean isSuccess() {
        return failure == null;
    }

    /**
     * Whether the stage was cancelled.
     *
     * @return {@code true} if the failure is a {@link CancellationException}
     */
    public boolean isCancelled() {
        return failure instanceof CancellationException;
    }

    /**
     * The value.
     *
     * @return the value
     * @throws IllegalStateException if the outcome is a failure
     */
    public T value() {
        if (failure != null) {
            throw new IllegalStateException("value() of a failed outcome: " + failure, failure);
        }
        return value;
    }

    /**
     * The failure.
     *
     * @return the exception
     * @throws IllegalStateException if the outcome is a success
     */
    public Throwable failure() {
        if (failure == null) {
            throw new IllegalStateException("failure() of a successful outcome: " + value);
        }
        return failure;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Outcome)) {
            return false;
        }
        Outcome<?> that = (Outcome<?>) other;
        return Objects.equals(value, that.value) && Objects.equals(failure, that.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, failure);
    }

    /**
     * {@code success(value)} or {@code failure(exception)}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return failure == null ? "success(" + value + ")" : "failure(" + failure + ")";
    }
}
