package io.github.loopsync.loop;

/**
 * The state machine of {@link LoopFuture}: decision, delivery and dependents, over the state and
 * its queries in {@link FutureState}. Split from the public class, which holds the {@link
 * java.util.concurrent.CompletionStage} methods, so that each file reads as one responsibility.
 *
 * @param <T> the value type
 */
abstract class FutureCore<T> extends FutureState<T> {

    /** Loop-confined: null, one {@link Dependent}, or a {@link Dependents} list, in registration order. */
    private Object dependents;

    /*
     * Implementation notes. `state` is the one cross-thread decision point: a grant made on the loop
     * and a cancellation from any thread race for it by compare-and-set, and exactly one wins. Leaf
     * waits (a primitive's waiter, a sleep, a user's future) are decided first and delivered at the
     * loop's next step; until then a failure may still override a decided value, and a grant that
     * is overridden comes back through onGrantRevoked. Dependent stages are decided and delivered in
     * one step, inline, because their value is the result of code that already ran. Dependents run
     * on the loop thread only, through LoopScheduler.runDependent, which bounds the inline depth.
     */

    FutureCore(EventLoop loop) {
        super(loop);
    }

    // ---------------------------------------------------------------- decisions

    /** Decides a pending future (a Decision or a Failure) and schedules its delivery. */
    final boolean decide(Object outcome) {
        if (casState(null, outcome)) {
            loop.scheduler.scheduleDelivery((LoopFuture<?>) this);
            return true;
        }
        return false;
    }

    /**
     * Grants this waiter the value its subclass holds ({@link #heldGrant}). On the loop thread
     * nothing is decided now, and the grant is decided and delivered at once at the loop's next
     * step, by the compare-and-set that commits the value. A cancellation or failure from any thread
     * that lands first wins, as it does over a {@link LoopFuture#grant grant}: the waiter ends
     * cancelled and {@link #onWithdrawn} runs, where the subclass finds its grant still held and
     * hands it on.
     *
     * <p>This saves {@link LoopFuture#grant grant}'s own compare-and-set, and the store of a decision
     * into a waiter that may have been parked long enough to be promoted: the cheapest hand-off a
     * primitive can make. Between the call and the delivery the future reads as pending.
     *
     * <p>Only a future that refuses completion by hand ({@link LoopFuture#manualCompletionRefusal}
     * returns a reason, as every primitive's waiter does) may hold a grant: a {@code complete} that
     * landed before the delivery would otherwise win without the grant coming back.
     *
     * <p>Called from another thread, it decides the held value at once, as {@code grant} does (the
     * primitives' hooks run on a cancelling thread once a loop has closed); a cancellation that
     * then overrides it hands it back through {@link #onGrantRevoked}.
     *
     * @return {@code true} if the grant will be delivered unless a cancellation comes first,
     *     {@code false} if the future was already decided (cancelled or failed); the subclass then
     *     drops what it holds and the primitive moves on to the next waiter
     * @throws IllegalStateException on a future that accepts {@code complete} by hand
     */
    protected final boolean grantHeld() {
        if (((LoopFuture<?>) this).manualCompletionRefusal() == null) {
            throw new IllegalStateException("grantHeld() needs a future that refuses complete() by hand"
                    + " (manualCompletionRefusal returns null for " + this + "); use grant()");
        }
        if (!loop.inLoopThread()) {
            // Off the loop (once a loop has closed, a cancelling thread runs the primitive's hooks):
            // decide at once, as grant does, which is safe from any thread.
            return decide(Decision.ofCheckedGrant(heldGrant()));
        }
        if (isDecided()) {
            return false;
        }
        loop.scheduler.scheduleDeliveryHere((LoopFuture<?>) this);
        return true;
    }

    /**
     * The value of {@link #heldGrant} when no grant is held.
     */
    protected static final Object NO_HELD_GRANT = new Object() {
        @Override
        public String toString() {
            return "no held grant";
        }
    };

    /**
     * The grant this future holds for a {@link #grantHeld} delivery, read on the loop thread; a
     * subclass that calls {@code grantHeld} keeps the value in a field of its own until the delivery
     * or its withdrawal. Held grants are loop-confined plain data.
     *
     * @return the held value (which may be {@code null}), or {@link #NO_HELD_GRANT}; this default
     *     always returns {@code NO_HELD_GRANT}
     */
    protected Object heldGrant() {
        return NO_HELD_GRANT;
    }

