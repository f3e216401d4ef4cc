package io.github.loopsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A dump of every live thread for stall reports: name, Java state, what it is parked on, its
 * scheduler state where Linux shows it, and its stack. The scheduler state tells apart what the
 * Java state cannot: a thread that was woken but waits for a CPU still reads {@code WAITING} in
 * Java, while the kernel says {@code R} (runnable); a thread nobody woke says {@code S}.
 */
public final class ThreadDump {

    private static final int MAX_FRAMES = 30;

    private ThreadDump() {
    }

    /**
     * Dumps every live thread.
     *
     * @return the dump, one block per thread
     */
    public static String allThreads() {
        Map<String, String> osStates = schedulerStatesByName();
        StringBuilder text = new StringBuilder("thread dump (os: R = runnable or running, S = sleeping):\n");
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            Object blocker = LockSupport.getBlocker(thread);
            String os = osStates.get(kernelName(thread.getName()));
            text.append('"').append(thread.getName()).append("\" ").append(thread.getState())
                    .append(blocker != null ? " parked on " + blocker.getClass().getName() : "")
                    .append(os != null ? ", os: " + os : "").append(thread.isDaemon() ? ", daemon" : "").append('\n');
            StackTraceElement[] frames = entry.getValue();
            for (int i = 0; i < frames.length && i < MAX_FRAMES; i++) {
                text.append("    at ").append(frames[i]).append('\n');
            }
            if (frames.length > MAX_FRAMES) {
                text.append("    ... ").append(frames.length - MAX_FRAMES).append(" more\n");
            }
        }
        return text.toString();
    }

    /** The kernel keeps the first 15 bytes of a thread's name. */
    private static String kernelName(String name) {
        return name.length() <= 15 ? name : name.substring(0, 15);
    }

    /** Thread name to scheduler state letter, from /proc; names shared by several threads are left out. */
    private static Map<String, String> schedulerStatesByName() {
        Map<String, String> states = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return states;
        }
        try (Stream<Path> entries = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) entries::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;                            // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open || close + 2 >= stat.length()) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                String state = stat.substring(close + 2, close + 3);
                states.merge(name, state, (a, b) -> "?");
            }
        } catch (IOException | RuntimeException unreadable) {
            return Map.of();
        }
        states.values().removeIf("?"::equals);
        return states;
    }
}
