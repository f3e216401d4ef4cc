package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import io.github.loopsync.testing.LoopFixture;
import io.github.loopsync.testing.ProbeChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link AsyncReadWriteLock}: sharing, exclusion, phase-fair ordering, downgrade, errors and confinement. */
class AsyncReadWriteLockTest extends LoopFixture {

    private final AsyncReadWriteLock lock = new AsyncReadWriteLock();

    /** Readers share the lock: several are inside at once, across suspensions. */
    @Test
    void readersShare() {
        int[] inside = {0};
        int[] maxInside = {0};
        for (int i = 0; i < 5; i++) {
            loop.createTask(() -> lock.withRead(() -> {
                inside[0]++;
                maxInside[0] = Math.max(maxInside[0], inside[0]);
                return Tasks.sleep(Duration.ofMillis(5)).thenRun(() -> inside[0]--);
            }));
        }
        settle();
        assertEquals(5, maxInside[0]);
        assertEquals(Duration.ofMillis(5), now(), "they read together, not in turn");
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** A writer is alone: no reader and no other writer is ever inside with it. */
    @Test
    void writerExcludesEveryone() {
        int[] readers = {0};
        int[] writers = {0};
        List<String> violations = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            boolean write = random.nextInt(3) == 0;
            long hold = 1 + random.nextInt(3);
            loop.createTask(() -> write
                    ? lock.withWrite(() -> {
                        writers[0]++;
                        if (writers[0] > 1 || readers[0] > 0) {
                            violations.add("writer beside " + readers[0] + " readers, " + (writers[0] - 1) + " writers");
                        }
                        return Tasks.sleep(Duration.ofMillis(hold)).thenRun(() -> writers[0]--);
                    })
                    : lock.withRead(() -> {
                        readers[0]++;
                        if (writers[0] > 0) {
                            violations.add("reader beside a writer");
                        }
                        return Tasks.sleep(Duration.ofMillis(hold)).thenRun(() -> readers[0]--);
                    }));
        }
        settle();
        assertEquals(List.of(), violations);
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** A waiting writer stops new readers, even while other readers hold the lock. */
    @Test
    void waitingWriterStopsNewReaders() {
        assertTrue(lock.tryAcquireRead());
        LoopFuture<Void> writer = lock.acquireWrite();
        assertFalse(lock.tryAcquireRead());
        LoopFuture<Void> lateReader = lock.acquireRead();
        assertFalse(lateReader.isDone());
        lock.releaseRead();
        settle();
        assertTrue(writer.isDone() && !lateReader.isDone(), "the writer went first");
        lock.releaseWrite();
        settle();
        assertTrue(lateReader.isDone());
        lock.releaseRead();
    }

    /** When a writer leaves, every waiting reader enters as one batch before the next writer. */
    @Test
    void waitingReadersEnterAsABatchBeforeTheNextWriter() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> first = lock.acquireRead();
        LoopFuture<Void> nextWriter = lock.acquireWrite();
        LoopFuture<Void> second = lock.acquireRead();
        lock.releaseWrite();
        assertEquals(2, lock.readers(), "both readers, including the one that queued after the writer");
        assertEquals("AsyncReadWriteLock[reading:2, waiters:1]", lock.toString());
        settle();
        assertTrue(first.isDone() && second.isDone());
        assertFalse(nextWriter.isDone());
        lock.releaseRead();
        assertFalse(lock.isWriteLocked(), "one reader still reads");
        lock.releaseRead();
        assertTrue(lock.isWriteLocked());
        settle();
        assertTrue(nextWriter.isDone());
        lock.releaseWrite();
    }

    /** Neither side starves: under a steady stream of overlapping readers, a writer waits for one phase only. */
    @Test
    void writerIsNotStarvedByOverlappingReaders() {
        for (int i = 0; i < 4; i++) {
            long offset = i;
            loop.createTask(() -> Tasks.sleep(Duration.ofMillis(offset)).thenCompose(v -> readRepeatedly(50)));
        }
        Task<Duration> writer = loop.createTask(() -> Tasks.sleep(Duration.ofMillis(2))
                .thenCompose(v -> lock.withWrite(() -> CompletableFuture.completedFuture(now()))));
        settle();
        assertTrue(writer.join().compareTo(Duration.ofMillis(10)) <= 0,
                "the writer entered at " + writer.join() + ", not after the readers' 200 ms");
    }

    /** Each read holds 4 ms; the reader asks again at once, {@code times} times. */
    private CompletionStage<Void> readRepeatedly(int times) {
        if (times == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return lock.withRead(() -> Tasks.sleep(Duration.ofMillis(4))).thenCompose(v -> readRepeatedly(times - 1));
    }

    /** Downgrade keeps the caller inside as a reader, admits the waiting readers, and keeps writers waiting. */
    @Test
    void downgradeAdmitsWaitingReadersButNoWriter() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> reader = lock.acquireRead();
        LoopFuture<Void> writer = lock.acquireWrite();
        lock.downgrade();
        assertFalse(lock.isWriteLocked());
        assertEquals(2, lock.readers());
        assertFalse(lock.tryAcquireRead(), "a writer waits, so newcomers still queue");
        settle();
        assertTrue(reader.isDone() && !writer.isDone());
        lock.releaseRead();
        lock.releaseRead();
        settle();
        assertTrue(writer.isDone());
        lock.releaseWrite();
    }

