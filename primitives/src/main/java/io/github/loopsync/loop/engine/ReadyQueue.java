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

    /** Fields per entry in {@link #slots}: the callback, the task it runs for, its source. */
    private static final int WIDTH = 3;

    /**
     * The ring, one entry per {@value #WIDTH} consecutive slots (callback, task, source), so that
     * an entry's fields share a cache line. Capacity (in entries) is a power of two.
     */
    private Object[] slots = new Object[64 * WIDTH];
    /** Capacity in entries, minus one. */
    private int mask = 63;
    /** Index of the oldest entry. */
    private int head;
    /** Number of entries; they occupy head .. head + size - 1 (mod capacity). */
    private int size;
    /** How many of the oldest entries the current iteration may still run. */
    int eligible;

    void add(Object entry, Task<?> origin, Object source) {
        if (size > mask) {
            grow();
        }
        int at = ((head + size) & mask) * WIDTH;
        Object[] ring = slots;
        ring[at] = entry;
        ring[at + 1] = origin;
        ring[at + 2] = source;
        size++;
    }

    /** Removes the oldest entry; returns it. The fast path of a FIFO loop. */
    Object removeFirst() {
        int at = head * WIDTH;
        Object[] ring = slots;
        Object entry = ring[at];
        ring[at] = null;
        ring[at + 1] = null;
        ring[at + 2] = null;
        head = (head + 1) & mask;
        size--;
        return entry;
    }

    /** The task of the entry at {@code index} (unchecked: the scheduler's own reads). */
    Task<?> taskAt(int index) {
        return (Task<?>) slots[((head + index) & mask) * WIDTH + 1];
    }

    /** The source of the entry at {@code index} (unchecked). */
    Object sourceAt(int index) {
        return slots[((head + index) & mask) * WIDTH + 2];
    }

    Object remove(int index) {
        if (index == 0) {
            return removeFirst();
        }
        // Harness-only path (a non-FIFO choice): close the gap by shifting the later entries.
        Object[] ring = slots;
        Object entry = ring[((head + index) & mask) * WIDTH];
        for (int i = index; i < size - 1; i++) {
            int to = ((head + i) & mask) * WIDTH;
            int from = ((head + i + 1) & mask) * WIDTH;
            ring[to] = ring[from];
            ring[to + 1] = ring[from + 1];
            ring[to + 2] = ring[from + 2];
        }
        int last = ((head + size - 1) & mask) * WIDTH;
        ring[last] = null;
        ring[last + 1] = null;
        ring[last + 2] = null;
        size--;
        return entry;
    }

    void clear() {
        Arrays.fill(slots, null);
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
        return (Task<?>) slots[((head + index) & mask) * WIDTH + 1];
    }

    @Override
    public Object origin(int index) {
        checkIndex(index);
        return slots[((head + index) & mask) * WIDTH + 2];
    }

    @Override
    public int eligible() {
        return Math.min(eligible, size);
    }

    @Override
    public String describe(int index) {
        checkIndex(index);
        return describeEntry(slots[((head + index) & mask) * WIDTH]);
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
        int capacity = mask + 1;
        Object[] larger = new Object[capacity * 2 * WIDTH];
        for (int i = 0; i < size; i++) {
            System.arraycopy(slots, ((head + i) & mask) * WIDTH, larger, i * WIDTH, WIDTH);
        }
        slots = larger;
        mask = capacity * 2 - 1;
        head = 0;
    }
}
