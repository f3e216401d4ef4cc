package io.github.loopsync.demos;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Demo 20: two threads add one to a shared counter many times with {@code count++}; updates are
 * lost because {@code ++} is a read, an add and a write that the other thread can split, and
 * {@code volatile} does not change that. The fix is an atomic read-modify-write. Re-expresses
 * listings 6.11/6.12 and 7.8 of Fowler, <i>Python Concurrency with asyncio</i> (processes and
 * threads bumping a shared value, fixed with a lock), in Java (never copied). The jcstress twin is
 * {@code io.github.loopsync.jcstress.demos.ThreadCounter_01_LostUpdate} in stress-tests/jcstress.
 */
public final class ThreadCounter implements ThreadDemo {

    /** Increments per thread in one run: enough that the two threads overlap even on a busy machine. */
    static final int INCREMENTS = 1_000_000;
    /** Runs per command-line invocation. */
    static final int RUNS = 20;
    /**
     * The most runs the racy variant makes when none of the first {@link #RUNS} lost an update: on
     * a busy machine the two threads may not overlap for a while, and it goes on until they do.
     */
    static final int MAX_RACY_RUNS = 500;

    @Override
    public String id() {
        return "thread-counter";
    }

    @Override
    public String title() {
        return "Unsynchronized counter shared by two threads";
    }

    @Override
    public String story() {
        return "Two threads count events into one shared counter, " + Histogram.grouped(INCREMENTS)
                + " each, with count++. At the end the counter should say " + Histogram.grouped(2 * INCREMENTS) + ".";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listings 6.11/6.12 and 7.8 (re-expressed)";
    }

    @Override
    public Optional<String> jcstressTests() {
        return Optional.of("ThreadCounter_01");
    }

    // @start region=racy
    static final class Counter {
        volatile int count;             // every read and write is seen by the other thread...

        void increment() {
            count++;                    // ...but ++ is a read, an add and a write: the other
                                        // thread can write in between, and one update is lost
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class AtomicCounter {
        final AtomicInteger count = new AtomicInteger();

        void increment() {
            count.incrementAndGet();    // one indivisible read-modify-write
        }
    }
    // @end region=fixed

    /** One racy run: two threads, started together, each increment {@code increments} times. */
    static int racyRun(int increments) throws InterruptedException {
        Counter counter = new Counter();
        Runnable work = () -> {
            for (int i = 0; i < increments; i++) {
                counter.increment();
            }
        };
        Together.run(new String[] {"counter-1", "counter-2"}, work, work);
        return counter.count;
    }

    /** One fixed run, shaped like {@link #racyRun}. */
    static int fixedRun(int increments) throws InterruptedException {
        AtomicCounter counter = new AtomicCounter();
        Runnable work = () -> {
            for (int i = 0; i < increments; i++) {
                counter.increment();
            }
        };
        Together.run(new String[] {"counter-1", "counter-2"}, work, work);
        return counter.count.get();
    }

    @Override
    public ThreadResult racy() throws InterruptedException {
        return histogram(true);
    }

    @Override
    public ThreadResult fixed() throws InterruptedException {
        return histogram(false);
    }

    private static ThreadResult histogram(boolean racy) throws InterruptedException {
        int expected = 2 * INCREMENTS;
        Histogram histogram = new Histogram()
                .outcome(Histogram.grouped(expected), "exact: no update lost")
                .outcome("lost 1-999", "a few updates lost")
                .outcome("lost 1,000-499,999", "many updates lost")
                .outcome("lost >= 500,000", "at least a quarter of the updates lost");
        int lowest = Integer.MAX_VALUE;
        int runs = 0;
        while (runs < RUNS || (racy && lowest == expected && runs < MAX_RACY_RUNS)) {
            int value = racy ? racyRun(INCREMENTS) : fixedRun(INCREMENTS);
            runs++;
            lowest = Math.min(lowest, value);
            int lost = expected - value;
            histogram.add(lost == 0 ? Histogram.grouped(expected)
                    : lost < 1_000 ? "lost 1-999" : lost < 500_000 ? "lost 1,000-499,999" : "lost >= 500,000");
        }
        String report = String.format(Locale.ROOT, "final count after 2 threads x %,d increments, %d runs%s:%n", INCREMENTS, runs,
                runs == RUNS ? "" : lowest < expected ? " (none of the first " + RUNS + " lost an update, so it went on until one did)"
                        : " (it went on past " + RUNS + " runs waiting for a lost update)")
                + histogram.format()
                + String.format(Locale.ROOT, "lowest final count: %,d (expected %,d)", lowest, expected);
        return histogram.verdict(Histogram.grouped(expected), report);
    }
}
