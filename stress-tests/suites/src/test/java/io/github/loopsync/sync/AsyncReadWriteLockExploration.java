package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncReadWriteLock} in small scenarios of two or three tasks, explored exhaustively in
 * any order with one cancellation injected anywhere: exclusion holds after every step, the lock's
 * progress probe never reports a lost wake-up, nothing stays held or parked, and the search is
 * complete within its bounds.
 */
class AsyncReadWriteLockExploration {

    private static final RaceOptions PROOF = RaceOptions.defaults().strategy(Strategy.EXHAUSTIVE).ordering(Ordering.ANY)
            .cancellations(1).maxSchedules(50_000);

    /** Who is inside; checked after every step. */
    private static final class Inside {
        int readers;
        int writers;

        void check(RaceRun run) {
            run.invariant("a writer is alone", () -> writers == 0 || writers == 1 && readers == 0);
        }

        CompletionStage<Void> read(AsyncReadWriteLock lock) {
            return lock.withRead(() -> {
                readers++;
                return Tasks.sleep(Duration.ofMillis(1)).whenComplete((v, e) -> readers--);
            });
        }

        CompletionStage<Void> write(AsyncReadWriteLock lock) {
            return lock.withWrite(() -> {
                writers++;
                return Tasks.sleep(Duration.ofMillis(1)).whenComplete((v, e) -> writers--);
            });
        }
    }

    private static RaceResult prove(Function<RaceRun, CompletionStage<?>> scenario) {
        return prove(PROOF, scenario);
    }

    private static RaceResult prove(RaceOptions options, Function<RaceRun, CompletionStage<?>> scenario) {
        RaceResult result = Race.explore(options, scenario);
        result.assertNoRace();
        assertTrue(result.complete(), result.report());
        assertTrue(result.schedulesExplored() > 1, result.report());
        return result;
    }

    /** A reader, a writer and a second reader contend; with a cancellation anywhere the lock ends free. */
    @Test
    void readerWriterReader() {
        prove(run -> {
            AsyncReadWriteLock lock = new AsyncReadWriteLock();
            Inside inside = new Inside();
            inside.check(run);
            run.atEnd(() -> assertEquals("AsyncReadWriteLock[unlocked]", lock.toString()));
            EventLoop loop = run.loop();
            return Tasks.gatherOutcomes(List.of(loop.createTask("R1", () -> inside.read(lock)),
                    loop.createTask("W", () -> inside.write(lock)), loop.createTask("R2", () -> inside.read(lock))));
        });
    }

    /**
     * A writer holds while two readers and a second writer queue; the writer's release admits the
     * readers as one batch. A cancellation anywhere, including of a batch reader between its grant
     * and its resumption, never stalls the second writer nor leaves the lock held.
     */
    @Test
    void batchOfReadersBeforeTheNextWriter() {
        prove(PROOF.ordering(Ordering.PER_ORIGIN_FIFO).maxSchedules(200_000), run -> {
            AsyncReadWriteLock lock = new AsyncReadWriteLock();
            Inside inside = new Inside();
            inside.check(run);
            run.atEnd(() -> assertEquals("AsyncReadWriteLock[unlocked]", lock.toString()));
            EventLoop loop = run.loop();
            assertTrue(lock.tryAcquireWrite());
            inside.writers++;
            List<LoopFuture<Void>> tasks = List.of(loop.createTask("R1", () -> inside.read(lock)),
                    loop.createTask("R2", () -> inside.read(lock)), loop.createTask("W2", () -> inside.write(lock)));
            return Tasks.yieldNow().thenCompose(v -> {
                inside.writers--;
                lock.releaseWrite();
                return Tasks.gatherOutcomes(tasks);
            });
        });
    }

    /** A writer downgrades while a reader and a writer contend: no writer ever gets in beside the downgraded reader. */
    @Test
    void downgradeWithContenders() {
        prove(run -> {
            AsyncReadWriteLock lock = new AsyncReadWriteLock();
            Inside inside = new Inside();
            inside.check(run);
            run.atEnd(() -> assertEquals("AsyncReadWriteLock[unlocked]", lock.toString()));
            EventLoop loop = run.loop();
            LoopFuture<Void> downgrader = loop.createTask("D", () -> lock.acquireWrite().thenCompose(v -> {
                inside.writers++;
                return Tasks.yieldNow().handle((r, failure) -> {
                    lock.downgrade();
                    inside.writers--;
                    inside.readers++;
                    return failure;
                });
            }).thenCompose(failure -> Tasks.sleep(Duration.ofMillis(1)).whenComplete((r, e) -> {
                inside.readers--;
                lock.releaseRead();
            })));
            return Tasks.gatherOutcomes(List.of(downgrader, loop.createTask("R", () -> inside.read(lock)),
                    loop.createTask("W", () -> inside.write(lock))));
        });
    }
}
