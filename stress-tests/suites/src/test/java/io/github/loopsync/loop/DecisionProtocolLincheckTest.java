package io.github.loopsync.loop;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * A primitive's waiter, granted from the loop while other threads cancel or complete it, and
 * delivered by driving the loop inside the scenario: the decide/cancel/grant/deliver protocol of
 * {@link LoopFuture} is linearizable, and the primitive's bookkeeping is exact. Exactly one
 * decision wins; a cancellation overrides a grant not yet delivered and the grant comes back
 * through {@code onGrantRevoked} once; a waiter withdrawn through {@code onWithdrawn} was never
 * granted; nothing is delivered twice (see {@link DecisionLedger}).
 *
 * <p>The test uses only the future's public and protected API: a subclass granting through {@code
 * grant} and recording its hooks. {@code grant} and {@code drive} form the non-parallel "loop"
 * group, so one thread runs them, bound to the loop as in {@link SubmitLincheckTest}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:2")
public class DecisionProtocolLincheckTest extends WaiterProtocolLincheck {

    private final EventLoop loop = Loops.drivable("lincheck-decision");
    private final DecisionLedger ledger = new DecisionLedger();
    private final RecordingWaiter waiter = new RecordingWaiter(loop, ledger);

    /** A waiter whose hooks report to the ledger. */
    static final class RecordingWaiter extends LoopFuture<Integer> {
        private final DecisionLedger ledger;

        RecordingWaiter(EventLoop loop, DecisionLedger ledger) {
            super(loop);
            this.ledger = ledger;
            whenComplete(ledger::delivered);
        }

        boolean grantValue(int value) {
            if (grant(value)) {
                ledger.granted(value);
                return true;
            }
            return false;
        }

        @Override
        protected void onWithdrawn() {
            ledger.withdrawn();
        }

        @Override
        protected void onGrantRevoked(Integer granted) {
            ledger.handedBack(granted);
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

    /** @param value the value @return whether this call decided it */
    @Operation
    public boolean complete(@Param(name = "value") int value) {
        return waiter.complete(value);
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

    /** The broken twin: a check-then-set decision lets a grant and a cancellation both win. */
    @Test
    void checkThenSetTwinIsRejected() {
        assertRejected(CheckThenSet.class);
    }

    /** The same scenario over {@link CheckThenSetFuture}. */
    @Param(name = "value", gen = IntGen.class, conf = "1:2")
    public static class CheckThenSet {
        private final EventLoop loop = Loops.drivable("lincheck-check-then-set");
        private final DecisionLedger ledger = new DecisionLedger();
        private final CheckThenSetFuture waiter = new CheckThenSetFuture(loop, ledger);

        /** @param value the grant @return whether the grant was made */
        @Operation(nonParallelGroup = "loop")
        public boolean grant(@Param(name = "value") int value) {
            Loops.bindHere(loop);
            return waiter.grant(value);
        }

        /** @return the violations recorded so far */
        @Operation(nonParallelGroup = "loop")
        public int drive() {
            Loops.driveOnce(loop);
            return ledger.violations();
        }

        /** @param value the value @return whether this call decided it */
        @Operation
        public boolean complete(@Param(name = "value") int value) {
            return waiter.complete(value);
        }

        /** @return whether the future is cancelled after the call */
        @Operation
        public boolean cancel() {
            return waiter.cancel();
        }

        /** @return whether the future is cancelled */
        @Operation
        public boolean isCancelled() {
            return waiter.isCancelled();
        }

        /** After every scenario: no grant lost or duplicated. */
        @Validate
        public void bookkeepingIsExact() {
            ledger.check();
        }
    }
}
