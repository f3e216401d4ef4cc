package io.github.loopsync.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread demos on real threads: every fixed variant gives the exact result every time; every
 * forced deadlock is detected and cleaned up; every nondeterministic race is observed within a
 * generous number of runs. No sleeps and no timing: a racy run that happens not to lose an update
 * is simply repeated.
 */
class ThreadDemosTest {

    /** More runs than any racy counter needs to lose an update, even on a busy 2-core machine. */
    private static final int MAX_RUNS = 500;

    /** count++ on a shared volatile int loses updates; repeated runs observe it. */
    @Test
    void racyCounterLosesUpdates() throws InterruptedException {
        int expected = 2 * ThreadCounter.INCREMENTS;
        for (int run = 1; run <= MAX_RUNS; run++) {
            int value = ThreadCounter.racyRun(ThreadCounter.INCREMENTS);
            assertTrue(value > 0 && value <= expected, "final count " + value);
            if (value < expected) {
                return;
            }
        }
        fail("no update lost in " + MAX_RUNS + " runs of 2 x " + ThreadCounter.INCREMENTS + " increments");
    }

    /** The atomic counter ends at exactly twice the increments per thread, every run. */
    @Test
    void atomicCounterIsExact() throws InterruptedException {
        for (int run = 0; run < ThreadCounter.RUNS; run++) {
            assertEquals(2 * ThreadCounter.INCREMENTS, ThreadCounter.fixedRun(ThreadCounter.INCREMENTS));
        }
        ThreadResult result = new ThreadCounter().fixed();
        assertFalse(result.wentWrong(), result.report());
    }

    /**
     * The stop mechanism works: a worker spinning on a volatile stop flag sees the stop and ends.
     * This is not the proof of the visibility bug (the loop is still interpreted when the stop
     * comes; jcstress's StopFlag_01_Visibility is that proof). The timeout is only a safety net
     * against a hung build: it interrupts the unbounded join, it measures nothing.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void volatileStopFlagIsSeen() throws InterruptedException {
        ThreadStopFlag.VolatileWorker worker = new ThreadStopFlag.VolatileWorker();
        ThreadResult result = ThreadStopFlag.stopWorker(worker, worker::requestStop, () -> worker.rounds, 0, 0);
        assertFalse(result.wentWrong(), result.report());
        assertTrue(result.report().startsWith("the worker saw stopRequested = true and stopped"), result.report());
    }

    /** The non-re-entrant inventory deadlocks on itself; the demo detects it, names it and breaks it. */
    @Test
    void reentrantSelfDeadlockIsDetectedAndBroken() throws InterruptedException, IOException {
        ThreadResult result = new ThreadReentrantDeadlock().racy();
        assertTrue(result.wentWrong(), result.report());
        String report = result.report();
        assertTrue(report.startsWith("SELF-DEADLOCK: thread receiver waits in Semaphore.acquire()"), report);
        assertTrue(report.contains("permits left: 0, queued threads: 1"), report);
        assertTrue(report.contains("at Inventory.add(") && report.contains("at Inventory.addAll("), report);
        assertTrue(report.endsWith("(permits left: 1); stock {}"), report);
        assertNoLiveThread("receiver");
        assertGolden("thread-reentrant-deadlock.racy.txt", ThreadDemoCommands.output(result, false) + "\n");
    }

    /** The inventory that locks once at its entry points receives the whole delivery. */
    @Test
    void lockOnceInventoryReceivesEverything() throws InterruptedException, IOException {
        ThreadResult result = new ThreadReentrantDeadlock().fixed();
        assertFalse(result.wentWrong(), result.report());
        assertEquals("the receiver finished; stock {apples=12, pears=5} (delivered {apples=12, pears=5})", result.report());
        assertGolden("thread-reentrant-deadlock.fixed.txt", ThreadDemoCommands.output(result, true) + "\n");
    }

    /** The async twin: the harness reports a task waiting for an AsyncLock it holds itself, as in the golden file. */
    @Test
    void asyncSelfDeadlockIsReportedByTheHarness() throws IOException {
        RaceResult result = Race.explore(RaceOptions.defaults(), ThreadReentrantDeadlock::asyncSelfDeadlock);
        result.assertRaceFound();
        assertTrue(result.report().contains("receiver waits for AsyncLock[locked, waiters:1] held by receiver"), result.report());
        assertGolden("thread-reentrant-deadlock.async.trace.txt", result.report());
    }

