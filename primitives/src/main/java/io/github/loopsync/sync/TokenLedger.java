package io.github.loopsync.sync;

import io.github.loopsync.internal.Acquisitions;
import io.github.loopsync.internal.LoopBinding;
import io.github.loopsync.internal.Probes;
import io.github.loopsync.internal.WaitQueue;
import io.github.loopsync.internal.Waiter;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The books of one {@link AsyncCapacityLimiter}: who borrows a token, who waits for one, which
 * tokens were lent through a wait (and so come back if that wait is cancelled before it resumes),
 * and the lending of free tokens to the waiters, oldest first; with debug mode's record of each
 * loan. The limiter checks the caller and its arguments, then calls in here. Loop-confined.
 */
final class TokenLedger {

    private final AsyncCapacityLimiter limiter;
    private final LoopBinding binding;
    /**
     * Parked acquisitions, oldest first. Invariant between steps: empty unless every token is
     * lent ({@code borrowers.size() >= total}).
     */
    private final WaitQueue<TokenWaiter> waiters = new WaitQueue<>();
    /** The borrowers holding a token, including those lent one who have not resumed yet. */
    private final Set<Object> borrowers = new LinkedHashSet<>();
    /** Each borrower waiting for a token, with its waiter. Invariant: the same waiters as the queue. */
    private final Map<Object, TokenWaiter> pending = new HashMap<>();
    /**
     * Each borrower that got its token through a wait, with that waiter, until it releases: a
     * cancellation that revokes the grant gives the token back only while this entry stands.
     */
    private final Map<Object, TokenWaiter> lentThroughWait = new HashMap<>();
    /** The number of tokens; may be below the number lent after it was lowered. */
    private int total;

    /*
     * Implementation notes. A token is lent at hand-off time: lendToWaiters() adds the head's
     * borrower to `borrowers` as it grants the head, so a borrower counts as holding its token
     * from the grant, and "a token free while a waiter is parked" is never observable between
     * steps: that is the progress predicate. Everything that can free a token (a release, a
     * revoked grant, a raised total) runs lendToWaiters(). A waiter cancelled from another thread
     * whose withdrawal is still in the loop's inbox refuses its grant and is skipped; its borrower
     * is then neither lent nor pending, and may ask again at once.
     */

    TokenLedger(AsyncCapacityLimiter limiter, int total) {
        this.limiter = limiter;
        this.total = total;
        this.binding = new LoopBinding(limiter, this::probe, this::idle);
    }

    LoopBinding binding() {
        return binding;
    }

    // ---------------------------------------------------------------- borrowing and giving back

    LoopFuture<Void> acquireFor(EventLoop loop, String operation, Object borrower) {
        checkNotBorrowing(operation, borrower);
        if (waiters.isEmpty() && borrowers.size() < total) {
            lendNow(loop, borrower);
            return loop.done();
        }
        TokenWaiter waiter = new TokenWaiter(loop, borrower);
        waiters.add(waiter);
        pending.put(borrower, waiter);
        return waiter;
    }

    boolean tryAcquireFor(EventLoop loop, String operation, Object borrower) {
        checkNotBorrowing(operation, borrower);
        if (waiters.isEmpty() && borrowers.size() < total) {
            lendNow(loop, borrower);
            return true;
        }
        return false;
    }

    /** Lends a free token at once; debug mode records where, and for whom. */
    private void lendNow(EventLoop loop, Object borrower) {
        borrowers.add(borrower);
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.acquiredNow(loop.currentTask(), Acquisitions.Unit.TOKEN, 1, borrower);
        }
    }

    void releaseFor(String operation, Object borrower) {
        if (!borrowers.remove(borrower)) {
            throw new IllegalStateException(operation + "() of " + limiter + " by " + borrower
                    + ", which holds no token of this limiter (expected: one of the borrowers " + borrowers + ")");
        }
        lentThroughWait.remove(borrower);
        Acquisitions debug = binding.acquisitions();
        if (debug != null) {
            debug.released(borrower, Acquisitions.Unit.TOKEN, 1);
        }
        lendToWaiters();
    }

    /** Refuses a second token: the borrower holds one, or waits for one (unless that wait was cancelled). */
    private void checkNotBorrowing(String operation, Object borrower) {
        if (borrowers.contains(borrower)) {
            throw new IllegalStateException(operation + "() of " + limiter + " by " + borrower
                    + ", which already holds a token of this limiter (expected: one token per borrower)");
        }
        TokenWaiter waiting = pending.get(borrower);
        if (waiting != null) {
            if (!waiting.isCancelled()) {
                throw new IllegalStateException(operation + "() of " + limiter + " by " + borrower
                        + ", which already waits for a token of this limiter (expected: one token per borrower)");
            }
            // Cancelled from another thread, withdrawal not yet run: it is gone already.
            waiters.remove(waiting);
            pending.remove(borrower);
        }
    }

    /** Changes the number of tokens; a raised total lends the new tokens at once. */
    void setTotal(int totalTokens) {
        total = totalTokens;
        lendToWaiters();
    }

    /** Lends free tokens to the waiters, oldest first. */
    private void lendToWaiters() {
        TokenWaiter head;
        while (borrowers.size() < total && (head = waiters.peek()) != null) {
            pending.remove(head.borrower, head);
            if (head.offer(null)) {
                boolean added = borrowers.add(head.borrower);
                assert added : head;
                lentThroughWait.put(head.borrower, head);
                Acquisitions debug = binding.acquisitions();
                if (debug != null) {
                    debug.granted(head, Acquisitions.Unit.TOKEN, 1, head.borrower);
                }
            }
        }
    }

    // ---------------------------------------------------------------- queries

    int total() {
        return total;
    }

    int borrowed() {
        return borrowers.size();
    }

    int waiting() {
        return waiters.size();
    }

    List<Object> borrowers() {
        return List.copyOf(borrowers);
    }

    // ---------------------------------------------------------------- binding and probe

    /** Nobody waiting and no token lent: nothing ties it to its loop. */
    private boolean idle() {
        return waiters.isEmpty() && borrowers.isEmpty();
    }

    private List<Task<?>> taskBorrowers() {
        return borrowers.stream().filter(Task.class::isInstance).<Task<?>>map(Task.class::cast).collect(Collectors.toList());
    }

    private ProgressProbe probe() {
        return Probes.of(limiter, waiters::size, () -> borrowers.size() < total && !waiters.isEmpty(), this::taskBorrowers,
                waiters::tasks);
    }

    /** A borrower waiting for a token; a token that comes back is handed on. */
    private final class TokenWaiter extends Waiter<Void> {
        final Object borrower;

        TokenWaiter(EventLoop loop, Object borrower) {
            super(loop);
            this.borrower = borrower;
        }

        @Override
        protected void withdrawn() {
            pending.remove(borrower, this);
        }

        @Override
        protected void grantReturned(Void granted) {
            // Unless the borrower released the token already (on behalf of it, before this waiter resumed).
            if (lentThroughWait.remove(borrower, this)) {
                Acquisitions debug = binding.acquisitions();
                if (debug != null) {
                    debug.grantReturned(this);
                }
                borrowers.remove(borrower);
                lendToWaiters();
            }
        }

        @Override
        public String toString() {
            return "acquire for " + borrower + " of " + limiter + " " + super.toString();
        }
    }
}
