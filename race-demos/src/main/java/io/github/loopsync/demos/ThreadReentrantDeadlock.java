package io.github.loopsync.demos;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.sync.AsyncLock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Demo 22: a thread takes a lock that is not re-entrant and calls a helper that takes it again;
 * the thread waits for a lock it holds itself, for ever. The demo detects the self-deadlock (the
 * lock has a queued thread, and the only thread is its holder), reports it, and breaks it by
 * interruption. The fix takes the lock once, at the public entry points, and has private helpers
 * that assume it is held (a re-entrant lock would also do). Re-expresses listings 7.9/7.10 of
 * Fowler, <i>Python Concurrency with asyncio</i> (a recursive function taking a
 * {@code threading.Lock} at every level, fixed with an {@code RLock}), never copied.
 *
 * <p>loopsync's {@link AsyncLock} is not re-entrant on purpose (a task has no identity that
 * survives its continuations, see the AsyncLock section of docs/primitives.md); {@link #asyncSelfDeadlock} is the same mistake
 * on a loop, which the harness reports as a deadlock of a task waiting for itself.
 */
public final class ThreadReentrantDeadlock implements ThreadDemo {

    @Override
    public String id() {
        return "thread-reentrant-deadlock";
    }

    @Override
    public String title() {
        return "Re-entrant self-deadlock on a non-re-entrant lock";
    }

    @Override
    public String story() {
        return "An inventory guards its stock with a lock. Receiving a delivery takes the lock and adds "
                + "each line with add(), which takes the lock too.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listings 7.9/7.10 (re-expressed)";
    }

    /** A delivery: what the receiving thread adds to the stock. */
    static Map<String, Integer> delivery() {
        Map<String, Integer> delivery = new LinkedHashMap<>();
        delivery.put("apples", 12);
        delivery.put("pears", 5);
        return delivery;
    }

    /** The calls a stock needs from a thread that may be interrupted out of its wait. */
    interface Receiving {
        void receive(Map<String, Integer> delivery) throws InterruptedException;
    }

    // @start region=racy
    static final class Inventory {
        private final Semaphore lock = new Semaphore(1);          // a lock that is not re-entrant
        private final Map<String, Integer> stock = new HashMap<>();

        void add(String item, int count) throws InterruptedException {
            lock.acquire();
            try {
                stock.merge(item, count, Integer::sum);
            } finally {
                lock.release();
            }
        }

        void addAll(Map<String, Integer> delivery) throws InterruptedException {
            lock.acquire();                                       // takes the lock...
            try {
                for (Map.Entry<String, Integer> line : delivery.entrySet()) {
                    add(line.getKey(), line.getValue());          // ...and add() takes it again
                }
            } finally {
                lock.release();
            }
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class SafeInventory {
        private final Semaphore lock = new Semaphore(1);
        private final Map<String, Integer> stock = new HashMap<>();

        void add(String item, int count) throws InterruptedException {
            lock.acquire();                                       // public entry points lock once
            try {
                addLocked(item, count);
            } finally {
                lock.release();
            }
        }

        void addAll(Map<String, Integer> delivery) throws InterruptedException {
            lock.acquire();
            try {
                delivery.forEach(this::addLocked);
            } finally {
                lock.release();
            }
        }

        private void addLocked(String item, int count) {         // the caller holds the lock
            stock.merge(item, count, Integer::sum);
        }
    }
    // @end region=fixed

    /** The async twin: a task takes an AsyncLock and, inside, takes it again. */
    // @start region=async
    static CompletionStage<Void> asyncSelfDeadlock(RaceRun run) {
        AsyncLock lock = new AsyncLock();
        return run.loop().createTask("receiver", () -> lock.withLock(() ->
                lock.withLock(() -> run.loop().<Void>done())));      // the second acquire waits for the first
    }
    // @end region=async

    /**
     * Runs {@code receiving} on a thread named receiver, then waits until the thread has either
     * finished or queued on {@code lock}. Queued means stuck: the receiver is the only thread that
     * uses the lock, and the lock has one permit, so the permit is the receiver's own. The demo then
     * reports the wait and breaks it by interrupting the receiver.
     */
    static ThreadResult receive(Semaphore lock, Receiving receiving, Supplier<Map<String, Integer>> stock)
            throws InterruptedException {
        Thread receiver = new Thread(() -> {
            try {
                receiving.receive(delivery());
            } catch (InterruptedException interrupted) {
                // the demo broke the deadlock; the report below says so
            }
        }, "receiver");
        receiver.start();
        while (receiver.isAlive() && !lock.hasQueuedThreads()) {
            Thread.yield();
        }
        if (!lock.hasQueuedThreads()) {
            receiver.join();
            return ThreadResult.asIntended("the receiver finished; stock " + new TreeMap<>(stock.get()) + " (delivered " + delivery() + ")");
        }
        StringBuilder report = new StringBuilder("SELF-DEADLOCK: thread receiver waits in Semaphore.acquire() for the inventory lock\n")
                .append("  permits left: ").append(lock.availablePermits()).append(", queued threads: ")
                .append(lock.getQueueLength()).append(", and only receiver uses the lock: it waits for the permit it holds\n")
                .append("  receiver's stack, in the inventory:\n");
        for (StackTraceElement frame : receiver.getStackTrace()) {
            if (frame.getClassName().endsWith("$Inventory") || frame.getClassName().endsWith("$SafeInventory")) {
                report.append("    at ").append(frame.getClassName().substring(frame.getClassName().lastIndexOf('$') + 1))
                        .append('.').append(frame.getMethodName()).append('(').append(frame.getFileName()).append(':')
                        .append(frame.getLineNumber()).append(")\n");
            }
        }
        receiver.interrupt();
        receiver.join();
        report.append("broken by interrupting receiver: acquire() threw InterruptedException, addAll's finally released "
                + "its permit (permits left: " + lock.availablePermits() + "); stock " + new TreeMap<>(stock.get()));
        return ThreadResult.wentWrong(report.toString());
    }

    @Override
    public ThreadResult racy() throws InterruptedException {
        Inventory inventory = new Inventory();
        return receive(inventory.lock, inventory::addAll, () -> inventory.stock);
    }

    @Override
    public ThreadResult fixed() throws InterruptedException {
        SafeInventory inventory = new SafeInventory();
        return receive(inventory.lock, inventory::addAll, () -> inventory.stock);
    }
}
