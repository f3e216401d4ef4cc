package io.github.loopsync.harness;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the primitives did in a step, read from their progress probes: who acquired or released,
 * who was granted, who started waiting, whose wait was cancelled, how the state changed. Only the
 * runs that end up in a report keep one, so exploration pays nothing for it.
 */
final class PrimitiveEvents {

    /** A primitive's state between two steps. */
    private static final class Snapshot {
        final String state;
        final List<String> holders;
        final List<String> waiting;
        final int parked;

        Snapshot(String state, List<String> holders, List<String> waiting, int parked) {
            this.state = state;
            this.holders = holders;
            this.waiting = waiting;
            this.parked = parked;
        }
    }

    /** Waiter counts and fixed capacities: what the events tell, or what never changes. */
    private static final java.util.regex.Pattern WAITERS =
            java.util.regex.Pattern.compile("(?:, )?(?:waiters:[0-9/]+|getters=[0-9]+|putters=[0-9]+|maxSize=[0-9]+)");
    private static final Snapshot FRESH = new Snapshot("", List.of(), List.of(), 0);

    private final List<ProgressProbe> probes;
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    /** The last waiter-like future each task created: tells a cancelled wait from a granted one. */
    private final Map<Task<?>, LoopFuture<?>> waits = new IdentityHashMap<>();

    PrimitiveEvents(List<ProgressProbe> probes) {
        this.probes = probes;
    }

    /** Notes a future a task created; those of the primitives' packages are its waits. */
    void futureCreated(LoopFuture<?> future) {
        Task<?> task = future.task();
        if (task != null && !future.getClass().getPackageName().equals("io.github.loopsync.loop")) {
            waits.put(task, future);
        }
    }

    /** The events since the last call, appended to {@code events}; the new state becomes the baseline. */
    void collect(List<String> events, String stepTask) {
        for (int i = 0; i < probes.size(); i++) {
            ProgressProbe probe = probes.get(i);
            if (i == labels.size()) {
                labels.add(label(i));
                snapshots.add(FRESH);
            }
            Snapshot before = snapshots.get(i);
            Snapshot after = snapshot(probe);
            if (!after.state.equals(before.state) || !after.holders.equals(before.holders)
                    || !after.waiting.equals(before.waiting) || after.parked != before.parked) {
                describe(labels.get(i), before, after, events, stepTask);
                snapshots.set(i, after);
            }
        }
    }

    private void describe(String primitive, Snapshot before, Snapshot after, List<String> events, String stepTask) {
        for (String holder : before.holders) {
            if (!after.holders.contains(holder)) {
                events.add(holder + " releases " + primitive);
            }
        }
        int joined = 0;
        for (String waiter : after.waiting) {
            joined += before.waiting.contains(waiter) ? 0 : 1;
        }
        int handedOut = before.parked - after.parked + joined;  // waits that left the queue
        for (String holder : after.holders) {
            if (!before.holders.contains(holder)) {
                boolean waited = before.waiting.contains(holder);
                events.add(waited ? primitive + " granted to " + holder : holder + " acquires " + primitive);
                handedOut -= waited ? 1 : 0;
            }
        }
        int orphaned = 0;
        for (String waiter : before.waiting) {
            if (!after.waiting.contains(waiter) && !after.holders.contains(waiter)) {
                if (cancelled(waiter)) {
                    events.add("wait of " + waiter + " on " + primitive + " cancelled");
                    handedOut--;
                } else if (handedOut > 0) {
                    events.add(primitive + " granted to " + waiter);
                    handedOut--;
                } else {
                    events.add(waiter + " stops waiting on " + primitive + "; its wait stays queued");
                    orphaned++;
                }
            }
        }
        for (String waiter : after.waiting) {
            if (!before.waiting.contains(waiter)) {
                events.add(waiter + " waits on " + primitive);
            }
        }
        // waits no task awaits directly (under waitFor, or abandoned): only their number is known
        int unnamed = (after.parked - after.waiting.size()) - (before.parked - before.waiting.size()) - orphaned;
        if (unnamed > 0) {
            events.add(stepTask.equals("-") ? "a wait on " + primitive + " is queued" : stepTask + " waits on " + primitive);
        } else if (unnamed < 0) {
            events.add(before.holders.equals(after.holders) ? "a wait on " + primitive + " leaves the queue"
                    : primitive + " granted to a wait no task awaits");
        }
        String from = words(before.state);
        String to = words(after.state);
        if (before != FRESH && !from.equals(to) && before.holders.equals(after.holders)) {
            events.add(primitive + ": " + from + " -> " + to);     // a holder change tells it already
        }
    }

    /** Whether the wait of the task named {@code waiter} ended by cancellation rather than a grant. */
    private boolean cancelled(String waiter) {
        for (Map.Entry<Task<?>, LoopFuture<?>> wait : waits.entrySet()) {
            if (wait.getKey().name().equals(waiter)) {
                return wait.getValue().isCancelled() || wait.getKey().isCancelled();
            }
        }
        return false;
    }

    /** The state words of a description without the waiter count, which the events already tell. */
    static String words(String description) {
        String inside = WAITERS.matcher(inside(description)).replaceAll("").replaceAll("^, |, $", "").trim();
        return inside.isEmpty() ? "-" : inside;
    }

    private static String inside(String description) {
        int open = description.indexOf('[');
        return open < 0 || !description.endsWith("]") ? description : description.substring(open + 1, description.length() - 1);
    }

    /** The primitives now, with their holders and waiting tasks, for the end of a report. */
    List<String> states() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            Snapshot now = snapshot(probes.get(i));
            String label = i < labels.size() ? labels.get(i) : label(i);
            StringBuilder line = new StringBuilder(label).append(" (").append(words(now.state)).append(')');
            line.append(now.holders.isEmpty() ? ", no holder" : ", held by " + String.join(", ", now.holders));
            if (!now.waiting.isEmpty()) {
                line.append(", waiting: ").append(String.join(", ", now.waiting));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@code AsyncLock} for the first of a type, {@code AsyncLock#2} for the second, and so on. */
    private String label(int index) {
        String type = type(probes.get(index).describe());
        int ordinal = 1;
        for (int i = 0; i < index; i++) {
            if (type(probes.get(i).describe()).equals(type)) {
                ordinal++;
            }
        }
        return ordinal > 1 ? type + "#" + ordinal : type;
    }

    private static String type(String description) {
        int open = description.indexOf('[');
        return Traces.stable(open < 0 ? description : description.substring(0, open));
    }

    private static Snapshot snapshot(ProgressProbe probe) {
        return new Snapshot(Traces.stable(probe.describe()), names(probe.holders()), names(probe.waitingTasks()),
                probe.parkedWaiters());
    }

    private static List<String> names(List<Task<?>> tasks) {
        List<String> names = new ArrayList<>(tasks.size());
        for (Task<?> task : tasks) {
            names.add(task.name());
        }
        return names;
    }
}
