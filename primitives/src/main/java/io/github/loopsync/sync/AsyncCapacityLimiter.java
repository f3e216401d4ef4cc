package io.github.loopsync.sync;

import io.github.loopsync.internal.Guarded;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A limit on how many borrowers may do something at once, that knows who they are (Trio's {@code
 * CapacityLimiter}): a number of tokens, each lent to one borrower, by default the task that
 * asks. A borrower holds at most one token, only a borrower can give its token back, and the
 * number of tokens can change while the limiter is in use.
 *
 * <p>Example: <pre>{@code
 * AsyncCapacityLimiter downloads = new AsyncCapacityLimiter(4);   // at most 4 downloads at once
 * CompletionStage<byte[]> page = downloads.withToken(() -> http.get(url));
 * downloads.setTotalTokens(8);                                      // later: allow more
 * }</pre>
 *
 * <p><b>Borrowers.</b> {@link #acquire()}, {@link #tryAcquire()}, {@link #release()} and {@link
 * #withToken} act for the current {@link Task}; outside a task they throw {@link
 * IllegalStateException}. The {@code OnBehalfOf} variants take any object as the borrower (a
 * request, a connection, a thread handed work), compared with {@code equals}, so use objects whose
 * equality does not change while they borrow. A borrower that holds a token, or waits for one,
 * and asks again is refused at once with {@link IllegalStateException}, where a semaphore would
 * let the task wait for itself; a release by an object that holds no token is refused too. This
 * is the protection the limiter offers over {@link AsyncSemaphore}.
 *
 * <p><b>Fairness.</b> Strictly first come, first served, with no barging: a released token goes
 * straight to the oldest waiter, whose borrower holds it from that moment, before the waiter
 * resumes; a newcomer queues behind. Raising the total with {@link #setTotalTokens} hands the new
 * tokens to waiters at once, oldest first. Lowering it never takes a token back: the borrowers
 * over the new total keep theirs, and nobody new gets one until enough have been released.
 *
 * <p><b>Cancellation.</b> Cancelling (or timing out) a pending acquisition withdraws the wait at
 * once, in O(1), from any thread (the bookkeeping runs on the loop), and the borrower may ask
 * again. If the token had already been lent to that waiter but the waiter had not resumed yet, the
 * cancellation wins: the borrower gives the token up and it passes to the next waiter or back to
 * the limiter. {@link #withToken} releases on success, failure and cancellation of its body.
 *
 * <p><b>Errors.</b> A total below 1 throws {@link IllegalArgumentException}. A second token for
 * one borrower, a release by a non-borrower, and the task-based methods outside a task throw
 * {@link IllegalStateException} and change nothing. A {@code null} borrower throws {@link
 * NullPointerException}.
 *
 * <p><b>Loop confinement.</b> Every method must be called on a loop thread. The limiter binds to
 * the loop of its first use of any kind (an operation that completes at once binds it too); from
 * then on, use from another loop or a plain thread throws {@link IllegalStateException} at once.
 * Once that loop has closed, the limiter moves to the next loop that uses it if it is idle (nobody
 * waiting, no token lent); otherwise that use throws {@link IllegalStateException} saying that the
 * loop it is bound to is closed. Only cancelling a returned future is safe from any thread.
 */
public final class AsyncCapacityLimiter {

    /** Who borrows, who waits, and the lending between them. */
    private final TokenLedger ledger;
    private final LoopBinding binding;

    /*
     * Implementation notes. This class checks the caller (the current task, or the explicit
     * borrower) and the arguments; the books and the lending live in TokenLedger, whose notes
     * describe the algorithm.
     */

    /**
     * Creates a limiter with {@code totalTokens} tokens, none lent.
     *
     * @param totalTokens the number of tokens
     * @throws IllegalArgumentException if {@code totalTokens} is below 1
     */
    public AsyncCapacityLimiter(int totalTokens) {
        this.ledger = new TokenLedger(this, checkTotal(totalTokens));
        this.binding = ledger.binding();
    }

    /**
     * Borrows a token for the current task: at once if one is free and nobody waits, otherwise
     * when one is handed over.
     *
     * @return a future completing with {@code null} once the task holds a token; cancel it to stop
     *     waiting
     * @throws IllegalStateException outside a task, if the task already holds or waits for a token
     *     of this limiter, or if called off a loop thread or from another loop
     */
    public LoopFuture<Void> acquire() {
        EventLoop loop = binding.check("acquire");
        return ledger.acquireFor(loop, "acquire", currentTask(loop, "acquire"));
    }

    /**
     * Borrows a token for {@code borrower}: at once if one is free and nobody waits, otherwise when
     * one is handed over.
     *
     * @param borrower who holds the token, compared with {@code equals}
     * @return a future completing with {@code null} once the borrower holds a token; cancel it to
     *     stop waiting
     * @throws NullPointerException if {@code borrower} is null
     * @throws IllegalStateException if the borrower already holds or waits for a token of this
     *     limiter, or if called off a loop thread or from another loop
     */
    public LoopFuture<Void> acquireOnBehalfOf(Object borrower) {
        EventLoop loop = binding.check("acquireOnBehalfOf");
        return ledger.acquireFor(loop, "acquireOnBehalfOf", Objects.requireNonNull(borrower, "borrower"));
    }

    /**
     * Borrows a token for the current task if one is free and nobody waits, without waiting.
     *
     * @return {@code true} if the task now holds a token
     * @throws IllegalStateException as for {@link #acquire()}
     */
    public boolean tryAcquire() {
        EventLoop loop = binding.check("tryAcquire");
        return ledger.tryAcquireFor(loop, "tryAcquire", currentTask(loop, "tryAcquire"));
    }

    /**
     * Borrows a token for {@code borrower} if one is free and nobody waits, without waiting.
     *
     * @param borrower who holds the token, compared with {@code equals}
     * @return {@code true} if the borrower now holds a token
     * @throws NullPointerException if {@code borrower} is null
     * @throws IllegalStateException as for {@link #acquireOnBehalfOf}
     */
    public boolean tryAcquireOnBehalfOf(Object borrower) {
        EventLoop loop = binding.check("tryAcquireOnBehalfOf");
        return ledger.tryAcquireFor(loop, "tryAcquireOnBehalfOf", Objects.requireNonNull(borrower, "borrower"));
    }

    /**
     * Gives back the current task's token, handing it to the oldest waiter if there is one.
     *
     * @throws IllegalStateException outside a task, if the task holds no token of this limiter, or
     *     if called off a loop thread or from another loop
     */
    public void release() {
        EventLoop loop = binding.check("release");
        ledger.releaseFor("release", currentTask(loop, "release"));
    }

    /**
     * Gives back {@code borrower}'s token, handing it to the oldest waiter if there is one.
     *
     * @param borrower the borrower that holds a token
     * @throws NullPointerException if {@code borrower} is null
     * @throws IllegalStateException if the borrower holds no token of this limiter, or if called
     *     off a loop thread or from another loop
     */
    public void releaseOnBehalfOf(Object borrower) {
        binding.check("releaseOnBehalfOf");
        ledger.releaseFor("releaseOnBehalfOf", Objects.requireNonNull(borrower, "borrower"));
    }

    /**
     * Runs {@code body} while the current task holds a token, and gives it back when the body's
     * stage completes, fails or is cancelled.
     *
     * @param body the limited work
     * @param <T> the body's value type
     * @return the body's outcome; cancelling it while the token is awaited withdraws the wait
     * @throws NullPointerException if {@code body} is null (no token is taken)
     * @throws IllegalStateException as for {@link #acquire()}
     */
    public <T> LoopFuture<T> withToken(Supplier<? extends CompletionStage<T>> body) {
        EventLoop loop = binding.check("withToken");
        return guarded(loop, "withToken", currentTask(loop, "withToken"), body);
    }

    /**
     * Runs {@code body} while {@code borrower} holds a token, and gives it back when the body's
     * stage completes, fails or is cancelled.
     *
     * @param borrower who holds the token, compared with {@code equals}
     * @param body the limited work
     * @param <T> the body's value type
     * @return the body's outcome; cancelling it while the token is awaited withdraws the wait
     * @throws NullPointerException if {@code borrower} or {@code body} is null (no token is taken)
     * @throws IllegalStateException as for {@link #acquireOnBehalfOf}
     */
    public <T> LoopFuture<T> withTokenOnBehalfOf(Object borrower, Supplier<? extends CompletionStage<T>> body) {
        EventLoop loop = binding.check("withTokenOnBehalfOf");
        return guarded(loop, "withTokenOnBehalfOf", Objects.requireNonNull(borrower, "borrower"), body);
    }

    /**
     * Changes the number of tokens. Raising it lends the new tokens to waiters at once, oldest
     * first; lowering it takes no token back.
     *
     * @param totalTokens the new number of tokens
     * @throws IllegalArgumentException if {@code totalTokens} is below 1 (nothing changes)
     * @throws IllegalStateException if called off a loop thread or from another loop
     */
    public void setTotalTokens(int totalTokens) {
        binding.check("setTotalTokens");
        ledger.setTotal(checkTotal(totalTokens));
    }

    /**
     * The number of tokens.
     *
     * @return the total
     */
    public int totalTokens() {
        return ledger.total();
    }

    /**
     * The number of tokens lent, including one handed to a waiter that has not resumed yet; above
     * the total after the total was lowered below it.
     *
     * @return the count
     */
    public int borrowedTokens() {
        return ledger.borrowed();
    }

    /**
     * The number of tokens free: the total minus those lent, or 0 when more are lent.
     *
     * @return the count
     */
    public int availableTokens() {
        return Math.max(0, ledger.total() - ledger.borrowed());
    }

    /**
     * The number of acquisitions parked, waiting for a token.
     *
     * @return the count
     */
    public int waiters() {
        return ledger.waiting();
    }

    /**
     * The borrowers holding a token, in the order they got it.
     *
     * @return a snapshot
     */
    public List<Object> borrowers() {
        return ledger.borrowers();
    }

    /**
     * Tokens lent and total, and the waiters.
     *
     * @return for example {@code AsyncCapacityLimiter[borrowed:2/4]} or {@code
     *     AsyncCapacityLimiter[borrowed:4/4, waiters:3]}
     */
    @Override
    public String toString() {
        return Probes.describe("AsyncCapacityLimiter", "borrowed:" + ledger.borrowed() + "/" + ledger.total(),
                ledger.waiting());
    }

    private <T> LoopFuture<T> guarded(EventLoop loop, String operation, Object borrower,
            Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");            // before acquiring: a bad call must not take a token
        return Guarded.run(loop, ledger.acquireFor(loop, operation, borrower), () -> ledger.releaseFor(operation, borrower),
                body);
    }

    private static Task<?> currentTask(EventLoop loop, String operation) {
        Task<?> task = loop.currentTask();
        if (task == null) {
            throw new IllegalStateException(operation + "() outside a task: the borrower is the current task, and no task"
                    + " runs now (use " + operation + "OnBehalfOf with an explicit borrower)");
        }
        return task;
    }

    private static int checkTotal(int totalTokens) {
        if (totalTokens < 1) {
            throw new IllegalArgumentException("totalTokens: " + totalTokens + " (expected: >= 1)");
        }
        return totalTokens;
    }
}