    /** Package-private value decision (tasks, scopes, sleeps); delivered at the loop's next step. */
    final boolean decideValue(T value) {
        return decide(Decision.of(value, false));
    }

    /** Package-private failure decision; delivered at the loop's next step. */
    final boolean decideFailure(Throwable failure) {
        return decide(new Failure(failure, false));
    }

    /** Loop thread: decides and delivers at once (dependent stages). */
    final boolean completeInline(Object value) {
        if (casState(null, mask(value))) {
            runDependents(value, null);
            return true;
        }
        return false;
    }

    /** Loop thread: fails and delivers at once (dependent stages). */
    final boolean failInline(Throwable failure) {
        Failure outcome = new Failure(failure, true);
        if (casState(null, outcome)) {
            runDependents(null, failure);
            return true;
        }
        return false;
    }

    /**
     * Fails this future unless it is final: a pending future is withdrawn, and a value decided but
     * not delivered (and not final) is overridden, handing a grant back.
     */
    final boolean failOrOverride(Throwable failure) {
        for (;;) {
            Object current = rawState();
            if (current != null && !(current instanceof Decision)) {
                return false;
            }
            if (current != null && decidedValueIsFinal()) {
                return false;
            }
            if (casState(current, new Failure(failure, false))) {
                if (current == null) {
                    if (!loop.inLoopThread() || heldGrant() == NO_HELD_GRANT) {
                        loop.scheduler.scheduleDelivery((LoopFuture<?>) this);    // a held grant's delivery
                    }                                                   // is already scheduled
                    runHook(this::onWithdrawn);
                } else {
                    Decision decision = (Decision) current;
                    if (decision.granted) {
                        @SuppressWarnings("unchecked")
                        T granted = (T) decision.value;
                        runHook(() -> onGrantRevoked(granted));
                    }
                }
                return true;
            }
        }
    }

    /** Runs a hook of this future on the loop thread: now if there, else posted (late once the inbox has closed). */
    final void runHook(Runnable hook) {
        if (loop.inLoopThread()) {
            hook.run();
        } else {
            loop.runHookOnLoop(hook);                   // a closing loop still runs it
        }
    }

    /** Loop thread: hands the decided outcome to the dependents. */
    final void deliver() {
        Task<?> owned = owner();
        if (owned != null) {
            owned.disown((LoopFuture<?>) this);
        }
        for (;;) {
            Object current = rawState();
            if (current instanceof Decision) {
                Decision decision = (Decision) current;
                if (decision.checked) {
                    Throwable refusal = refusalAtDelivery();
                    if (refusal != null) {
                        failOrOverride(refusal);        // the grant comes back through onGrantRevoked
                        continue;
                    }
                }
                Object value = decision.value;
                // The compare-and-set commits the outcome first: from here no cancellation can
                // override it, so onDelivery acts on a grant that stands.
                if (casState(current, mask(value))) {
                    deliverCommitted(value, null);
                    return;
                }
            } else if (current instanceof Failure) {
                Failure failure = (Failure) current;
                if (failure.claimDelivery()) {
                    deliverCommitted(null, failure.cause);
                }
                return;
            } else if (current == null && (current = heldGrant()) != NO_HELD_GRANT) {
                // A held grant: decided and delivered by this one compare-and-set, unless a
                // cancellation came first (the loop then delivers that failure) or the waiter
                // refuses it now (its withdrawal hook then gets the grant back).
                Throwable refusal = refusalAtDelivery();
                if (refusal != null) {
                    failOrOverride(refusal);
                    continue;
                }
                if (casState(null, mask(current))) {
                    deliverCommitted(current, null);
                    return;
                }
            } else {
                throw new IllegalStateException("delivery of a future that is " + (current == null ? "undecided" : "delivered")
                        + ": " + this);
            }
        }
    }

    /** An outcome committed for good (by this thread): the hooks, then the dependents. */
    private void deliverCommitted(Object value, Throwable failure) {
        onDelivery();
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        afterDelivery(typed, failure);
        runDependents(value, failure);
    }

    /**
     * Called on the loop thread when a pending waiter was completed or failed from outside
     * (cancelled, timed out) before the primitive granted it anything, or before a {@link
     * #grantHeld} grant was delivered: the primitive unlinks it, or hands on what {@link
     * #heldGrant} still holds. Runs after the decision; the default does nothing.
     */
    protected void onWithdrawn() {
    }

