package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The loop's unfinished tasks, in an intrusive doubly-linked list (O(1) to add and remove), and
 * the counter behind the default names {@code Task-N}. Loop-confined.
 *
 * <p>The links live in the tasks, in fields package-private to {@code io.github.loopsync.loop};
 * the loop supplies a subclass that reads and writes them.
 */
public abstract class TaskRegistry {

    private Task<?> newest;
    private int size;
    private long created;

    /** For the loop's subclass. */
    protected TaskRegistry() {
    }

    /** The next older unfinished task after {@code task} in the list, or null. */
    protected abstract Task<?> older(Task<?> task);

    /** The next newer unfinished task before {@code task} in the list, or null. */
    protected abstract Task<?> newer(Task<?> task);

    /** Sets the link from {@code task} to the next older task. */
    protected abstract void setOlder(Task<?> task, Task<?> older);

    /** Sets the link from {@code task} to the next newer task. */
    protected abstract void setNewer(Task<?> task, Task<?> newer);

    /**
     * The next default name.
     *
     * @return {@code Task-N}
     */
    public String nextName() {
        return "Task-" + (++created);
    }

    /** Counts a task created with an explicit name, so default names keep their positions. */
    public void countNamed() {
        created++;
    }

    /**
     * Adds a new unfinished task.
     *
     * @param task the task
     */
    public void add(Task<?> task) {
        setOlder(task, newest);
        if (newest != null) {
            setNewer(newest, task);
        }
        newest = task;
        size++;
    }

    /**
     * Removes a finished task; does nothing if it is not listed.
     *
     * @param task the task
     */
    public void remove(Task<?> task) {
        Task<?> previous = newer(task);
        Task<?> next = older(task);
        if (previous == null) {
            if (newest != task) {
                return;
            }
            newest = next;
        } else {
            setOlder(previous, next);
        }
        if (next != null) {
            setNewer(next, previous);
        }
        setNewer(task, null);
        setOlder(task, null);
        size--;
    }

    /**
     * The number of unfinished tasks.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    /**
     * The unfinished tasks, oldest first.
     *
     * @return a snapshot
     */
    public List<Task<?>> snapshot() {
        List<Task<?>> all = new ArrayList<>(size);
        for (Task<?> task = newest; task != null; task = older(task)) {
            all.add(task);
        }
        Collections.reverse(all);
        return all;
    }
}
