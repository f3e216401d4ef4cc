package io.github.loopsync.benchmarks.floor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * The floor study's layered model: the same contract and the same work per hand-off as {@link
 * FlatModel}, arranged as loopsync arranges it so that many primitives and stage shapes can share
 * it: a future base class whose delivery calls hooks that each kind of waiter overrides, a waiter
 * class that is its own wait-queue node, a wait queue of its own, dependents behind an interface,
 * stages as subclasses. Nothing is added to the work; only the arrangement differs. Its waiters
 * and wait queue are in {@link LayeredWaiting}; its primitives are {@link LayeredLock} and {@link
 * LayeredQueue}. Measured by {@link FloorBenchmark} and {@link FloorQueueBenchmark}, tested by
 * {@code FloorModelTest} and {@code FloorQueueTest}; not part of any library.
 */
final class LayeredModel {

    private LayeredModel() {
    }

    static final int MAX_DEPTH = 32;
    private static final CancellationException CANCELLED = new CancellationException("cancelled");
    static final Object NO_GRANT = new Object();

    /** The stored outcome of a future that failed with something other than the cancellation. */
    static final class Failed {
        final Throwable cause;

        Failed(Throwable cause) {
            this.cause = cause;
        }
    }

    /** Receives a future's outcome. */
    interface Dependent {
        void fire(Object value, Throwable failure);
    }

    /** A loop driven by the thread that built it. */
    static final class Loop {
        private final ArrayDeque<Object> ready = new ArrayDeque<>();
        private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
        private final Thread thread = Thread.currentThread();
        Task current;
        private int depth;

        boolean inLoopThread() {
            return Thread.currentThread() == thread;
        }

        /** {@code bound}, if the caller is on its thread; else refuses a {@code primitive}'s use. */
        static Loop checked(Loop bound, String primitive) {
            if (bound != null && bound.inLoopThread()) {
                return bound;
            }
            throw new IllegalStateException(primitive + " used off its loop's thread");
        }

        void schedule(Object entry) {
            ready.add(entry);
        }

        void post(Runnable action) {
            inbox.add(action);
        }

        /** Runs a dependent now, or through the ready queue once {@link #MAX_DEPTH} are nested. */
        void runDependent(Dependent dependent, Object value, Throwable failure) {
            if (depth >= MAX_DEPTH) {
                schedule((Runnable) () -> dependent.fire(value, failure));
                return;
            }
            depth++;
            try {
                dependent.fire(value, failure);
            } finally {
                depth--;
            }
        }

        void run() {
            for (;;) {
                Runnable posted;
                while ((posted = inbox.poll()) != null) {
                    ready.add(posted);
                }
                int count = ready.size();
                if (count == 0) {
                    return;
                }
                for (int i = 0; i < count; i++) {
                    step(ready.poll());
                }
            }
        }

        private void step(Object entry) {
            try {
                if (entry instanceof Core) {
                    Core core = (Core) entry;
                    current = core.owner();
                    core.deliver();
                } else {
                    ((Runnable) entry).run();
                }
            } finally {
                current = null;
            }
        }
    }

    /** What a task owns: the waits it chained on that are still pending, newest in a field. */
    static final class Task {
        private Core awaiting;
        private Core[] older = new Core[0];
        private int olderCount;

        void cancel() {
            for (int i = 0; i < olderCount; i++) {
                older[i].cancel();
            }
            if (awaiting != null) {
                awaiting.cancel();
            }
        }

        void adopt(Core wait) {
            Core previous = awaiting;
            if (previous != null && !previous.isDone()) {
                if (olderCount == older.length) {
                    older = java.util.Arrays.copyOf(older, Math.max(4, olderCount * 2));
                }
                older[olderCount++] = previous;
            }
            wait.link = this;
            awaiting = wait;
        }

        void disown(Core wait) {
            if (wait.link != this) {
                return;
            }
            wait.link = null;
            if (awaiting == wait) {
                awaiting = null;
                return;
            }
            for (int i = 0; i < olderCount; i++) {
                if (older[i] == wait) {
                    older[i] = older[--olderCount];
                    older[olderCount] = null;
                    return;
                }
            }
        }
    }

    /** A future: one decided state, dependents, and the hooks its kinds override. */
    abstract static class Core {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Core.class, "state", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Loop loop;
        /** The owning task; for a stage, its source. */
        Object link;
        private volatile Object state;
        private Object dependents;
        private boolean finished;

        Core(Loop loop) {
            this.loop = loop;
        }

        final boolean isDone() {
            return state != null;
        }

        final boolean isCancelled() {
            return state == CANCELLED;
        }

        /** A delivered future's value: null if it failed or is not done. */
        final Object value() {
            Object outcome = state;
            return outcome == null || failureOf(outcome) != null ? null : unmask(outcome);
        }

