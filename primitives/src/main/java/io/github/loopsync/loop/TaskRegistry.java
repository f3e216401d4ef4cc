package io.github.loopsync.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The loop's unfinished tasks, in an intrusive doubly-linked list (O(1) to add and remove), and
 * the counter behind the default names {@code Task-N}. Loop-confined.
 */
final class TaskRegistry {

    private Task<?> newest;
    private int size;
    private long created;

    /** The next default name. */
    String nextName() {
        return "Task-" + (++created);
    }

    /** Counts a task created with an explicit name, so default names keep their positions. */
    void countNamed() {
        created++;
    }

    void add(Task<?> task) {
        task.nextLive = newest;
        if (newest != null) {
            newest.previousLive = task;
        }
        newest = task;
        size++;
    }

    void remove(Task<?> task) {
        Task<?> previous = task.previousLive;
        Task<?> next = task.nextLive;
        if (previous == null) {
            if (newest != task) {
                return;
            }
            newest = next;
        } else {
            previous.nextLive = next;
        }
        if (next != null) {
            next.previousLive = previous;
        }
        task.previousLive = null;
        task.nextLive = null;
        size--;
    }

    int size() {
        return size;
    }

    /** A snapshot, oldest first. */
    List<Task<?>> snapshot() {
        List<Task<?>> all = new ArrayList<>(size);
        for (Task<?> task = newest; task != null; task = task.nextLive) {
            all.add(task);
        }
        Collections.reverse(all);
        return all;
    }
}
