package io.github.loopsync.demos;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

/**
 * Demo 21: a worker thread spins until the main thread asks it to stop through a plain boolean;
 * nothing obliges the worker to read the field again; once the JIT compiles the loop it may hoist
 * the read out of it, and the worker can spin forever. The fix makes the flag {@code volatile}. Re-expresses the visibility
 * hazard of listing 7.8 of Fowler, <i>Python Concurrency with asyncio</i> (a reporter polling a
 * value that other threads update: safe under Python's GIL, not in Java), never copied. The
 * jcstress twin is {@code io.github.loopsync.jcstress.demos.StopFlag_01_Visibility}.
 *
 * <p>The command line bounds the racy run: it lets the worker spin long enough for the JIT to
 * compile the loop, requests the stop, and waits a bounded time for the worker to end. A worker
 * that does not end is a daemon thread, ended when the JVM exits.
 */
public final class ThreadStopFlag implements ThreadDemo {

    /** How long the command line lets the worker spin before asking it to stop: time for the JIT. */
    static final long WARM_UP_MILLIS = 300;
    /** How long the command line waits for the worker to stop. */
    static final long STOP_WAIT_MILLIS = 1_000;

    @Override
    public String id() {
        return "thread-stop-flag";
    }

    @Override
    public String title() {
        return "A stop flag without volatile may never be seen";
    }

    @Override
    public String story() {
        return "A worker thread counts rounds until the main thread sets its stopRequested flag, "
                + "then the main thread waits for it to end. The worker may never see the stop: "
                + "once the JIT compiles its loop, it can spin forever.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listing 7.8, the reporter's visibility (re-expressed)";
    }

    @Override
    public Optional<String> jcstressTests() {
        return Optional.of("StopFlag_01");
    }

    // @start region=racy
    static final class Worker implements Runnable {
        boolean stopRequested;              // plain: the worker need never read it again
        long rounds;

        @Override
        public void run() {
            while (!stopRequested) {        // the JIT may read the flag once, before the loop
                rounds++;
            }
        }

        void requestStop() {                // called by the main thread
            stopRequested = true;
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class VolatileWorker implements Runnable {
        volatile boolean stopRequested;     // every read sees the latest write
        long rounds;

        @Override
        public void run() {
            while (!stopRequested) {        // read again on every round
                rounds++;
            }
        }

        void requestStop() {
            stopRequested = true;
        }
    }
    // @end region=fixed

    /**
     * Starts {@code worker} on a daemon thread, waits until it runs, lets it spin for {@code
     * warmUpMillis}, requests the stop, and waits for it to end: at most {@code stopWaitMillis}, or
     * for as long as it takes if that is 0.
     */
    static ThreadResult stopWorker(Runnable worker, Runnable requestStop, LongSupplier rounds, long warmUpMillis,
            long stopWaitMillis) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            running.countDown();
            worker.run();
        }, "worker");
        thread.setDaemon(true);
        thread.start();
        running.await();
        if (warmUpMillis > 0) {
            Thread.sleep(warmUpMillis);     // command line only: give the JIT time to compile the loop
        }
        requestStop.run();
        thread.join(stopWaitMillis);
        if (thread.isAlive()) {
            return ThreadResult.wentWrong("stopRequested = true was set after " + warmUpMillis + " ms of spinning, "
                    + "but the worker did not stop within " + stopWaitMillis + " ms: it is still spinning on the value it "
                    + "read before the stop (a daemon thread, ended when the JVM exits)");
        }
        return ThreadResult.asIntended("the worker saw stopRequested = true and stopped after " + rounds.getAsLong()
                + " rounds" + (warmUpMillis > 0 ? " (" + warmUpMillis + " ms of spinning)" : ""));
    }

    @Override
    public ThreadResult racy() throws InterruptedException {
        Worker worker = new Worker();
        return stopWorker(worker, worker::requestStop, () -> worker.rounds, WARM_UP_MILLIS, STOP_WAIT_MILLIS);
    }

    @Override
    public ThreadResult fixed() throws InterruptedException {
        VolatileWorker worker = new VolatileWorker();
        return stopWorker(worker, worker::requestStop, () -> worker.rounds, WARM_UP_MILLIS, STOP_WAIT_MILLIS);
    }
}
