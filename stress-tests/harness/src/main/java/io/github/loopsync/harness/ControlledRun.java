package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One execution of a scenario on a fresh controlled loop: the chooser answers every choice point,
 * the listener records the steps and checks the oracles after each one. Runs on the calling thread.
 */
final class ControlledRun {

    /** One step: one callback run. */
    static final class Step {
        final int number;
        final long nanos;
        final String task;
        final String what;
        /** Where the step's task suspended (the user code that created its next wait), if known. */
        String suspendedAt = "";
        /** What the primitives did in the step, and the harness's cancellation after it. */
        final List<String> events = new ArrayList<>(0);

        Step(int number, long nanos, String task, String what) {
            this.number = number;
            this.nanos = nanos;
            this.task = task;
            this.what = what;
        }
    }

    /** Why a run failed. */
    static final class Failure {
        final FailureKind kind;
        final String message;
        final Throwable cause;
        final int step;
        /** The tasks the failure is about, for slicing the report; empty means all. */
        final java.util.Set<String> involved = new java.util.LinkedHashSet<>();

        Failure(FailureKind kind, String message, Throwable cause, int step) {
            this.kind = kind;
            this.message = message;
            this.cause = cause;
            this.step = step;
        }

        /** Kind and message without volatile details: what shrinking must preserve. */
        String signature() {
            return kind + ": " + Traces.stable(message);
        }
    }

    final List<Step> steps = new ArrayList<>();
    /** Steps run so far (also counted when they are not recorded). */
    int stepCount;
    final Chooser chooser;
    /** Record descriptions and source locations: for the runs that end up in a report. */
    private final boolean detailed;
    Failure failure;
    int cancellationsInjected;

    /** The names of the tasks the harness cancelled, in order. */
    final List<String> cancelledByHarness = new ArrayList<>();
    final RaceOptions options;
    private final LateTimerClock clock;
    final List<ProgressProbe> probes = new ArrayList<>();
    /** The ready policy: the ordering model's candidates, the chooser's pick. */
    final OrderingPolicy policy = new OrderingPolicy(this);
    private boolean recording;
    /** The primitives' events, kept only by detailed runs. */
    PrimitiveEvents primitiveEvents;
    /** The primitives, their holders and waiters when the run ended: for a report. */
    List<String> primitivesAtEnd = List.of();
    /** A detailed run recorded the current step and has not collected its events yet. */
    private boolean stepOpen;
    EventLoop loop;
    RaceRun run;
    Task<?> main;

    private ControlledRun(RaceOptions options, Chooser chooser, boolean detailed) {
        this.options = options;
        this.chooser = chooser;
        this.detailed = detailed;
        this.primitiveEvents = detailed ? new PrimitiveEvents(probes) : null;
        chooser.fingerprinting = detailed;
        this.clock = new LateTimerClock(this, options.timerJitter().toNanos(), options.lateTimers());
    }

    /** The user primitives the scenario describes, and who created their waiters. */
    private final UserPrimitive.Watched watched = new UserPrimitive.Watched(probes);

    /** Whether the run still takes choices: it records, and nothing has failed yet. */
    boolean mayChoose() {
        return recording && failure == null;
    }

    /**
     * Runs the scenario once. Not {@code detailed}: a fast run for exploration that counts steps, checks
     * the oracles and records no descriptions; {@code detailed}: a run for a report, every step described
     * with where its task suspended.
     */
    static ControlledRun execute(Function<RaceRun, ? extends CompletionStage<?>> body, RaceOptions options,
            Chooser chooser, boolean detailed) {
        ControlledRun controlled = new ControlledRun(options, chooser, detailed);
        controlled.go(body);
        return controlled;
    }

