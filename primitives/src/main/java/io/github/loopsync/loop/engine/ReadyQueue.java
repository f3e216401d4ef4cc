package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ReadyQueueView;
import java.util.Arrays;

/**
 * The loop's ready queue: a growable ring buffer of callbacks, each with the task it runs for
 * (or {@code null}). Loop-confined. Entries are either {@link Runnable}s or {@link LoopFuture}s
 * whose completion is due for delivery, so a delivery costs no allocation.
 */
final class ReadyQueue implements ReadyQueueView {

    private Object[] entries = new Object[64];
    private Task<?>[] origins = new Task<?>[64];
    /** What scheduled each entry (see {@link ReadyQueueView#origin}); never null for a live entry. */
    private Object[] sources = new Object[64];
    /** Index of the oldest entry. */
    private int head;
    /** Number of entries; they occupy head .. head + size - 1 (mod capacity). */
    private int size;
    /** How many of the oldest entries the current iteration may still run. */
    int eligible;

    void add(Object entry, Task<?> origin, Object source) {
        if (size == entries.length) {
            grow();
        }
        int slot = (head + size) & (entries.length - 1);
        entries[slot] = entry;
        origins[slot] = origin;
        sources[slot] = source;
        size++;
    }

    /** Removes the entry at {@code index} (0 = oldest); the removed entry's origin is read before. */
    Object remove(int index) {
        int mask = entries.length - 1;
        int slot = (head + index) & mask;
        Object entry = entries[slot];
        if (index == 0) {
            entries[slot] = null;
            origins[slot] = null;
            sources[slot] = null;
            head = (head + 1) & mask;
        } else {
            // Harness-only path (a non-FIFO choice): close the gap by shifting the later entries.
            for (int i = index; i < size - 1; i++) {
                int to = (head + i) & mask;
                int from = (head + i + 1) & mask;
                entries[to] = entries[from];
                origins[to] = origins[from];
                sources[to] = sources[from];
            }
            int last = (head + size - 1) & mask;
            entries[last] = null;
            origins[last] = null;
            sources[last] = null;
        }
        size--;
        return entry;
    }

    void clear() {
        Arrays.fill(entries, null);
        Arrays.fill(origins, null);
        Arrays.fill(sources, null);
        head = 0;
        size = 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Task<?> task(int index) {
        checkIndex(index);
        return origins[(head + index) & (entries.length - 1)];
    }

    @Override
    public Object origin(int index) {
        checkIndex(index);
        return sources[(head + index) & (entries.length - 1)];
    }

    @Override
    public int eligible() {
        return Math.min(eligible, size);
    }

    @Override
    public String describe(int index) {
        checkIndex(index);
        return describeEntry(entries[(head + index) & (entries.length - 1)]);
    }

    static String describeEntry(Object entry) {
        if (entry instanceof LoopFuture) {
            return "deliver " + entry;
        }
        return String.valueOf(entry);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index: " + index + " (expected: 0 <= index < " + size + ")");
        }
    }

    private void grow() {
        int capacity = entries.length;
        Object[] newEntries = new Object[capacity * 2];
        Task<?>[] newOrigins = new Task<?>[capacity * 2];
        Object[] newSources = new Object[capacity * 2];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & (capacity - 1);
            newEntries[i] = entries[slot];
            newOrigins[i] = origins[slot];
            newSources[i] = sources[slot];
        }
        entries = newEntries;
        origins = newOrigins;
        sources = newSources;
        head = 0;
    }
}