    /**
     * Called on the loop thread when a grant made with {@code grant} was overridden by a
     * cancellation or failure before delivery: the primitive hands {@code granted} on to the next
     * waiter or takes it back. The default does nothing.
     *
     * @param granted the value that had been granted
     */
    protected void onGrantRevoked(T granted) {
    }

    /**
     * Called on the loop thread at delivery, just before the dependents run: the moment the waiting
     * code resumes (asyncio's {@code finally} after {@code await}). The outcome is final by then (no
     * cancellation from any thread can override it any more), so a primitive may act on a grant
     * for good; {@link #isCompletedExceptionally()} says which outcome it was. The default does
     * nothing.
     */
    protected void onDelivery() {
    }

    /**
     * Called on the loop thread at the delivery of a grant made with {@code grantChecked} or held
     * for {@link #grantHeld}, before the grant is committed: a failure to deliver instead, or
     * {@code null} to deliver the grant. A refused grant comes back through {@link
     * #onGrantRevoked} ({@code grantChecked}) or {@link #onWithdrawn}, where the subclass still
     * holds it ({@code grantHeld}). It lets a waiter take into account, at the last moment the
     * outcome can still change, a request that another thread left for it or a change of its
     * primitive since the grant (a queue shut down while an item was on its way to a getter). The
     * default returns {@code null}.
     *
     * @return the failure that replaces the grant, or {@code null}
     */
    protected Throwable refusalAtDelivery() {
        return null;
    }

    /** Hook for Task: runs after the outcome is final, before the dependents run. */
    void afterDelivery(T value, Throwable failure) {
    }


    // ---------------------------------------------------------------- dependents (loop thread)

    /**
     * Registers {@code dependent}: runs it now (depth permitting) if delivered, else at delivery.
     * Chaining from a task makes that task the one waiting for a pending leaf (see LoopFuture).
     */
    final void subscribe(Dependent dependent) {
        subscribe(dependent, true);
    }

    /**
     * Registers {@code dependent} for the loop's own bookkeeping (a combinator watching its inputs,
     * a task watching its body): the running task does not become the one waiting for this future,
     * so that its cancellation reaches the supervising composite, not the watched future.
     */
    final void listen(Dependent dependent) {
        subscribe(dependent, false);
    }

    private void subscribe(Dependent dependent, boolean waitedOnByCurrentTask) {
        if (this instanceof Task) {
            ((Task<?>) this).markObserved();
        }
        if (!loop.inLoopThread()) {
            if (!loop.tryExecute(() -> subscribe(dependent, waitedOnByCurrentTask))) {
                subscribeAfterClose(dependent);
            }
            return;
        }
        Object current = rawState();
        if (current != null && !(current instanceof Decision)
                && (!(current instanceof Failure) || ((Failure) current).isDelivered())) {
            loop.scheduler.runDependent(dependent, current instanceof Failure ? null : unmask(current),
                    current instanceof Failure ? ((Failure) current).cause : null);
            return;
        }
        if (waitedOnByCurrentTask) {
            chainedWhilePending();
        }
        addDependent(dependent);
    }

    private void addDependent(Dependent dependent) {
        Object existing = dependents;
        if (existing == null) {
            dependents = dependent;
        } else if (existing instanceof Dependents) {
            ((Dependents) existing).add(dependent);
        } else {
            dependents = new Dependents(existing, dependent);
        }
    }

    /** A closed loop delivers on the deciding thread; registration is best effort there. */
    private void subscribeAfterClose(Dependent dependent) {
        Object current = rawState();
        if (current != null && !(current instanceof Decision)) {
            dependent.fire(current instanceof Failure ? null : unmask(current),
                    current instanceof Failure ? ((Failure) current).cause : null);
        } else {
            synchronized (this) {
                addDependent(dependent);
            }
        }
    }

    /** Loop thread, while pending: the chaining task now waits for this future. */
    void chainedWhilePending() {
    }

    private void runDependents(Object value, Throwable failure) {
        Object registered = dependents;
        if (registered == null) {
            return;
        }
        dependents = null;
        LoopScheduler scheduler = loop.scheduler;
        if (registered instanceof Dependents) {
            Dependents list = (Dependents) registered;
            for (int i = 0; i < list.size; i++) {
                scheduler.runDependent((Dependent) list.items[i], value, failure);
            }
        } else {
            scheduler.runDependent((Dependent) registered, value, failure);
        }
    }

    /** Whether any dependent is registered and not yet run. */
    final boolean hasDependents() {
        return dependents != null;
    }


}
