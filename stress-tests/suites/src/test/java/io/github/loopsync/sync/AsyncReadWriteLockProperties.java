package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.PropertyCheck;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.ExpectedFailures;
import io.github.loopsync.loop.LoopFuture;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * Generated read/write/try/timeout/downgrade sequences on {@link AsyncReadWriteLock} against the
 * phase-fair model, and the model's broken twin: a reader-preferring lock that starves writers.
 */
class AsyncReadWriteLockProperties {

    private static final RaceOptions ANY_ORDER = RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(1)
            .maxSchedules(200);

    /** Exclusion and phase-fair order in any interleaving, with one injected cancellation, 80 sequences. */
    @Test
    void readWriteLockKeepsTheModel() {
        PropertyCheck.forAll(0x5EAD5L, 80, ReadWriteLockModel::generate,
                (run, tasks) -> new ReadWriteLockModel(ReadWriteLockModel.of(new AsyncReadWriteLock())).scenario(run, tasks),
                ANY_ORDER);
        PropertyCheck.forAll(0x5EAD5L, 40, ReadWriteLockModel::generate,
                (run, tasks) -> new ReadWriteLockModel(ReadWriteLockModel.of(new AsyncReadWriteLock())).scenario(run, tasks),
                ANY_ORDER.ordering(Ordering.STRICT_FIFO));
    }

    /** The broken twin: readers that enter whenever no writer holds the lock starve a waiting writer, and the model says so. */
    @Test
    void readerPreferringLockIsCaught() {
        AssertionError failure = assertThrows(AssertionError.class, () -> PropertyCheck.forAll(0xBAD5L, 80,
                ReadWriteLockModel::generate,
                (run, tasks) -> new ReadWriteLockModel(new ReaderPreferringLock()).scenario(run, tasks),
                RaceOptions.defaults().strategy(Strategy.RANDOM).cancellations(0).maxSchedules(200)));
        assertTrue(failure.getMessage().contains("invariant broken: phase-fair order"), failure.getMessage());
        ExpectedFailures.show("the property suite catches the reader-preferring lock, as it should:\n" + failure.getMessage());
    }

    /** Readers get in whenever no writer holds the lock, however long a writer has waited. */
    static final class ReaderPreferringLock implements ReadWriteLockModel.Primitive {
        private final ArrayDeque<LoopFuture<Void>> readers = new ArrayDeque<>();
        private final ArrayDeque<LoopFuture<Void>> writers = new ArrayDeque<>();
        private int reading;
        private boolean writing;

        @Override
        public LoopFuture<Void> acquireRead() {
            EventLoop loop = EventLoop.current();
            if (!writing) {                       // BUG: ignores the writers waiting
                reading++;
                return loop.done();
            }
            LoopFuture<Void> waiter = loop.createFuture();
            readers.add(waiter);
            return waiter;
        }

        @Override
        public LoopFuture<Void> acquireWrite() {
            EventLoop loop = EventLoop.current();
            if (!writing && reading == 0) {
                writing = true;
                return loop.done();
            }
            LoopFuture<Void> waiter = loop.createFuture();
            writers.add(waiter);
            return waiter;
        }

        @Override
        public boolean tryAcquireRead() {
            if (writing) {
                return false;
            }
            reading++;
            return true;
        }

        @Override
        public boolean tryAcquireWrite() {
            if (writing || reading > 0) {
                return false;
            }
            writing = true;
            return true;
        }

        @Override
        public void releaseRead() {
            if (--reading == 0) {
                handOff();
            }
        }

        @Override
        public void releaseWrite() {
            writing = false;
            handOff();
        }

        @Override
        public void downgrade() {
            writing = false;
            reading = 1;
            admitReaders();
        }

        private void handOff() {
            if (admitReaders() > 0) {
                return;
            }
            LoopFuture<Void> writer;
            while ((writer = writers.poll()) != null) {
                if (writer.complete(null)) {
                    writing = true;
                    return;
                }
            }
        }

        private int admitReaders() {
            int admitted = 0;
            LoopFuture<Void> reader;
            while ((reader = readers.poll()) != null) {
                if (reader.complete(null)) {
                    reading++;
                    admitted++;
                }
            }
            return admitted;
        }
    }
}
