package io.github.loopsync.loop.engine;

import io.github.loopsync.loop.Task;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Failed tasks nobody has looked at yet. Each is reported once: when its task is garbage-collected
 * or when the loop closes, whichever comes first, unless it was observed in between. The set is
 * loop-confined; the garbage-collection notice arrives on the cleaner thread and hops onto the
 * loop.
 */
public final class UnobservedFailures {

    private static final class CleanerHolder {
        static final Cleaner CLEANER = Cleaner.create(runnable -> {
            Thread thread = new Thread(runnable, "loopsync-unobserved-failures");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One failure; holds no reference to its task, so that the task can be collected. */
    public final class Entry implements Runnable {
        final String taskName;
        final Throwable failure;
        volatile boolean observed;

        Entry(String taskName, Throwable failure) {
            this.taskName = taskName;
            this.failure = failure;
        }

        /** Someone looked at the failure: it is not reported. */
        public void observed() {
            observed = true;
        }

        /** The task was collected: report on the loop, if it still runs. */
        @Override
        public void run() {
            inbox.tryPost(() -> {
                if (pending.remove(this) && !observed) {
                    report(this);
                }
            });
        }
    }

    private final LoopInbox inbox;
    private final Scheduler reporter;
    private final Set<Entry> pending = new LinkedHashSet<>();

    /**
     * Failures of the loop whose inbox and scheduler these are.
     *
     * @param inbox where the garbage-collection notice hops onto the loop
     * @param reporter where a failure is reported
     */
    public UnobservedFailures(LoopInbox inbox, Scheduler reporter) {
        this.inbox = inbox;
        this.reporter = reporter;
    }

    /**
     * Tracks the failure of {@code task} until it is observed, the task is collected or the loop
     * closes.
     *
     * @param task the failed task
     * @param failure its failure
     * @return the entry to mark as observed
     */
    public Entry track(Task<?> task, Throwable failure) {
        Entry entry = new Entry(task.name(), failure);
        pending.add(entry);
        CleanerHolder.CLEANER.register(task, entry);
        return entry;
    }

    /** At close: reports every failure still unobserved. */
    void reportAll() {
        List<Entry> all = new ArrayList<>(pending);
        pending.clear();
        for (Entry entry : all) {
            if (!entry.observed) {
                report(entry);
            }
        }
    }

    private void report(Entry entry) {
        reporter.reportError("the failure of task " + entry.taskName + " was never observed", entry.failure, null);
    }
}
