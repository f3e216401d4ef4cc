package io.github.loopsync.demos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The race demos, in learning order. */
public final class Catalogue {

    private static final List<Demo> DEMOS = List.of(
            new LostUpdate(),
            new StaleSnapshot(),
            new LockPerCall(),
            new SemaphoreOverRelease(),
            new EventPulse(),
            new LockOrderDeadlock(),
            new IfInsteadOfWhile(),
            new QueueCheckThenGet(),
            new JoinReturnsEarly(),
            new TimeoutLeaksLock(),
            new EventCoalesced(),
            new LostNotify(),
            new ShutdownLosesItems(),
            new ConnectionPool(),
            new ReplayBpo27585(),
            new ReplayBpo32734(),
            new ReplayGh90155(),
            new ReplayGh112202(),
            new ReplayGh83055(),
            new WeightedStarvation(),
            new ReadWriteLockStarvesWriter());

    private static final List<ThreadDemo> THREAD_DEMOS = List.of(
            new ThreadCounter(),
            new ThreadStopFlag(),
            new ThreadReentrantDeadlock(),
            new ThreadLockOrder(),
            new ThreadLoopConfined());

    private Catalogue() {
    }

    /**
     * Every demo, in learning order.
     *
     * @return the demos
     */
    public static List<Demo> all() {
        return DEMOS;
    }

    /**
     * The demos between real threads, in learning order; they come after {@link #all()}.
     *
     * @return the thread demos
     */
    public static List<ThreadDemo> threadDemos() {
        return THREAD_DEMOS;
    }

    /**
     * Every entry, loop demos then thread demos, in learning order.
     *
     * @return the entries
     */
    public static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(DEMOS);
        entries.addAll(THREAD_DEMOS);
        return List.copyOf(entries);
    }

    /**
     * The thread demo with this id.
     *
     * @param id the id
     * @return the thread demo, if any
     */
    public static Optional<ThreadDemo> findThreadDemo(String id) {
        return lookup(THREAD_DEMOS, id);
    }

    /**
     * The demo with this id.
     *
     * @param id the id
     * @return the demo, if any
     */
    public static Optional<Demo> find(String id) {
        return lookup(DEMOS, id);
    }

    private static <T extends Entry> Optional<T> lookup(List<T> entries, String id) {
        return entries.stream().filter(entry -> entry.id().equals(id)).findFirst();
    }
}
