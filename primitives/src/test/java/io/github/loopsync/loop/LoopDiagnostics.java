package io.github.loopsync.loop;

/**
 * The loop's cross-thread state for stall reports in tests of any package: its lifecycle and its
 * inbox's park/wake handshake (parked flag, posts pending and in flight, stop request, gate).
 */
public final class LoopDiagnostics {

    private LoopDiagnostics() {
    }

    /**
     * Describes {@code loop}; safe from any thread, never blocks.
     *
     * @param loop the loop
     * @return for example {@code EventLoop[loopsync-3, open], inbox: parked=1, 0 posts pending, ...}
     */
    public static String describe(EventLoop loop) {
        return loop + ", inbox: " + loop.inbox().describe();
    }
}
