package io.github.loopsync.benchmarks.floor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * The floor study's flat model: the least code that still keeps loopsync's contract on the paths of
 * a lock hand-off and a bounded queue's hand-offs, written as one future class that knows each
 * primitive's hand-off, with no overridable hooks. It exists to be measured ({@link FloorBenchmark},
 * {@link FloorQueueBenchmark}) and is tested for the contract it claims ({@code FloorModelTest},
 * {@code FloorQueueTest}); it is not part of any library. Its primitives are {@link FlatLock} and
 * {@link FlatQueue}.
 *
 * <p>What it keeps, as loopsync does: a waiter resumes through the loop, never inside {@code
 * release()}; its grant is held in the waiter and decided by one compare-and-set at delivery, which
 * a cancellation from any thread may win, and a grant that loses comes back and goes to the next
 * waiter; a parked waiter cancelled on the loop leaves the queue in O(1), one cancelled from another
 * thread is skipped and withdrawn when the loop sees it; dependents run inline up to a depth, then
 * through the loop; the running task owns the wait it chains on, so that cancelling the task reaches
 * it; {@code acquire} and {@code release} check the loop thread. What it leaves out: every other
 * stage shape and primitive, timeouts, debug mode, listeners, ready policies, closing.
 */
final class FlatModel {

    private FlatModel() {
    }

    /** Dependents run nested up to this depth, then through the ready queue. */
    static final int MAX_DEPTH = 32;
    private static final CancellationException CANCELLED = new CancellationException("cancelled");

    /** The stored outcome of a future that failed with something other than the cancellation. */
    private static final class Failed {
        final Throwable cause;

        Failed(Throwable cause) {
            this.cause = cause;
        }
    }

    /** A loop driven by the thread that built it. */
    static final class Loop {
        private final ArrayDeque<Object> ready = new ArrayDeque<>();
        private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
        private final Thread thread = Thread.currentThread();
        /** The task the running step belongs to, or null. */
        Task current;
        private int depth;

        boolean inLoopThread() {
            return Thread.currentThread() == thread;
        }

        /** Throws unless called on the loop's thread. */
        void checkThread() {
            if (!inLoopThread()) {
                throw new IllegalStateException("primitive used off its loop's thread");
            }
        }

        /** Loop thread: a Runnable, or a future due for delivery, at the next step. */
        void schedule(Object entry) {
            ready.add(entry);
        }

        /** Any thread: runs {@code action} on the loop. */
        void post(Runnable action) {
            inbox.add(action);
        }

