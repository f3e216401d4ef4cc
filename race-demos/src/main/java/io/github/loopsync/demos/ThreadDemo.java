package io.github.loopsync.demos;

import java.util.Optional;

/**
 * One race demo between real threads: a story, a racy variant and a fixed variant that each run on
 * real threads and report what happened. Real threads cannot be explored by the loop harness: a
 * demo shows its race by repeated runs (an outcome histogram), or by forcing the one interleaving
 * that breaks it and detecting the result (a deadlock), and names the jcstress test that grades
 * the same race on the real memory model, if it has one.
 *
 * <p>Every variant is bounded: it returns even when its threads are stuck, after detecting that
 * they are, and it leaves no thread running that it could stop.
 */
public interface ThreadDemo extends Entry {

    /**
     * What the demo races on: always real threads.
     *
     * @return {@link Kind#THREAD}
     */
    @Override
    default Kind kind() {
        return Kind.THREAD;
    }

    /**
     * Runs the racy variant on real threads.
     *
     * @return what happened; {@linkplain ThreadResult#wentWrong() went wrong} when the race showed
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    ThreadResult racy() throws InterruptedException;

    /**
     * Runs the fixed variant on real threads.
     *
     * @return what happened; it must never go wrong
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    ThreadResult fixed() throws InterruptedException;

    /**
     * The jcstress tests (a regular expression for jcstress's {@code -t}) that grade this race and
     * its fix, or the cross-thread mechanism its fix relies on, on the real memory model, if the
     * demo has them. Demos whose failure is forced deterministically (a deadlock) have none.
     *
     * @return the test name pattern, if any
     */
    default Optional<String> jcstressTests() {
        return Optional.empty();
    }
}
