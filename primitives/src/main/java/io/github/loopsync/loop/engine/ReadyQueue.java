package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ReadyQueueView;

/**
 * The loop's ready queue: callbacks in the order they became ready, each with the task it runs
 * for (or {@code null}) and, when the ready policy needs it, its origin. Loop-confined. Entries
 * are either {@link Runnable}s or {@link LoopFuture}s whose completion is due for delivery, so a
 * delivery costs no allocation of its own.
 *
 * <p>An entry takes one slot. Most have neither a task to run for (deliveries find theirs through
 * the future) nor an origin (only a ready policy other than FIFO asks for it), and are stored bare;
 * the few that have either are stored inside a {@link Tagged}. Three slots per entry, two of them
 * nearly always null, cost three stores and three clears per entry and a new chunk three times as
 * often: 8 B more per step, and about 2 ns more per trip through the loop (RoundTripBenchmark).
 *
 * <p>The entries live in a chain of fixed-size chunks that the queue only ever moves forward
 * through: it writes into the newest chunk, reads from the oldest, and drops a chunk once it has
 * read it to the end. It never writes into a chunk again after passing it. This is for the
 * garbage collector: a reused array lives as long as the loop and so ends up in the old
 * generation, where G1 makes every store of a young reference (a new waiter, a new task) pay a
 * memory fence; a chunk filled soon after it was allocated is still young, and stores into young
 * objects skip that fence. The cost is one small array per {@value #CHUNK} entries. A chunk read
 * to the end is cut from the chain: one that had been promoted would otherwise keep every chunk
 * after it, and what they refer to, reachable from the old generation until a full marking.
 */
final class ReadyQueue implements ReadyQueueView {

    /** Entries per chunk. */
    static final int CHUNK = 32;
    /** The slot of a chunk that holds the next chunk, once there is one. */
    private static final int NEXT = CHUNK;

    /** An entry with the task it runs for or its source, which most entries lack. */
    private static final class Tagged {
        final Object entry;
        final Task<?> task;
        final Object source;

        Tagged(Object entry, Task<?> task, Object source) {
            this.entry = entry;
            this.task = task;
            this.source = source;
        }
    }

    /** Finds the task a delivery runs for (its owner when asked), for {@link #task(int)}. */
    private final Scheduler scheduler;
    /** The chunk holding the oldest entry. */
    private Object[] first = newChunk();
    /** The oldest entry's index in {@link #first}; {@link #CHUNK} when that chunk is used up. */
    private int head;
    /** The chunk new entries go into. */
    private Object[] last = first;
    /** The next free entry index in {@link #last}; {@link #CHUNK} when it is full. */
    private int tail;
    /** Number of entries. */
    private int size;
    /** How many of the oldest entries the current iteration may still run. */
    int eligible;

    ReadyQueue(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    private static Object[] newChunk() {
        return new Object[NEXT + 1];
    }

    void add(Object entry, Task<?> task, Object source) {
        Object[] chunk = last;
        int at = tail;
        if (at == CHUNK) {
            Object[] fresh = newChunk();
            chunk[NEXT] = fresh;
            last = chunk = fresh;
            at = 0;
        }
        chunk[at] = task == null && source == null ? entry : new Tagged(entry, task, source);
        tail = at + 1;
        size++;
    }

    /** Removes the oldest entry and returns it as stored (see {@link #removeStored}): a FIFO loop's step. */
    private Object removeFirstStored() {
        Object[] chunk = first;
        int at = head;
        if (at == CHUNK) {
            Object[] used = chunk;
            first = chunk = (Object[]) used[NEXT];       // size > 0, so a next chunk exists
            used[NEXT] = null;                          // a promoted used-up chunk must not keep
            at = 0;                                     // the later ones reachable (class notes)
        }
        Object stored = chunk[at];
        chunk[at] = null;
        head = at + 1;
        size--;
        return stored;
    }

    /** The task the entry at {@code index} runs for, if it was added with one (unchecked). */
    Task<?> taskAt(int index) {
        return taskOf(slot(index));
    }

    /** The source of the entry at {@code index} (unchecked). */
    Object sourceAt(int index) {
        return sourceOf(slot(index));
    }

    /** The entry a stored slot holds: itself, or the one inside its {@link Tagged}. */
    static Object entryOf(Object stored) {
        return stored instanceof Tagged ? ((Tagged) stored).entry : stored;
    }

    /** The task a stored slot's entry runs for, or {@code null}. */
    static Task<?> taskOf(Object stored) {
        return stored instanceof Tagged ? ((Tagged) stored).task : null;
    }

    /** The source a stored slot's entry was added with, or {@code null}. */
    static Object sourceOf(Object stored) {
        return stored instanceof Tagged ? ((Tagged) stored).source : null;
    }

    /**
     * Removes the entry at {@code index} and returns it as stored: the entry itself, or it with its
     * task and source (read them with {@link #entryOf}, {@link #taskOf} and {@link #sourceOf}).
     * Later entries keep their order.
     */
    Object removeStored(int index) {
        if (index == 0) {
            return removeFirstStored();
        }
        // The harness's path (a non-FIFO choice): move the older entries one place up over the
        // chosen one, then drop the oldest place. Only places below `index` are written.
        Object stored = slot(index);
        for (int i = index; i > 0; i--) {
            setSlot(i, slot(i - 1));
        }
        removeFirstStored();
        return stored;
    }

    void clear() {
        first = last = newChunk();
        head = 0;
        tail = 0;
        size = 0;
    }

    private Object slot(int index) {
        Object[] chunk = first;
        int at = head + index;
        while (at >= CHUNK) {
            chunk = (Object[]) chunk[NEXT];
            at -= CHUNK;
        }
        return chunk[at];
    }

    private void setSlot(int index, Object stored) {
        Object[] chunk = first;
        int at = head + index;
        while (at >= CHUNK) {
            chunk = (Object[]) chunk[NEXT];
            at -= CHUNK;
        }
        chunk[at] = stored;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Task<?> task(int index) {
        checkIndex(index);
        Object entry = entryOf(slot(index));
        return entry instanceof LoopFuture ? scheduler.ownerOf((LoopFuture<?>) entry) : taskAt(index);
    }

    @Override
    public Object origin(int index) {
        checkIndex(index);
        Object source = sourceAt(index);
        return source != null ? source : ReadyQueueView.super.origin(index);
    }

    @Override
    public int eligible() {
        return Math.min(eligible, size);
    }

    @Override
    public String describe(int index) {
        checkIndex(index);
        return describeEntry(entryOf(slot(index)));
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
}