        /** Runs iterations until nothing is ready or posted. */
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
                if (entry instanceof Future) {
                    Future future = (Future) entry;
                    current = future.owner;
                    future.deliver();
                } else {
                    ((Runnable) entry).run();
                }
            } finally {
                current = null;
            }
        }
    }

    /** What a task owns: the waits it chained on that are still pending. */
    static final class Task {
        private Future awaiting;
        private Future[] older = new Future[0];
        private int olderCount;

        /** Cancels every wait this task owns. */
        void cancel() {
            for (int i = 0; i < olderCount; i++) {
                older[i].cancel();
            }
            if (awaiting != null) {
                awaiting.cancel();
            }
        }

        private void adopt(Future wait) {
            Future previous = awaiting;
            if (previous != null && previous.state == null) {
                if (olderCount == older.length) {
                    older = Arrays.copyOf(older, Math.max(4, olderCount * 2));
                }
                older[olderCount++] = previous;
            }
            wait.owner = this;
            awaiting = wait;
        }

        private void disown(Future wait) {
            wait.owner = null;
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

    /**
     * A primitive's waiter or a dependent stage. State: null while pending, then the value (masked: a
     * null value is stored as the future itself), {@link #CANCELLED} or a {@link Failed}; written by
     * compare-and-set.
     */
    static final class Future {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Future.class, "state", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Kinds of waiter: what {@link #primitive} is and which of its hand-offs this waiter takes part in. */
        static final byte LOCK = 1;
        static final byte GET = 2;
        static final byte PUT = 3;

        final Loop loop;
        volatile Object state;
        /** 0 for a stage, else one of the waiter kinds. */
        final byte kind;
        /** A waiter's {@link FlatLock} or {@link FlatQueue}, or null for a stage. */
        private final Object primitive;
        /** A putter's item. */
        final Object carried;
        /** A waiter's queue links; {@code parked} while linked. */
        Future previous;
        Future next;
        boolean parked;
        /** A granted waiter's grant until delivery (masked), else null. Loop-confined. */
        private Object held;
        /** Whether the outcome was handed to the dependents. Loop-confined. */
        boolean finished;
        /** A stage's action. */
        private final BiConsumer<Object, Throwable> action;
        /** Null, one stage, or a Future[] of them. Loop-confined. */
        private Object dependents;
        private int dependentCount;
        Task owner;

        private Future(Loop loop, byte kind, Object primitive, Object carried, BiConsumer<Object, Throwable> action) {
            this.loop = loop;
            this.kind = kind;
            this.primitive = primitive;
            this.carried = carried;
            this.action = action;
        }

        /** A parked waiter of {@code primitive}; {@code carried} is a putter's item. */
        static Future waiter(Loop loop, byte kind, Object primitive, Object carried) {
            return new Future(loop, kind, primitive, carried, null);
        }

        /** A future already delivered with {@code value}. */
        static Future completed(Loop loop, Object value) {
            Future done = new Future(loop, (byte) 0, null, null, null);
            done.state = done.mask(value);
            done.finished = true;
            return done;
        }

        boolean isDone() {
            return state != null;
        }

        boolean isCancelled() {
            return state == CANCELLED;
        }

        /** A delivered future's value: null if it failed or is not done. */
        Object value() {
            Object outcome = state;
            return outcome == null || failureOf(outcome) != null ? null : unmask(outcome);
        }

        private static Throwable failureOf(Object outcome) {
            return outcome == CANCELLED ? CANCELLED : outcome instanceof Failed ? ((Failed) outcome).cause : null;
        }

        /** Loop thread: a stage that runs {@code action} on this future's outcome. */
        Future whenComplete(BiConsumer<Object, Throwable> stageAction) {
            Future stage = new Future(loop, (byte) 0, null, null, stageAction);
            if (finished) {
                Throwable failure = failureOf(state);
                Object value = failure == null ? unmask(state) : null;
                loop.schedule((Runnable) () -> runStage(stage, value, failure));
                return stage;
            }
            Task task = loop.current;
            if (primitive != null && task != null && owner != task) {
                if (owner != null) {
                    owner.disown(this);
                }
                task.adopt(this);
            }
            Object existing = dependents;
            if (existing == null) {
                dependents = stage;
            } else if (existing instanceof Future) {
                dependents = new Future[] {(Future) existing, stage, null, null};
                dependentCount = 2;
            } else {
                Future[] list = (Future[]) existing;
                if (dependentCount == list.length) {
                    dependents = list = Arrays.copyOf(list, dependentCount * 2);
                }
                list[dependentCount++] = stage;
            }
            return stage;
        }

        /** Any thread: cancels the wait unless it is already decided. */
        boolean cancel() {
            if (!STATE.compareAndSet(this, null, CANCELLED)) {
                return false;
            }
            if (loop.inLoopThread()) {
                withdrawn();
            } else {
                loop.post(this::withdrawn);
            }
            return true;
        }

        /** Loop thread, after a cancellation won: leave the queue and deliver the cancellation. */
        private void withdrawn() {
            if (finished || held != null) {
                return;                                 // a granted waiter's delivery hands the grant back
            }
            if (parked) {
                if (kind == LOCK) {
                    ((FlatLock) primitive).unlink(this);
                } else {
                    ((FlatQueue) primitive).unlink(this);
                }
            }
            loop.schedule(this);
        }

        /** Loop thread: the grant, held until the loop delivers it. */
        void grant(Object value) {
            held = mask(value);
            loop.schedule(this);
        }

        /** The loop's step for this future: decides a held grant, or delivers a cancellation. */
        void deliver() {
            if (owner != null) {
                owner.disown(this);
            }
            Object grant = held;
            if (grant != null) {
                held = null;
                if (STATE.compareAndSet(this, null, grant)) {
                    if (kind == LOCK) {
                        ((FlatLock) primitive).delivered(this);
                    } else {
                        ((FlatQueue) primitive).delivered(this);
                    }
                    finish(unmask(grant), null);
                    return;
                }
                if (kind == LOCK) {
                    ((FlatLock) primitive).grantReturned(this);
                } else {
                    ((FlatQueue) primitive).grantReturned(this, unmask(grant));
                }
            }
            finish(null, CANCELLED);
        }

        private void finish(Object value, Throwable failure) {
            finished = true;
            Object registered = dependents;
            if (registered == null) {
                return;
            }
            dependents = null;
            if (registered instanceof Future) {
                runStage((Future) registered, value, failure);
            } else {
                Future[] list = (Future[]) registered;
                for (int i = 0; i < dependentCount; i++) {
                    runStage(list[i], value, failure);
                }
            }
        }

        private void runStage(Future stage, Object value, Throwable failure) {
            Loop l = loop;
            if (l.depth >= MAX_DEPTH) {
                l.schedule((Runnable) () -> runStage(stage, value, failure));
                return;
            }
            l.depth++;                                  // counts the stage's own dependents too
            try {
                Throwable outcome = failure;
                try {
                    stage.action.accept(value, failure);
                } catch (Throwable thrown) {
                    outcome = failure != null ? failure : thrown;
                }
                Object stored = outcome == null ? stage.mask(value)
                        : outcome == CANCELLED ? CANCELLED : new Failed(outcome);
                if (STATE.compareAndSet(stage, null, stored)) {
                    stage.finish(outcome == null ? value : null, outcome);
                }
            } finally {
                l.depth--;
            }
        }

        private Object mask(Object value) {
            return value == null ? this : value;
        }

        private Object unmask(Object stored) {
            return stored == this ? null : stored;
        }
    }
}
