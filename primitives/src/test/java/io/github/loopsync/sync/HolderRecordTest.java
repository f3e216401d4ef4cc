package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.testing.ProbeChecker;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which task holds a lock is recorded only where someone reads it: on a loop with a listener (the
 * harness) or in debug mode, and always for an owner-checked lock. A plain loop drops the probe
 * that would read it, so there the record is skipped, with no change to how the lock behaves.
 */
class HolderRecordTest {

    /** The kinds of loop, and whether each reads the primitives' probes. */
    enum Kind {
        PLAIN(false, () -> EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()),
        LISTENER(true, () -> EventLoop.builder().clock(VirtualClock.autoAdvancing()).listener(new ProbeChecker()).build()),
        DEBUG(true, () -> EventLoop.builder().clock(VirtualClock.autoAdvancing()).debug(true).build());

        final boolean observed;
        final Supplier<EventLoop> open;

        Kind(boolean observed, Supplier<EventLoop> open) {
            this.observed = observed;
            this.open = open;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void loopSaysWhetherItReadsProbes(Kind kind) {
        try (EventLoop loop = kind.open.get()) {
            assertEquals(kind.observed, loop.readsProbes());
        }
    }

    /**
     * Through the fast path, a hand-off to a parked task and the last release, the lock names its
     * holder exactly when the loop reads the probe, and behaves the same either way.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void lockNamesItsHolderOnlyWhereItIsRead(Kind kind) {
        try (EventLoop loop = kind.open.get()) {
            AsyncLock lock = new AsyncLock();
            LoopFuture<Void> firstDone = loop.createFuture();
            LoopFuture<Void> secondDone = loop.createFuture();
            Task<Void> first = loop.createTask(() -> lock.withLock(() -> firstDone));
            Task<Void> second = loop.createTask(() -> lock.withLock(() -> secondDone));
            loop.runUntilIdle();
            assertTrue(lock.isLocked());
            assertEquals(1, lock.waiters());
            assertSame(kind.observed ? first : null, lock.holder(), "taken on the fast path");

            firstDone.complete(null);
            loop.runUntilIdle();
            assertTrue(first.isDone());
            assertEquals(0, lock.waiters());
            assertSame(kind.observed ? second : null, lock.holder(), "handed to the parked task");

            secondDone.complete(null);
            loop.runUntilIdle();
            assertTrue(second.isDone());
            assertFalse(lock.isLocked());
            assertNull(lock.holder(), "released");
        }
    }

    /** An owner-checked lock needs its holder to refuse a foreign release, so it records on a plain loop too. */
    @Test
    void ownerCheckedLockRecordsOnAPlainLoop() {
        try (EventLoop loop = Kind.PLAIN.open.get()) {
            AsyncOwnerCheckedLock lock = new AsyncOwnerCheckedLock();
            LoopFuture<Void> done = loop.createFuture();
            Task<Void> owner = loop.createTask(() -> lock.withLock(() -> done));
            loop.runUntilIdle();
            assertSame(owner, lock.owner());
            Task<Void> intruder = loop.createTask(() -> {
                lock.release();
                return loop.done();
            });
            loop.runUntilIdle();
            CompletionException refused = assertThrows(CompletionException.class, intruder::join,
                    "a release by a task that does not hold the lock is refused");
            assertInstanceOf(IllegalStateException.class, refused.getCause());
            assertTrue(lock.isLocked());
            done.complete(null);
            loop.runUntilIdle();
            assertTrue(owner.isDone());
            assertFalse(lock.isLocked());
        }
    }

    /** The read-write lock keeps its holder record under the same rule. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void readWriteLockRecordsUnderTheSameRule(Kind kind) {
        try (EventLoop loop = kind.open.get()) {
            AsyncReadWriteLock lock = new AsyncReadWriteLock();
            boolean recorded = loop.runUntilComplete(() -> {
                assertTrue(lock.tryAcquireRead());
                lock.releaseRead();
                return loop.completedFuture(lock.binding().recordsHolders());
            });
            assertEquals(kind.observed, recorded);
        }
    }
}
