package io.github.loopsync.loop;

import java.util.Arrays;

/**
 * The loop's pending timers: a binary min-heap ordered by (deadline, sequence), where each handle
 * knows its index so that cancellation removes it in O(log n). Loop-confined.
 */
final class TimerQueue {

    private TimerHandle[] heap = new TimerHandle[16];
    private int size;

    int size() {
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
        timer.heapIndex = size;
        size++;
        siftUp(timer.heapIndex);
    }

    /** Removes and returns the earliest timer; the queue must not be empty. */
    TimerHandle poll() {
        TimerHandle first = heap[0];
        removeAt(0);
        return first;
    }

    void remove(TimerHandle timer) {
        int index = timer.heapIndex;
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
        removed.heapIndex = -1;
        size--;
        if (index != size) {
            TimerHandle last = heap[size];
            heap[index] = last;
            last.heapIndex = index;
            heap[size] = null;
            siftDown(index);
            if (heap[index] == last) {
                siftUp(index);
            }
        } else {
            heap[size] = null;
        }
    }

    private static boolean earlier(TimerHandle a, TimerHandle b) {
        return a.deadline != b.deadline ? a.deadline < b.deadline : a.sequence < b.sequence;
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
            above.heapIndex = index;
            index = parent;
        }
        heap[index] = timer;
        timer.heapIndex = index;
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
            heap[index].heapIndex = index;
            index = child;
        }
        heap[index] = timer;
        timer.heapIndex = index;
    }
}
