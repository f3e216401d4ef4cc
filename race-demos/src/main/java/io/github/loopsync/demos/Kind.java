package io.github.loopsync.demos;

/** What a demo races on, shown by {@code list}. */
public enum Kind {
    /** Tasks on one event loop, explored by the harness. */
    LOOP,
    /** A historical asyncio bug replayed against a naive primitive kept in this module. */
    REPLAY,
    /** Real threads, shown by repeated runs and jcstress. */
    THREAD;

    /**
     * The lower-case label printed by {@code list}.
     *
     * @return the label
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
