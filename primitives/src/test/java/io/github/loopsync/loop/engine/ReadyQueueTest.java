package io.github.loopsync.loop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
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

    /** One entry of the model: the callback and the task and source it was added with. */
    private record Entry(Runnable callback, Task<?> task, Object source) {
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
            assertSame(expected, removeFirst(queue));
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
            assertSame(callback, removeFirst(queue));
            assertEquals(0, queue.size());
        }
    }

    @Test
    void matchesAListModelUnderRandomUse() {
        SplittableRandom random = new SplittableRandom(20261204);
        try (EventLoop loop = EventLoop.builder().build()) {
            List<Task<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                tasks.add(loop.createTask(loop::createFuture));
            }
            runModel(random, tasks);
            tasks.forEach(task -> task.cancel());
            loop.runUntilIdle();
        }
    }

    private static void runModel(SplittableRandom random, List<Task<?>> tasks) {
        for (int run = 0; run < 200; run++) {
            ReadyQueue queue = new ReadyQueue(null);
            List<Entry> model = new ArrayList<>();
            int next = 0;
            for (int op = 0; op < 600; op++) {
                int choice = random.nextInt(10);
                if (choice < 5 || model.isEmpty()) {
                    Task<?> task = random.nextInt(3) == 0 ? tasks.get(random.nextInt(tasks.size())) : null;
                    Entry entry = new Entry(callback(next), task, random.nextBoolean() ? "source " + next : null);
                    next++;
                    queue.add(entry.callback(), entry.task(), entry.source());
                    model.add(entry);
                } else if (choice < 8) {
                    assertSame(model.remove(0).callback(), removeFirst(queue));
                } else if (choice < 9) {
                    int index = random.nextInt(model.size());
                    assertSame(model.remove(index).callback(), remove(queue, index));
                } else if (random.nextInt(20) == 0) {
                    queue.clear();
                    model.clear();
                }
                assertEquals(model.size(), queue.size());
                for (int i = 0; i < model.size(); i++) {
                    Entry entry = model.get(i);
                    assertEquals(entry.callback().toString(), queue.describe(i));
                    assertSame(entry.source(), queue.sourceAt(i));
                    assertSame(entry.task(), queue.taskAt(i));
                    assertSame(entry.task(), queue.task(i));
                    Object origin = queue.origin(i);
                    if (entry.source() != null) {
                        assertSame(entry.source(), origin);
                    } else if (entry.task() != null) {
                        assertSame(entry.task(), origin);    // untracked: the view's default, the task
                    } else {
                        assertSame(queue, origin);           // or the view itself
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
            removeFirst(queue);                        // the last one moves past the first chunk
        }
        assertNotSame(oldest, oldestChunk(queue));
        for (int slot = 0; slot < oldest.length; slot++) {
            assertTrue(oldest[slot] == null, "slot " + slot + " of a used-up chunk still holds something");
        }
        assertEquals(2 * ReadyQueue.CHUNK - 1, queue.size());
    }

    /**
     * An entry with neither a task nor a source, the common case, takes its slot bare; one with
     * either is stored with it, and gives back the same callback.
     */
    @Test
    void anEntryWithoutTaskOrSourceIsStoredBare() throws ReflectiveOperationException {
        ReadyQueue queue = new ReadyQueue(null);
        Runnable bare = callback(0);
        Runnable withSource = callback(1);
        queue.add(bare, null, null);
        queue.add(withSource, null, "source");
        Object[] chunk = oldestChunk(queue);
        assertSame(bare, chunk[0]);
        assertNotSame(withSource, chunk[1]);
        assertSame(bare, removeFirst(queue));
        assertSame(withSource, removeFirst(queue));
    }

    /** The oldest entry, removed as the loop's step removes it. */
    private static Object removeFirst(ReadyQueue queue) {
        return remove(queue, 0);
    }

    /** The entry at {@code index}, removed as a ready policy's choice removes it. */
    private static Object remove(ReadyQueue queue, int index) {
        return ReadyQueue.entryOf(queue.removeStored(index));
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