    /** Misuse is refused at once with a message that names the lock, and changes nothing. */
    @Test
    void misuseIsRefused() {
        IllegalStateException free = assertThrows(IllegalStateException.class, lock::releaseRead);
        assertTrue(free.getMessage().contains("no read hold is held"), free.getMessage());
        assertThrows(IllegalStateException.class, lock::releaseWrite);
        IllegalStateException noWrite = assertThrows(IllegalStateException.class, lock::downgrade);
        assertTrue(noWrite.getMessage().contains("the write lock is not held"), noWrite.getMessage());
        assertTrue(lock.tryAcquireRead());
        assertThrows(IllegalStateException.class, lock::releaseWrite, "a reader cannot release the write lock");
        assertThrows(IllegalStateException.class, lock::downgrade);
        assertEquals(1, lock.readers());
        lock.releaseRead();
        assertTrue(lock.tryAcquireWrite());
        assertThrows(IllegalStateException.class, lock::releaseRead, "a writer cannot release a read hold");
        assertTrue(lock.isWriteLocked());
        lock.releaseWrite();
        assertThrows(NullPointerException.class, () -> lock.withRead(null));
        assertThrows(NullPointerException.class, () -> lock.withWrite(null));
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** A second release during a hand-off is refused: it would let a second party in beside the waiter. */
    @Test
    void releaseDuringAHandOffIsRefused() {
        assertTrue(lock.tryAcquireWrite());
        LoopFuture<Void> writer = lock.acquireWrite();
        lock.releaseWrite();
        IllegalStateException twice = assertThrows(IllegalStateException.class, lock::releaseWrite);
        assertTrue(twice.getMessage().contains("has not resumed"), twice.getMessage());
        assertThrows(IllegalStateException.class, lock::downgrade);
        LoopFuture<Void> reader = lock.acquireRead();
        settle();
        assertTrue(writer.isDone());
        lock.releaseWrite();
        assertEquals(1, lock.readers());
        assertThrows(IllegalStateException.class, lock::releaseRead, "the reader has not resumed yet");
        settle();
        assertTrue(reader.isDone());
        lock.releaseRead();
    }

    /** withRead and withWrite release on success, failure and cancellation of their body. */
    @Test
    void guardedBodiesReleaseOnEveryOutcome() {
        LoopFuture<String> ok = lock.withRead(() -> Tasks.yieldNow().thenApply(v -> "r"));
        settle();
        assertEquals("r", ok.join());
        LoopFuture<String> failed = lock.withWrite(() -> CompletableFuture.failedFuture(new IllegalStateException("x")));
        settle();
        assertTrue(failed.isCompletedExceptionally());
        Task<Void> cancelled = loop.createTask(() -> lock.withWrite(() -> Tasks.sleep(Duration.ofHours(1))));
        Task<Void> reading = loop.createTask(() -> lock.withRead(CompletableFuture::new));
        loop.runOnce();
        assertTrue(lock.isWriteLocked());
        cancelled.cancel();
        settle();
        assertTrue(cancelled.isCancelled());
        assertEquals(1, lock.readers());
        reading.cancel();
        settle();
        assertEquals("AsyncReadWriteLock[unlocked]", lock.toString());
    }

    /** Use from a thread without a loop, or from another loop once bound, is refused. */
    @Test
    @Timeout(10)
    void confinedToItsLoop() throws InterruptedException {
        assertInstanceOf(IllegalStateException.class, thrownOnOtherThread("plain", lock::acquireRead));
        assertTrue(lock.tryAcquireRead());
        Throwable thrown = thrownOnOtherThread("second-loop-thread", () -> {
            EventLoop second = EventLoop.builder().name("second-loop").build();
            try {
                lock.tryAcquireWrite();
            } finally {
                second.close();
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage().contains("bound to"), thrown.getMessage());
        lock.releaseRead();
    }

    /** The progress probe never reports a lost wake-up after any step of a busy run with cancellations. */
    @Test
    @Timeout(60)
    void noLostWakeupAfterAnyStep() throws InterruptedException {
        ProbeChecker checker = new ProbeChecker();
        onOtherThread("probe-runner", () -> {
            try (EventLoop busy = EventLoop.builder().clock(VirtualClock.autoAdvancing()).listener(checker).build()) {
                AsyncReadWriteLock shared = new AsyncReadWriteLock();
                Random random = new Random(16);
                for (int i = 0; i < 300; i++) {
                    int kind = random.nextInt(3);
                    long hold = random.nextInt(5);
                    Task<Void> task = busy.createTask(() -> kind == 0
                            ? shared.withWrite(() -> Tasks.sleep(Duration.ofMillis(hold)))
                            : kind == 1 ? shared.withRead(() -> Tasks.sleep(Duration.ofMillis(hold)))
                            : shared.acquireWrite().thenCompose(v -> {
                                shared.downgrade();
                                return Tasks.sleep(Duration.ofMillis(hold)).whenComplete((r, e) -> shared.releaseRead());
                            }));
                    if (random.nextInt(4) == 0) {
                        busy.callLater(Duration.ofMillis(random.nextInt(10)), task::cancel);
                    }
                }
                busy.runUntilIdle();
            }
        });
        assertEquals(List.of(), checker.violations());
        assertEquals(1, checker.probes().size());
        assertTrue(checker.steps() > 500, "the scenario ran: " + checker.steps() + " steps");
    }
}
