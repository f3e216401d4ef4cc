package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.PropertyCheck;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.ExpectedFailures;
import io.github.loopsync.loop.LoopFuture;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** The property suite's broken twin: a barging lock is caught, with a shrunk counterexample. */
class BrokenLockProperties {

    /**
     * A lock that wakes its oldest waiter on release but leaves itself free until the waiter runs,
     * so a newcomer can take it in between: the woken waiter then takes it too (two holders).
     */
    static final class BargingLock implements LockLikeModel.Primitive {
        private final ArrayDeque<LoopFuture<Void>> waiters = new ArrayDeque<>();
        private boolean locked;

        @Override
        public LoopFuture<Void> acquire() {
            EventLoop loop = EventLoop.current();
            if (!locked) {
                locked = true;
                return loop.done();
            }
            LoopFuture<Void> waiter = loop.createFuture();
            waiters.add(waiter);
            waiter.thenRun(() -> locked = true);   // BUG: does not check that nobody barged in
            return waiter;
        }

        @Override
        public boolean tryAcquire() {
            if (locked) {
                return false;
            }
            locked = true;
            return true;
        }

        @Override
        public void release() {
            locked = false;
            LoopFuture<Void> next;
            while ((next = waiters.poll()) != null) {
                if (next.complete(null)) {
                    return;
                }
            }
        }
    }

    /** Mutual exclusion breaks under some generated sequence and schedule, and the report says so. */
    @Test
    void bargingLockIsCaught() {
        AssertionError failure = assertThrows(AssertionError.class, () -> PropertyCheck.forAll(0xBADL, 60,
                LockLikeModel::generate,
                (run, tasks) -> new LockLikeModel(new BargingLock(), 1, false).scenario(run, tasks),
                RaceOptions.defaults().strategy(Strategy.RANDOM).maxSchedules(200)));
        assertTrue(failure.getMessage().contains("minimal operations per task"), failure.getMessage());
        ExpectedFailures.show("the property suite catches the barging lock, as it should:\n" + failure.getMessage());
    }
}
