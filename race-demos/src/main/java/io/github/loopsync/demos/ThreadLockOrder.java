package io.github.loopsync.demos;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Demo 23: two threads transfer money between the same two accounts in opposite directions, each
 * locking the paying account and then the receiving one; each ends up holding one lock and
 * waiting for the other's. The demo forces that interleaving (each thread, holding its first
 * lock, waits until the other has made its first move), finds the deadlock with {@link
 * ThreadMXBean#findDeadlockedThreads()}, reports the cycle, and breaks it by interrupting one
 * thread out of {@link ReentrantLock#lockInterruptibly()}. The fix takes the locks in one global
 * order; under the same forced interleaving it finishes. Re-expresses listing 7.11 of Fowler,
 * <i>Python Concurrency with asyncio</i> (two threads taking two locks in opposite orders), never
 * copied; demo 6, {@link LockOrderDeadlock}, is the same bug between tasks on one loop.
 */
public final class ThreadLockOrder implements ThreadDemo {

    @Override
    public String id() {
        return "thread-lock-order";
    }

    @Override
    public String title() {
        return "Lock-ordering deadlock between two threads";
    }

    @Override
    public String story() {
        return "Two threads transfer money at once, A to B and B to A. Each locks the account it takes money "
                + "from, then the account it pays into.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listing 7.11 (re-expressed)";
    }

    static final class Account {
        final String name;
        final int id;
        final ReentrantLock lock = new ReentrantLock();
        int balance = 100;

        Account(String name, int id) {
            this.name = name;
            this.id = id;
        }
    }

    /** A transfer whose thread may be interrupted out of its wait for a lock. */
    interface Transfer {
        void run(Account from, Account to, int amount, Runnable afterFirstLock) throws InterruptedException;
    }

    // @start region=racy
    static void transfer(Account from, Account to, int amount, Runnable afterFirstLock) throws InterruptedException {
        from.lock.lockInterruptibly();                    // lock the paying account...
        try {
            afterFirstLock.run();                         // (the demo lets the other thread move here)
            to.lock.lockInterruptibly();                  // ...then the receiving one
            try {
                from.balance -= amount;
                to.balance += amount;
            } finally {
                to.lock.unlock();
            }
        } finally {
            from.lock.unlock();
        }
    }
    // @end region=racy

    // @start region=fixed
    static void orderedTransfer(Account from, Account to, int amount, Runnable afterFirstLock) throws InterruptedException {
        Account first = from.id < to.id ? from : to;       // every thread locks the lower id first
        Account second = first == from ? to : from;
        first.lock.lockInterruptibly();
        try {
            afterFirstLock.run();
            second.lock.lockInterruptibly();
            try {
                from.balance -= amount;
                to.balance += amount;
            } finally {
                second.lock.unlock();
            }
        } finally {
            first.lock.unlock();
        }
    }
    // @end region=fixed

    // @start region=force
    /** What thread {@code self} does once it holds its first lock. */
    static Runnable afterFirstLock(AtomicBoolean[] tookFirst, Thread[] threads, int self, Account a, Account b) {
        int other = 1 - self;
        return () -> {
            tookFirst[self].set(true);                 // I hold my first lock
            while (!tookFirst[other].get()             // wait until the other holds its first lock
                    && !a.lock.hasQueuedThread(threads[other])    // or waits for one
                    && !b.lock.hasQueuedThread(threads[other])) {
                Thread.yield();
            }
        };
    }
    // @end region=force

    /**
     * Runs {@code A->B} (10) and {@code B->A} (20) on two threads with the forced interleaving: a thread that holds
     * its first lock waits until the other thread has taken its own first lock or is queued for a
     * lock. Then waits until both threads have finished or the JVM reports them deadlocked; a
     * deadlock is reported as its cycle and broken by interrupting {@code A->B}.
     */
    static ThreadResult transferBothWays(Transfer transfer) throws InterruptedException {
        Account a = new Account("A", 1);
        Account b = new Account("B", 2);
        AtomicBoolean[] tookFirst = {new AtomicBoolean(), new AtomicBoolean()};
        Thread[] threads = new Thread[2];
        List<String> interrupted = new ArrayList<>();
        Account[][] directions = {{a, b}, {b, a}};
        int[] amounts = {10, 20};
        for (int i = 0; i < 2; i++) {
            int self = i;
            Runnable afterFirstLock = afterFirstLock(tookFirst, threads, self, a, b);
            Account from = directions[i][0];
            Account to = directions[i][1];
            threads[i] = new Thread(() -> {
                try {
                    transfer.run(from, to, amounts[self], afterFirstLock);
                } catch (InterruptedException e) {
                    synchronized (interrupted) {
                        interrupted.add(Thread.currentThread().getName());
                    }
                }
            }, from.name + "->" + to.name);
        }
        threads[0].start();
        threads[1].start();
        ThreadMXBean jvm = ManagementFactory.getThreadMXBean();
        int deadlocked = 0;
        while ((threads[0].isAlive() || threads[1].isAlive()) && (deadlocked = deadlockedAmong(jvm, threads)) < 2) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));   // poll; the answer does not depend on time
        }
        if (deadlocked < 2) {
            threads[0].join();
            threads[1].join();
            return ThreadResult.asIntended("both transfers finished, no deadlock: A has " + a.balance + ", B has " + b.balance);
        }
        StringBuilder report = new StringBuilder("DEADLOCK (ThreadMXBean.findDeadlockedThreads): " + deadlocked
                + " threads\n");
        List<String> cycle = new ArrayList<>();
        Thread current = threads[0];
        for (int step = 0; step < 2; step++) {
            ThreadInfo info = jvm.getThreadInfo(current.getId());
            // No information (the JVM has none for an ended thread): in a two-thread cycle the
            // holder is the other thread.
            Thread other = current == threads[0] ? threads[1] : threads[0];
            LockInfo lock = info == null ? null : info.getLockInfo();
            String ownerName = info == null ? other.getName() : info.getLockOwnerName();
            long ownerId = info == null ? other.getId() : info.getLockOwnerId();
            Account awaited = a.lock.hasQueuedThread(current) ? a : b;
            report.append("  ").append(current.getName()).append(" waits for the lock of account ").append(awaited.name)
                    .append(" (").append(lock == null ? "lock class unknown" : lock.getClassName()).append("), held by ")
                    .append(ownerName).append('\n');
            cycle.add(current.getName() + " \u2192 account " + awaited.name);
            current = threads[0].getId() == ownerId ? threads[0] : threads[1];
        }
        report.append("  cycle: ").append(String.join(" \u2192 ", cycle)).append(" \u2192 ").append(threads[0].getName()).append('\n');
        threads[0].interrupt();                            // pick a victim: one thread gives up
        threads[0].join();
        threads[1].join();
        report.append("broken by interrupting ").append(threads[0].getName()).append(": lockInterruptibly() threw ")
                .append("InterruptedException in ").append(String.join(", ", interrupted))
                .append(", its finally released account A, and ").append(threads[1].getName())
                .append(" finished; locks still held: ").append(a.lock.isLocked() || b.lock.isLocked() ? "some" : "none")
                .append("; balances A ").append(a.balance).append(", B ").append(b.balance)
                .append(" (only B->A's transfer happened)");
        return ThreadResult.wentWrong(report.toString());
    }

    /** How many of the demo's own threads the JVM reports deadlocked (other threads are ignored). */
    private static int deadlockedAmong(ThreadMXBean jvm, Thread[] threads) {
        long[] deadlocked = jvm.findDeadlockedThreads();
        if (deadlocked == null) {
            return 0;
        }
        int ours = 0;
        for (long id : deadlocked) {
            if (id == threads[0].getId() || id == threads[1].getId()) {
                ours++;
            }
        }
        return ours;
    }

    @Override
    public ThreadResult racy() throws InterruptedException {
        return transferBothWays(ThreadLockOrder::transfer);
    }

    @Override
    public ThreadResult fixed() throws InterruptedException {
        return transferBothWays(ThreadLockOrder::orderedTransfer);
    }
}
