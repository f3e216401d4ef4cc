package io.github.loopsync.demos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a few actions on their own threads, started at the same moment so that they really
 * overlap, and waits for all of them. An exception in one of them is rethrown here. The start is a
 * spinning rendezvous rather than a latch: a thread woken from a latch can take milliseconds to be
 * scheduled, long enough for a short action on the other thread to finish alone.
 */
final class Together {

    private Together() {
    }

    /** Runs each action on a new thread named after it, starting them together; waits for all. */
    static void run(String[] names, Runnable... actions) throws InterruptedException {
        if (names.length != actions.length) {
            throw new IllegalArgumentException("names: " + names.length + " (expected: one per action, " + actions.length + ")");
        }
        Runnable start = startingLine(actions.length);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) {
            Runnable action = actions[i];
            Thread thread = new Thread(() -> {
                start.run();
                try {
                    action.run();
                } catch (Throwable failure) {
                    synchronized (failures) {
                        failures.add(failure);
                    }
                }
            }, names[i]);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("a thread failed: " + failures.get(0), failures.get(0));
            failures.subList(1, failures.size()).forEach(error::addSuppressed);
            throw error;
        }
    }

    /**
     * The spinning rendezvous on its own, for threads this class does not start: each of the
     * {@code parties} threads runs the returned action once, and none returns before all have
     * arrived.
     */
    static Runnable startingLine(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties: " + parties + " (expected: at least 1)");
        }
        AtomicInteger arrived = new AtomicInteger();
        return () -> {
            arrived.incrementAndGet();
            while (arrived.get() < parties) {
                Thread.onSpinWait();
            }
        };
    }
}
