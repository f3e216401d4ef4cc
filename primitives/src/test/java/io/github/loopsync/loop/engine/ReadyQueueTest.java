package io.github.loopsync.loop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chunked ready queue against a list model: order, per-entry fields and the harness's removal
 * from the middle, across chunk boundaries. Entries here are plain callbacks, so no scheduler is
 * needed to name their tasks.
 */
class ReadyQueueTest {

    /** One entry of the model: the callback and the source it was added with. */
    private record Entry(Runnable callback, Object source) {
    }

    private static Runnable callback(int n) {
        return new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return "callback " + n;
            }
        };
    }

    @Test
    void keepsFifoOrderAcrossManyChunks() {
        ReadyQueue queue = new ReadyQueue(null);
        List<Runnable> added = new ArrayList<>();
        int total = ReadyQueue.CHUNK * 5 + 7;
        for (int i = 0; i < total; i++) {
            Runnable callback = callback(i);
            added.add(callback);
            queue.add(callback, null, null);
        }
        assertEquals(total, queue.size());
        for (Runnable expected : added) {
            assertSame(expected, queue.removeFirst());
        }
        assertEquals(0, queue.size());
    }

    @Test
    void emptiedAtAChunkBoundaryGoesOnInAFreshChunk() {
        ReadyQueue queue = new ReadyQueue(null);
        for (int round = 0; round < 3 * ReadyQueue.CHUNK; round++) {
            Runnable callback = callback(round);
            queue.add(callback, null, round);
            assertEquals(round, queue.sourceAt(0));
            assertSame(callback, queue.removeFirst());
            assertEquals(0, queue.size());
        }
    }

    @Test
    void matchesAListModelUnderRandomUse() {
        SplittableRandom random = new SplittableRandom(20261204);
        for (int run = 0; run < 200; run++) {
            ReadyQueue queue = new ReadyQueue(null);
            List<Entry> model = new ArrayList<>();
            int next = 0;
            for (int op = 0; op < 600; op++) {
                int choice = random.nextInt(10);
                if (choice < 5 || model.isEmpty()) {
                    Entry entry = new Entry(callback(next), random.nextBoolean() ? "source " + next : null);
                    next++;
                    queue.add(entry.callback(), null, entry.source());
                    model.add(entry);
                } else if (choice < 8) {
                    assertSame(model.remove(0).callback(), queue.removeFirst());
                } else if (choice < 9) {
                    int index = random.nextInt(model.size());
                    assertSame(model.remove(index).callback(), queue.remove(index));
                } else if (random.nextInt(20) == 0) {
                    queue.clear();
                    model.clear();
                }
                assertEquals(model.size(), queue.size());
                for (int i = 0; i < model.size(); i++) {
                    Entry entry = model.get(i);
                    assertEquals(entry.callback().toString(), queue.describe(i));
                    assertSame(entry.source(), queue.sourceAt(i));
                    assertNull(queue.task(i));
                    Object origin = queue.origin(i);
                    if (entry.source() != null) {
                        assertSame(entry.source(), origin);
                    } else {
                        assertSame(queue, origin);           // untracked: the view's default
                    }
                }
            }
        }
    }

    /**
     * A chunk read to the end holds nothing, not even the link to the chunk after it: if one that
     * had been promoted kept that link, every chunk after it would stay reachable from the old
     * generation until a full marking, each young collection copying the whole chain (a loop that
     * once queued 10,000 callbacks grew its heap by about 13 MB per collection that way).
     */
    @Test
    void aChunkReadToTheEndLetsGoOfTheChunksAfterIt() throws ReflectiveOperationException {
        ReadyQueue queue = new ReadyQueue(null);
        for (int i = 0; i < 3 * ReadyQueue.CHUNK; i++) {
            queue.add(callback(i), null, "source " + i);
        }
        Object[] oldest = oldestChunk(queue);
        for (int i = 0; i <= ReadyQueue.CHUNK; i++) {
            queue.removeFirst();                        // the last one moves past the first chunk
        }
        assertNotSame(oldest, oldestChunk(queue));
        for (int slot = 0; slot < oldest.length; slot++) {
            assertTrue(oldest[slot] == null, "slot " + slot + " of a used-up chunk still holds something");
        }
        assertEquals(2 * ReadyQueue.CHUNK - 1, queue.size());
    }

    private static Object[] oldestChunk(ReadyQueue queue) throws ReflectiveOperationException {
        java.lang.reflect.Field first = ReadyQueue.class.getDeclaredField("first");
        first.setAccessible(true);
        return (Object[]) first.get(queue);
    }

    @Test
    void viewRefusesIndexesOutOfRange() {
        ReadyQueue queue = new ReadyQueue(null);
        queue.add(callback(0), null, null);
        assertThrows(IndexOutOfBoundsException.class, () -> queue.task(1));
        assertThrows(IndexOutOfBoundsException.class, () -> queue.describe(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> queue.origin(1));
    }
}
