package io.github.loopsync.benchmarks.floor;

/** Runs a piece of a floor test on a thread that is not the loop's. */
final class OtherThread {

    private OtherThread() {
    }

    /** Runs {@code body} on a new thread, waits for it to end and returns what it threw, or null. */
    static Throwable thrownBy(Runnable body) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        thread.start();
        thread.join();
        return thrown[0];
    }
}