    private void go(Function<RaceRun, ? extends CompletionStage<?>> body) {
        if (EventLoop.currentOrNull() != null) {
            throw new IllegalStateException("the harness runs its own loop on the calling thread, which already runs "
                    + EventLoop.currentOrNull() + "; explore from a thread without a loop");
        }
        // Never in debug mode, whatever -Dloopsync.debug says: the oracles judge what it would
        // report, and recording call sites would slow every explored schedule.
        loop = EventLoop.builder().name("race").debug(false).clock(clock).readyPolicy(policy).listener(new Recorder())
                .exceptionHandler((l, message, error, task) -> {
                    if (recording && !excusedByInjectedCancellation(error)) {
                        fail(FailureKind.EXCEPTION, message + (task != null ? " in " + task.name() : "") + ": " + error, error);
                    }
                }).build();
        try {
            run = new RaceRun(loop, watched::watch);
            recording = true;
            main = loop.createTask("main", () -> asObjectStage(body.apply(run)));
            while (failure == null && (loop.runOnce() > 0 || deliverDelayedExternal())) {
                // every step is checked by the recorder
            }
            if (failure == null) {
                new EndOfRun(this).judge();
            }
            if (detailed) {
                primitivesAtEnd = primitiveEvents.states();
            }
        } finally {
            recording = false;
            loop.close();
        }
    }

    /**
     * Idle with external events still held back: one must arrive now; which one is a choice,
     * since independent sources promise no order (the oldest is the default).
     */
    private boolean deliverDelayedExternal() {
        if (run.externals.isEmpty()) {
            return false;
        }
        int chosen = 0;
        if (run.externals.size() > 1) {
            List<String> arrivals = new ArrayList<>();
            for (RaceRun.External event : run.externals) {
                arrivals.add("arrive " + event.name);
            }
            chosen = chooser.choose(Chooser.Kind.EXTERNAL, arrivals);
        }
        postExternal(run.externals.remove(chosen));
        return true;
    }

    /** Posts a held-back external event: it arrives through the loop's inbox, as from another thread. */
    void postExternal(RaceRun.External event) {
        policy.posted();
        loop.execute(new Runnable() {
            @Override
            public void run() {
                event.action.run();
            }

            @Override
            public String toString() {
                return "external event: " + event.name;
            }
        });
    }

    /** Under the default cancellation judging, the harness has cancelled a task in this run. */
    boolean judgedLeniently() {
        return options.lenientCancellations() && !cancelledByHarness.isEmpty();
    }

