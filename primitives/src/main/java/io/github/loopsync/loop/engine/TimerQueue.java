package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.TimerHandle;
import java.util.Arrays;

/**
 * The loop's pending timers: a binary min-heap ordered by (deadline, sequence), where each handle
 * knows its index so that cancellation removes it in O(log n). Loop-confined.
 *
 * <p>The handles are the public {@link TimerHandle}s; their scheduling fields are package-private
 * in {@code io.github.loopsync.loop}, so the loop supplies a subclass that reads and writes them.
 */
public abstract class TimerQueue {

    private TimerHandle[] heap = new TimerHandle[16];
    private int size;

    /** For the loop's subclass. */
    protected TimerQueue() {
    }

    /** The order among timers with the same deadline: the order they were scheduled in. */
    protected abstract long sequence(TimerHandle timer);

    /** The timer's position in the heap, or -1 when it is not scheduled. */
    protected abstract int heapIndex(TimerHandle timer);

    /** Records the timer's position in the heap (-1: not scheduled). */
    protected abstract void heapIndex(TimerHandle timer, int index);

    /** What the timer runs when it fires. */
    protected abstract Runnable callback(TimerHandle timer);

    /** The origin of whatever scheduled the timer (see ReadyQueueView#origin). */
    protected abstract Object source(TimerHandle timer);

    /**
     * The number of pending timers.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    /** The earliest pending timer, or {@code null}. */
    TimerHandle peek() {
        return size == 0 ? null : heap[0];
    }

    void add(TimerHandle timer) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = timer;
        heapIndex(timer, size);
        size++;
        siftUp(heapIndex(timer));
    }

    /** Removes and returns the earliest timer; the queue must not be empty. */
    TimerHandle poll() {
        TimerHandle first = heap[0];
        removeAt(0);
        return first;
    }

    /**
     * Removes {@code timer} if it is pending; does nothing otherwise.
     *
     * @param timer the timer
     */
    public void remove(TimerHandle timer) {
        int index = heapIndex(timer);
        if (index >= 0 && index < size && heap[index] == timer) {
            removeAt(index);
        }
    }

    /** Removes every timer and returns them in firing order. */
    TimerHandle[] drain() {
        TimerHandle[] all = new TimerHandle[size];
        for (int i = 0; i < all.length; i++) {
            all[i] = poll();
        }
        return all;
    }

    private void removeAt(int index) {
        TimerHandle removed = heap[index];
        heapIndex(removed, -1);
        size--;
        if (index != size) {
            TimerHandle last = heap[size];
            heap[index] = last;
            heapIndex(last, index);
            heap[size] = null;
            siftDown(index);
            if (heap[index] == last) {
                siftUp(index);
            }
        } else {
            heap[size] = null;
        }
    }

    private boolean earlier(TimerHandle a, TimerHandle b) {
        return a.deadline() != b.deadline() ? a.deadline() < b.deadline() : sequence(a) < sequence(b);
    }

    private void siftUp(int index) {
        TimerHandle timer = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            TimerHandle above = heap[parent];
            if (!earlier(timer, above)) {
                break;
            }
            heap[index] = above;
            heapIndex(above, index);
            index = parent;
        }
        heap[index] = timer;
        heapIndex(timer, index);
    }

    private void siftDown(int index) {
        TimerHandle timer = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && earlier(heap[right], heap[child])) {
                child = right;
            }
            if (!earlier(heap[child], timer)) {
                break;
            }
            heap[index] = heap[child];
            heapIndex(heap[index], index);
            index = child;
        }
        heap[index] = timer;
        heapIndex(timer, index);
    }
}
