package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The future bridge: {@code EventLoop.submit} from any thread, the returned future cancelled from
 * any thread, and the loop driven by one thread, is linearizable. The observable state is the
 * thread-side future's: a call to {@code cancel} that returns {@code true} means the future is
 * cancelled from then on, and a future completes with the task's value only if no cancellation won
 * first — whether the task was still waiting to start, running, or about to finish.
 *
 * <p>The loop is driven inside the scenario: {@code drive} runs one loop iteration and belongs to
 * one non-parallel group, so a single thread runs it; that thread binds the loop on first use.
 * Lincheck reuses its threads from one invocation to the next, so a thread still bound to an
 * earlier invocation's loop closes that loop first.
 */
@Param(name = "slot", gen = IntGen.class, conf = "0:1")
public class SubmitLincheckTest {

    private final Bridge bridge = new Bridge(EventLoop::submit);

    /** @param slot which of two submissions @return whether this call submitted it */
    @Operation
    public boolean submit(@Param(name = "slot") int slot) {
        return bridge.submit(slot);
    }

    /** @param slot which submission @return what {@code cancel} returned, or false if not submitted */
    @Operation
    public boolean cancel(@Param(name = "slot") int slot) {
        return bridge.cancel(slot);
    }

    /** @param slot which submission @return 0 not submitted or pending, 1 completed with its value, 2 cancelled */
    @Operation
    public int state(@Param(name = "slot") int slot) {
        return bridge.state(slot);
    }

    /** Runs one iteration of the loop, on the loop's thread. */
    @Operation(nonParallelGroup = "loop")
    public void drive() {
        bridge.drive();
    }

    /** Model checking explores thread interleavings systematically. */
    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LincheckBudget.iterations(5)).threads(2).actorsPerThread(3)
                .actorsBefore(1).actorsAfter(1).invocationsPerIteration(50).check(getClass());
    }

    /** Stress mode runs the scenarios on real threads. */
    @Test
    void stress() {
        new StressOptions().iterations(LincheckBudget.iterations(5)).threads(2).actorsPerThread(3)
                .actorsBefore(1).actorsAfter(1).invocationsPerIteration(200).check(getClass());
    }

    /**
     * The broken twin (the library's own submit before this test found it): cancel reports success
     * whenever the task has not finished, but only requests the task's cancellation, so right after
     * a {@code true} the future is not yet cancelled — and if the request reaches the loop after the
     * task's last step, the future completes with a value although its cancel returned true.
     */
    @Test
    void brokenTwinIsRejected() {
        AssertionError rejected = assertThrows(AssertionError.class,
                () -> new ModelCheckingOptions().iterations(30).threads(2).actorsPerThread(3)
                        .actorsBefore(1).actorsAfter(1).invocationsPerIteration(50).check(LateCancel.class));
        ExpectedFailures.show("Lincheck rejects the late-cancel twin, as it should:\n" + rejected.getMessage());
    }

    /** The same operations over a submit whose cancel trusts a task that has not finished yet. */
    @Param(name = "slot", gen = IntGen.class, conf = "0:1")
    public static class LateCancel {
        private final Bridge bridge = new Bridge(LateCancel::submitWithLateCancel);

        /** @param slot which submission @return whether this call submitted it */
        @Operation
        public boolean submit(@Param(name = "slot") int slot) {
            return bridge.submit(slot);
        }

        /** @param slot which submission @return what cancel returned */
        @Operation
        public boolean cancel(@Param(name = "slot") int slot) {
            return bridge.cancel(slot);
        }

        /** @param slot which submission @return the state */
        @Operation
        public int state(@Param(name = "slot") int slot) {
            return bridge.state(slot);
        }

        /** Runs one iteration of the loop. */
        @Operation(nonParallelGroup = "loop")
        public void drive() {
            bridge.drive();
        }

        static <T> CompletableFuture<T> submitWithLateCancel(EventLoop loop, Supplier<? extends CompletionStage<T>> body) {
            TrustingFuture<T> result = new TrustingFuture<>();
            loop.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                Task<T> task = loop.createTask(body);
                result.task = task;
                task.whenComplete((value, failure) -> {
                    if (failure == null) {
                        result.complete(value);
                    } else {
                        result.completeExceptionally(Exceptions.unwrap(failure));
                    }
                });
            });
            return result;
        }

        /** BUG: answers for a cancellation that is only requested, not decided. */
        static final class TrustingFuture<T> extends CompletableFuture<T> {
            volatile Task<T> task;

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                Task<T> running = task;
                if (running != null) {
                    running.cancel();
                    return !running.isDone() || running.isCancelled();
                }
                return super.cancel(mayInterruptIfRunning);
            }
        }
    }

    /** How a bridge submits: the library's {@code EventLoop::submit}, or the broken twin's. */
    interface Submitter {
        <T> CompletableFuture<T> submit(EventLoop loop, Supplier<? extends CompletionStage<T>> body);
    }

    /** Two submission slots over one loop that the "loop" group's thread drives. */
    static final class Bridge {
        private final EventLoop loop = Loops.drivable("lincheck-submit");
        private final Submitter submitter;
        private final CompletableFuture<?>[] submitted = new CompletableFuture<?>[2];

        Bridge(Submitter submitter) {
            this.submitter = submitter;
        }

        synchronized boolean submit(int slot) {
            if (submitted[slot] != null) {
                return false;
            }
            int value = 10 + slot;
            // Two steps, so that a cancel can arrive while the task runs.
            submitted[slot] = submitter.submit(loop, () -> Tasks.yieldNow().thenApply(ignored -> value));
            return true;
        }

        boolean cancel(int slot) {
            CompletableFuture<?> future = futureIn(slot);
            return future != null && future.cancel(false);
        }

        int state(int slot) {
            CompletableFuture<?> future = futureIn(slot);
            if (future == null || !future.isDone()) {
                return 0;
            }
            return future.isCancelled() ? 2 : 1;
        }

        private synchronized CompletableFuture<?> futureIn(int slot) {
            return submitted[slot];
        }

        void drive() {
            Loops.driveOnce(loop);
        }
    }
}
