package io.github.loopsync.loop;

import java.util.concurrent.CancellationException;

/**
 * The broken twin of {@link LoopFuture}'s decision protocol, kept small: the same states (pending,
 * decided value or grant, failed, delivered), hooks and delivery through the loop, but each
 * decision is a plain check of the state followed by a plain write instead of one
 * compare-and-set. A grant on the loop and a cancellation from another thread can then both win:
 * the cancellation withdraws a waiter whose grant is lost, or two completions both succeed.
 */
final class CheckThenSetFuture {

    private static final Object DELIVERED = new Object();

    /** A decided value; {@code granted} marks a primitive's grant. */
    private static final class Decision {
        final int value;
        final boolean granted;

        Decision(int value, boolean granted) {
            this.value = value;
            this.granted = granted;
        }
    }

    private final EventLoop loop;
    private final DecisionLedger ledger;
    /** null, a Decision, a Throwable or DELIVERED; BUG: never compare-and-set. */
    private volatile Object state;

    CheckThenSetFuture(EventLoop loop, DecisionLedger ledger) {
        this.loop = loop;
        this.ledger = ledger;
    }

    boolean grant(int value) {
        if (decide(new Decision(value, true))) {
            ledger.granted(value);
            return true;
        }
        return false;
    }

    boolean complete(int value) {
        if (decide(new Decision(value, false))) {
            runHook(ledger::withdrawn);
            return true;
        }
        return false;
    }

    boolean cancel() {
        Object current = state;
        if (current != null && !(current instanceof Decision)) {
            return isCancelled();
        }
        state = new CancellationException();                 // BUG: check, then set
        if (current == null) {
            loop.execute(this::deliver);
            runHook(ledger::withdrawn);
        } else if (((Decision) current).granted) {
            int value = ((Decision) current).value;
            runHook(() -> ledger.handedBack(value));
        }
        return true;
    }

    boolean isCancelled() {
        return state instanceof CancellationException;
    }

    private boolean decide(Object outcome) {
        if (state == null) {                                 // BUG: check, then set
            state = outcome;
            loop.execute(this::deliver);
            return true;
        }
        return false;
    }

    private void deliver() {
        Object current = state;
        if (current instanceof Decision) {
            state = DELIVERED;
            ledger.delivered(((Decision) current).value, null);
        } else if (current instanceof Throwable) {
            ledger.delivered(null, (Throwable) current);
        }
    }

    private void runHook(Runnable hook) {
        if (loop.inLoopThread()) {
            hook.run();
        } else {
            loop.execute(hook);
        }
    }
}
