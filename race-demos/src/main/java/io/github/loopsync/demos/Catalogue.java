package io.github.loopsync.demos;

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
            new ReplayGh83055());

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
     * The thread demo with this id.
     *
     * @param id the id
     * @return the thread demo, if any
     */
    public static Optional<ThreadDemo> findThreadDemo(String id) {
        return THREAD_DEMOS.stream().filter(demo -> demo.id().equals(id)).findFirst();
    }

    /**
     * The demo with this id.
     *
     * @param id the id
     * @return the demo, if any
     */
    public static Optional<Demo> find(String id) {
        return DEMOS.stream().filter(demo -> demo.id().equals(id)).findFirst();
    }
}
