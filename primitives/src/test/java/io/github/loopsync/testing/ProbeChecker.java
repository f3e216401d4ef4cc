package io.github.loopsync.testing;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A loop listener that collects every progress probe the loop registers and, after every step,
 * records each probe that reports a lost wake-up. Read its lists once the loop has finished.
 */
public final class ProbeChecker implements LoopListener {

    private final List<ProgressProbe> probes = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private int steps;

    @Override
    public void probeRegistered(EventLoop loop, ProgressProbe probe) {
        probes.add(probe);
    }

    @Override
    public void afterStep(EventLoop loop) {
        steps++;
        for (ProgressProbe probe : probes) {
            if (probe.lostWakeup()) {
                violations.add("step " + steps + ": " + probe.describe());
            }
        }
    }

    /** The probes registered so far, in registration order. */
    public List<ProgressProbe> probes() {
        return Collections.unmodifiableList(probes);
    }

    /** One entry per probe that reported a lost wake-up after a step, naming the step and the probe. */
    public List<String> violations() {
        return Collections.unmodifiableList(violations);
    }

    /** How many steps the loop has run. */
    public int steps() {
        return steps;
    }
}
