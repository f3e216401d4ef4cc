package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Edge cases of the v2 task and future model found by review. */
class ModelEdgeCasesTest extends LoopFixture {

    /** A cancellation requested while nothing is pending is not lost when the task then chains on a future already decided. */
    @Test
    void aPendingCancellationSurvivesChainingOnADecidedFuture() {
        Task<String> task = loop.createTask(() -> {
            Task.current().cancel();                     // nothing pending yet: the request is kept
            LoopFuture<String> decided = loop.createFuture();
            decided.complete("x");                       // decided; its delivery is already queued
            return decided.thenApply(value -> value + "!");
        });
        settle();
        assertTrue(task.isCancelled(), "the body finished first, so the task ends cancelled (asyncio's rule)");
    }

    /** A task cannot be timed out by a timer that would complete it; the misuse is refused at once. */
    @Test
    void timeoutsOnATaskAreRefusedAtOnce() {
        Task<String> task = loop.createTask(() -> Tasks.sleep(Duration.ofSeconds(1)).thenApply(v -> "done"));
        assertThrows(UnsupportedOperationException.class, () -> task.orTimeout(1, TimeUnit.MILLISECONDS));
        assertThrows(UnsupportedOperationException.class, () -> task.completeOnTimeout("late", 1, TimeUnit.MILLISECONDS));
        settle();
        assertEquals("done", task.join());
    }

    /** Cancelling a combined stage whose first input is done passes the cancellation to the other and waits for its cleanup. */
    @Test
    void aCombinedStageIsNotCancelledAheadOfItsInputs() {
        AsyncLock lock = new AsyncLock();
        LoopFuture<String> first = loop.completedFuture("a:");
        LoopFuture<String> combined = first.thenCombine(lock.withLock(() ->
                Tasks.sleep(Duration.ofSeconds(10)).exceptionally(e -> null)
                        .thenCompose(v -> Tasks.sleep(Duration.ofSeconds(1)))
                        .thenApply(v -> "recovered")), (a, b) -> a + b);
        assertTrue(combined.cancel(false));
        loop.runOnce();
        assertFalse(combined.isDone(), "the locked body is still cleaning up");
        assertTrue(lock.isLocked());
        settle();
        assertEquals("a:recovered", combined.join());
        assertFalse(lock.isLocked());
        assertEquals(Duration.ofSeconds(1), now());
    }

    /**
     * A delivered {@code null} is stored as the future itself (see FutureCore.mask), so a future
     * whose value is itself must still read back as itself, and null as null, everywhere.
     */
    @Test
    void nullAndAFutureThatIsItsOwnValueReadBackExactly() {
        LoopFuture<Object> self = loop.createFuture();
        LoopFuture<Object> empty = loop.createFuture();
        List<Object> seen = new ArrayList<>();
        self.thenAccept(seen::add);
        empty.thenAccept(value -> seen.add(String.valueOf(value)));
        assertTrue(self.complete(self));
        assertTrue(empty.complete(null));
        loop.runOnce();
        assertEquals(List.of(self, "null"), seen);
        assertSame(self, self.join());
        assertSame(self, self.getNow("absent"));
        assertNull(empty.join());
        assertNull(empty.getNow("absent"));
        LoopFuture<Object> passedOn = self.thenApply(value -> value);
        LoopFuture<Object> passedOnNull = empty.thenApply(value -> value);
        settle();
        assertSame(self, passedOn.join());
        assertNull(passedOnNull.join());
        assertSame(self, loop.completedFuture(self).join(), "a completed future holding another");
        LoopFuture<Object> completedNull = loop.completedFuture(null);
        assertNull(completedNull.join());
        assertTrue(completedNull.toString().contains("[completed]"), completedNull.toString());
    }
}