        /** The failure a delivered state stands for, or null for a value. */
        final Throwable failureOf(Object outcome) {
            return outcome == CANCELLED ? CANCELLED : outcome instanceof Failed ? ((Failed) outcome).cause : null;
        }

        final boolean casState(Object expected, Object next) {
            return STATE.compareAndSet(this, expected, next);
        }

        final Object mask(Object value) {
            return value == null ? this : value;
        }

        final Object unmask(Object stored) {
            return stored == this ? null : stored;
        }

        Task owner() {
            return (Task) link;
        }

        /** A grant held for delivery, or {@link #NO_GRANT}. */
        Object heldGrant() {
            return NO_GRANT;
        }

        void onDelivery() {
        }

        /** Loop thread: {@code grant}, made to this future, came back (cancelled before delivery). */
        void onGrantReturned(Object grant) {
        }

        /** Loop thread: a cancellation won before any grant. */
        void onWithdrawn() {
            loop.schedule(this);
        }

        /** The running task now waits for this future. */
        void chainedWhilePending() {
            Task task = loop.current;
            Task owner = owner();
            if (task != null && owner != task) {
                if (owner != null) {
                    owner.disown(this);
                }
                task.adopt(this);
            }
        }

        final boolean cancel() {
            if (!casState(null, CANCELLED)) {
                return false;
            }
            if (loop.inLoopThread()) {
                withdraw();
            } else {
                loop.post(this::withdraw);
            }
            return true;
        }

        private void withdraw() {
            if (!finished && heldGrant() == NO_GRANT) {
                onWithdrawn();
            }
        }

        final void deliver() {
            Task owned = owner();
            if (owned != null) {
                owned.disown(this);
            }
            Object grant = heldGrant();
            if (grant != NO_GRANT) {
                clearHeld();
                if (casState(null, mask(grant))) {
                    onDelivery();
                    finish(grant, null);
                    return;
                }
                onGrantReturned(grant);
            }
            finish(null, CANCELLED);
        }

        void clearHeld() {
        }

        final void completeInline(Object value, Throwable failure) {
            if (casState(null, failure == null ? mask(value) : failure == CANCELLED ? CANCELLED : new Failed(failure))) {
                finish(value, failure);
            }
        }

        final void finish(Object value, Throwable failure) {
            finished = true;
            Object registered = dependents;
            if (registered == null) {
                return;
            }
            dependents = null;
            if (registered instanceof Dependent) {
                loop.runDependent((Dependent) registered, value, failure);
            } else {
                for (Object one : (Object[]) registered) {
                    if (one != null) {
                        loop.runDependent((Dependent) one, value, failure);
                    }
                }
            }
        }

        final void subscribe(Dependent dependent) {
            if (finished) {
                Throwable failure = failureOf(state);
                Object value = failure == null ? unmask(state) : null;
                loop.schedule((Runnable) () -> dependent.fire(value, failure));
                return;
            }
            chainedWhilePending();
            Object existing = dependents;
            if (existing == null) {
                dependents = dependent;
            } else if (existing instanceof Dependent) {
                dependents = new Object[] {existing, dependent, null, null};
            } else {
                Object[] list = (Object[]) existing;
                int at = 0;
                while (at < list.length && list[at] != null) {
                    at++;
                }
                if (at == list.length) {
                    list = java.util.Arrays.copyOf(list, at * 2);
                    dependents = list;
                }
                list[at] = dependent;
            }
        }

        final Core whenComplete(BiConsumer<Object, Throwable> action) {
            WhenComplete stage = new WhenComplete(loop, action);
            stage.link = this;
            subscribe(stage);
            return stage;
        }
    }

    /** A dependent stage: a future computed from another's outcome. */
    abstract static class Stage extends Core implements Dependent {
        Stage(Loop loop) {
            super(loop);
        }

        @Override
        final Task owner() {
            return null;
        }

        @Override
        final void chainedWhilePending() {
        }

        abstract void run(Object value, Throwable failure);

        @Override
        public final void fire(Object value, Throwable failure) {
            if (!isDone()) {
                run(value, failure);
            }
        }
    }

    /** {@code whenComplete}: runs the action, then takes the source's outcome. */
    static final class WhenComplete extends Stage {
        private final BiConsumer<Object, Throwable> action;

        WhenComplete(Loop loop, BiConsumer<Object, Throwable> action) {
            super(loop);
            this.action = action;
        }

        @Override
        void run(Object value, Throwable failure) {
            Throwable outcome = failure;
            try {
                action.accept(value, failure);
            } catch (Throwable thrown) {
                outcome = failure != null ? failure : thrown;
            }
            completeInline(outcome == null ? value : null, outcome);
        }
    }
}
