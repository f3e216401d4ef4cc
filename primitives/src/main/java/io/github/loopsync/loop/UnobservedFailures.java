package io.github.loopsync.loop;

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
final class UnobservedFailures {

    private static final class CleanerHolder {
        static final Cleaner CLEANER = Cleaner.create(runnable -> {
            Thread thread = new Thread(runnable, "loopsync-unobserved-failures");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One failure; holds no reference to its task, so that the task can be collected. */
    final class Entry implements Runnable {
        final String taskName;
        final Throwable failure;
        volatile boolean observed;

        Entry(String taskName, Throwable failure) {
            this.taskName = taskName;
            this.failure = failure;
        }

        void observed() {
            observed = true;
        }

        /** The task was collected: report on the loop, if it still runs. */
        @Override
        public void run() {
            loop.tryExecute(() -> {
                if (pending.remove(this) && !observed) {
                    report(this);
                }
            });
        }
    }

    private final EventLoop loop;
    private final Set<Entry> pending = new LinkedHashSet<>();

    UnobservedFailures(EventLoop loop) {
        this.loop = loop;
    }

    Entry track(Task<?> task, Throwable failure) {
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
        loop.reportError("the failure of task " + entry.taskName + " was never observed", entry.failure, null);
    }
}
