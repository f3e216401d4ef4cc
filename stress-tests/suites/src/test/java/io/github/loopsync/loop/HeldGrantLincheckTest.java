package io.github.loopsync.loop;

import java.util.concurrent.TimeoutException;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * A primitive's waiter granted on the loop thread with {@code grantHeld} (the waiter keeps the value
 * and the loop decides and delivers it in one compare-and-set), while other threads cancel it or
 * fail it: the protocol is linearizable and the primitive's bookkeeping exact. Exactly one outcome
 * wins; a cancellation that lands before the delivery hands the held grant back once, through
 * {@code onWithdrawn}; a waiter withdrawn before any grant was never granted; nothing is delivered
 * twice (see {@link DecisionLedger}).
 *
 * <p>{@code grant} and {@code drive} form the non-parallel "loop" group, run by one thread bound to
 * the loop, as in {@link DecisionProtocolLincheckTest}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:2")
public class HeldGrantLincheckTest extends WaiterProtocolLincheck {

    private final EventLoop loop = Loops.drivable("lincheck-held-grant");
    private final DecisionLedger ledger = new DecisionLedger();
    private final HeldWaiter waiter = new HeldWaiter(loop, ledger, true);

    /** A waiter that holds its grant until delivery, as a primitive's waiter does, and reports to the ledger. */
    static final class HeldWaiter extends LoopFuture<Integer> {
        private final DecisionLedger ledger;
        private final boolean handsBack;
        private Integer held;

        /** {@code handsBack} false makes the broken twin: a withdrawal forgets the held grant. */
        HeldWaiter(EventLoop loop, DecisionLedger ledger, boolean handsBack) {
            super(loop);
            this.ledger = ledger;
            this.handsBack = handsBack;
            whenComplete(ledger::delivered);
        }

        /** A primitive grants a waiter once (it leaves the wait queue at its grant). */
        boolean grantValue(int value) {
            if (held != null) {
                return false;
            }
            held = value;
            if (grantHeld()) {
                ledger.granted(value);
                return true;
            }
            held = null;
            return false;
        }

        @Override
        protected Object heldGrant() {
            return held == null ? NO_HELD_GRANT : held;
        }

        @Override
        protected String manualCompletionRefusal() {
            return "granted only by its primitive";
        }

        @Override
        protected void onWithdrawn() {
            if (held != null && handsBack) {
                Integer granted = held;
                held = null;
                ledger.handedBack(granted);
            } else {
                ledger.withdrawn();
            }
        }
    }

    /** @param value the grant @return whether the grant was made (the loop side) */
    @Operation(nonParallelGroup = "loop")
    public boolean grant(@Param(name = "value") int value) {
        Loops.bindHere(loop);
        return waiter.grantValue(value);
    }

    /** @return the violations recorded so far, after one loop iteration (hooks and deliveries run) */
    @Operation(nonParallelGroup = "loop")
    public int drive() {
        Loops.driveOnce(loop);
        return ledger.violations();
    }

    /** @return whether this call failed the waiter (a timeout, say) */
    @Operation
    public boolean fail() {
        return waiter.completeExceptionally(new TimeoutException("timed out"));
    }

    /** @return whether the future is cancelled after the call */
    @Operation
    public boolean cancel() {
        return waiter.cancel(false);
    }

    /** @return whether the future is cancelled */
    @Operation
    public boolean isCancelled() {
        return waiter.isCancelled();
    }

    /** After every scenario: no grant lost or duplicated, no hook twice. */
    @Validate
    public void bookkeepingIsExact() {
        ledger.check();
    }

    /** The broken twin: a withdrawal that forgets the held grant loses it, and the check finds it. */
    @Test
    void forgetfulWithdrawalTwinIsRejected() {
        assertRejected(Forgetful.class);
    }

    /** The same scenario over a waiter whose withdrawal forgets its held grant. */
    @Param(name = "value", gen = IntGen.class, conf = "1:2")
    public static class Forgetful {
        private final EventLoop loop = Loops.drivable("lincheck-forgetful");
        private final DecisionLedger ledger = new DecisionLedger();
        private final HeldWaiter waiter = new HeldWaiter(loop, ledger, false);

        /** @param value the grant @return whether the grant was made */
        @Operation(nonParallelGroup = "loop")
        public boolean grant(@Param(name = "value") int value) {
            Loops.bindHere(loop);
            return waiter.grantValue(value);
        }

        /** @return the violations recorded so far */
        @Operation(nonParallelGroup = "loop")
        public int drive() {
            Loops.driveOnce(loop);
            return ledger.violations();
        }

        /** @return whether the future is cancelled after the call */
        @Operation
        public boolean cancel() {
            return waiter.cancel(false);
        }

        /** After every scenario: no grant lost. */
        @Validate
        public void bookkeepingIsExact() {
            ledger.check();
        }
    }
}