    /**
     * Under the default cancellation judging, a run in which the harness cancelled a task is not
     * failed by the cancellation travelling on, nor by an assertion of the scenario (written for
     * runs where every task finishes).
     */
    boolean excusedByInjectedCancellation(Throwable error) {
        Throwable cause = error == null ? null : Tasks.unwrap(error);
        return judgedLeniently() && cause != null && (Tasks.isCancellation(cause) || cause instanceof AssertionError);
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> asObjectStage(CompletionStage<?> stage) {
        return (CompletionStage<Object>) stage;
    }

    void fail(FailureKind kind, String message, Throwable cause) {
        if (failure == null) {
            failure = new Failure(kind, message, cause, stepCount);
        }
    }

    /** Records each step and checks the oracles after it; injects cancellations. */
    private final class Recorder implements LoopListener {
        @Override
        public void probeRegistered(EventLoop l, ProgressProbe probe) {
            probes.add(probe);
        }

        @Override
        public void taskCreated(EventLoop l, Task<?> task) {
            chooser.mix("task " + task.name());
        }

        @Override
        public void beforeStep(EventLoop l, Task<?> task, Object step) {
            if (!recording || failure != null) {
                return;                                 // the rest of the failing iteration is not part of the story
            }
            stepCount++;
            if (detailed) {
                steps.add(new Step(stepCount, clock.nanoTime(), task != null ? task.name() : "-",
                        Traces.stable(step.toString())));
                stepOpen = true;
                if (clock.pendingLateness > 0) {
                    steps.get(steps.size() - 1).events.add("the loop woke " + LateTimerClock.duration(clock.pendingLateness)
                            + " late for the timer due at " + Reports.time(clock.lateDeadline) + " (timer jitter)");
                    clock.pendingLateness = 0;
                }
            }
        }

        @Override
        public void futureCreated(EventLoop l, io.github.loopsync.loop.LoopFuture<?> future) {
            watched.futureCreated(l, future);
            if (detailed && recording && !steps.isEmpty()) {
                primitiveEvents.futureCreated(future);
                Step current = steps.get(steps.size() - 1);
                if (current.suspendedAt.isEmpty() && stepOpen) {
                    current.suspendedAt = Traces.userFrame(run.helpers);
                }
            }
        }

        @Override
        public void afterStep(EventLoop l) {
            if (stepOpen) {
                stepOpen = false;
                Step last = steps.get(steps.size() - 1);
                primitiveEvents.collect(last.events, last.task);
            }
            if (!recording || failure != null) {
                return;
            }
            if (stepCount >= options.maxSteps()) {
                fail(FailureKind.STEP_LIMIT, "no end after " + stepCount + " steps (livelock, or raise maxSteps)", null);
                return;
            }
            for (RaceRun.Invariant invariant : run.invariants) {
                try {
                    if (!invariant.holds.getAsBoolean()) {
                        fail(FailureKind.INVARIANT, "invariant broken: " + invariant.name, null);
                        return;
                    }
                } catch (RuntimeException | AssertionError thrown) {
                    fail(FailureKind.INVARIANT, "invariant '" + invariant.name + "' threw " + thrown, thrown);
                    return;
                }
            }
            for (ProgressProbe probe : probes) {
                if (probe.lostWakeup()) {
                    fail(FailureKind.LOST_WAKEUP, "lost wake-up: " + probe.describe()
                            + " is free for a parked waiter and hands nothing over", null);
                    for (Task<?> task : probe.waitingTasks()) {
                        failure.involved.add(task.name());
                    }
                    for (Task<?> task : probe.holders()) {
                        failure.involved.add(task.name());
                    }
                    if (!failure.involved.isEmpty() && detailed && !steps.isEmpty()) {
                        failure.involved.add(steps.get(steps.size() - 1).task);
                    }
                    return;
                }
            }
            maybeCancel();
            maybeDeliverExternal();
        }

        /**
         * After a step, the oldest held-back external event arrives now (the default), none
         * arrives yet (choice 1), or a younger one arrives first (choice 2 and up): events from
         * independent sources promise no order among themselves.
         */
        private void maybeDeliverExternal() {
            if (run.externals.isEmpty()) {
                return;
            }
            List<String> choices = new ArrayList<>();
            choices.add("arrive " + run.externals.get(0).name);
            choices.add("later");
            for (int i = 1; i < run.externals.size(); i++) {
                choices.add("arrive " + run.externals.get(i).name);
            }
            int chosen = chooser.choose(Chooser.Kind.EXTERNAL, choices);
            if (chosen != 1) {
                postExternal(run.externals.remove(chosen == 0 ? 0 : chosen - 1));
            }
        }

        private void maybeCancel() {
            if (cancellationsInjected >= options.cancellations()) {
                return;
            }
            List<Task<?>> targets = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            labels.add("none");
            for (Task<?> task : loop.tasks()) {
                if (task != main && !task.isDone()) {
                    targets.add(task);
                    labels.add(task.name());
                }
            }
            if (targets.isEmpty()) {
                return;
            }
            int chosen = chooser.choose(Chooser.Kind.CANCEL, labels);
            if (chosen > 0) {
                Task<?> target = targets.get(chosen - 1);
                cancellationsInjected++;
                cancelledByHarness.add(target.name());
                target.cancel("cancelled by the harness");
                if (detailed) {
                    List<String> events = steps.get(steps.size() - 1).events;
                    events.add("the harness cancels " + target.name());
                    primitiveEvents.collect(events, "-");
                }
            }
        }
    }
}