    /** Opposite lock orders under the forced interleaving: the JVM reports the cycle; one interrupt breaks it. */
    @Test
    void lockOrderDeadlockIsDetectedAndBroken() throws InterruptedException, IOException {
        ThreadResult result = new ThreadLockOrder().racy();
        String report = result.report();
        assertTrue(result.wentWrong(), report);
        assertTrue(report.startsWith("DEADLOCK (ThreadMXBean.findDeadlockedThreads): 2 threads\n"), report);
        assertTrue(report.contains("A->B waits for the lock of account B (java.util.concurrent.locks.ReentrantLock$NonfairSync), held by B->A"), report);
        assertTrue(report.contains("B->A waits for the lock of account A (java.util.concurrent.locks.ReentrantLock$NonfairSync), held by A->B"), report);
        assertTrue(report.contains("cycle: A->B \u2192 account B \u2192 B->A \u2192 account A \u2192 A->B"), report);
        assertTrue(report.contains("locks still held: none; balances A 120, B 80"), report);
        assertNoLiveThread("A->B");
        assertNoLiveThread("B->A");
        assertGolden("thread-lock-order.racy.txt", ThreadDemoCommands.output(result, false) + "\n");
    }

    /** With one global lock order the same forced interleaving finishes both transfers. */
    @Test
    void orderedTransfersFinish() throws InterruptedException, IOException {
        ThreadResult result = new ThreadLockOrder().fixed();
        assertFalse(result.wentWrong(), result.report());
        assertEquals("both transfers finished, no deadlock: A has 110, B has 90", result.report());
        assertGolden("thread-lock-order.fixed.txt", ThreadDemoCommands.output(result, true) + "\n");
    }

    /**
     * Pool threads updating the loop's map directly, each in an entry the loop also updates, lose
     * hits; repeated runs observe it. No two pool threads share an entry, so every lost hit is a
     * race between the loop's writes and a pool thread's.
     */
    @Test
    void poolThreadsTouchingLoopStateLoseHits() throws InterruptedException {
        int expected = 3 * ThreadLoopConfined.HITS;
        for (int run = 1; run <= MAX_RUNS; run++) {
            int total = ThreadLoopConfined.oneRun(ThreadLoopConfined::recordFromPool);
            assertTrue(total > 0 && total <= expected, "total " + total);
            if (total < expected) {
                return;
            }
        }
        fail("no hit lost in " + MAX_RUNS + " runs");
    }

    /** A loopsync primitive used from a pool thread refuses with an IllegalStateException naming the thread. */
    @Test
    void loopPrimitiveRefusesPoolThread() throws InterruptedException {
        assertEquals("IllegalStateException: acquire() on AsyncLock[unlocked] from thread pool-thread, which runs no event "
                + "loop; the primitive is loop-confined", ThreadLoopConfined.lockFromPool());
    }

    /** Hits handed to the loop with execute() are all counted, every run. */
    @Test
    void hitsHandedToTheLoopAreExact() throws InterruptedException {
        for (int run = 0; run < 5; run++) {
            assertEquals(3 * ThreadLoopConfined.HITS, ThreadLoopConfined.oneRun(ThreadLoopConfined::recordOnLoop));
        }
        assertNoLiveThread("server-loop");
    }

    /** list shows the thread demos with kind thread; run and explore work on them. */
    @Test
    void commandLine() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"list"}, out));
        String listed = printed.toString(StandardCharsets.UTF_8);
        for (ThreadDemo demo : Catalogue.threadDemos()) {
            assertTrue(listed.lines().anyMatch(line -> line.startsWith(demo.id() + " ") && line.contains(" thread ")),
                    demo.id() + " listed as a thread demo:\n" + listed);
        }
        printed.reset();
        assertEquals(0, Main.run(new String[] {"run", "thread-counter", "--fixed"}, out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("=> as intended"), printed.toString(StandardCharsets.UTF_8));
        printed.reset();
        assertEquals(0, Main.run(new String[] {"explore", "thread-counter"}, out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains(
                "stress-tests/jcstress/target/jcstress.jar' -m quick -c 2 -t ThreadCounter_01"),
                printed.toString(StandardCharsets.UTF_8));
        printed.reset();
        assertEquals(0, Main.run(new String[] {"explore", "thread-lock-order"}, out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("needs no jcstress test"), printed.toString(StandardCharsets.UTF_8));
    }

    private static void assertNoLiveThread(String name) {
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(name) && t.isAlive()),
                "a thread named " + name + " is still alive");
    }

    private static void assertGolden(String file, String actual) throws IOException {
        Path golden = Path.of(System.getProperty("loopsync.root", "..")).resolve("docs/demos/" + file);
        if (Boolean.getBoolean("loopsync.updateSnippets")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            System.out.println(file + ": golden file rewritten, not compared (update mode): " + golden);
            return;
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "golden file " + golden);
    }
}
