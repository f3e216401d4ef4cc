package io.github.loopsync.benchmarks.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The floor study's models keep the contract they are measured for: a floor that skipped part of
 * the work would say nothing. Each case runs on both models through a small adapter.
 */
class FloorModelTest {

    /** What the cases need of a model. */
    enum Model {
        FLAT {
            @Override
            Lab lab() {
                FlatModel.Loop loop = new FlatModel.Loop();
                FlatLock lock = new FlatLock(loop);
                return new Lab(lock::acquire, lock::release, lock::parked, loop::run,
                        f -> ((FlatModel.Future) f).cancel(), f -> ((FlatModel.Future) f).isDone(),
                        (f, action) -> ((FlatModel.Future) f).whenComplete(action),
                        (f, action) -> {
                            FlatModel.Task task = new FlatModel.Task();
                            loop.current = task;
                            ((FlatModel.Future) f).whenComplete(action);
                            loop.current = null;
                            return task::cancel;
                        });
            }

            @Override
            int handoff(int tasks, int rounds) {
                return FloorBenchmark.flatHandoff(tasks, rounds);
            }
        },
        LAYERED {
            @Override
            Lab lab() {
                LayeredModel.Loop loop = new LayeredModel.Loop();
                LayeredLock lock = new LayeredLock(loop);
                return new Lab(lock::acquire, lock::release, lock::parked, loop::run,
                        f -> ((LayeredModel.Core) f).cancel(), f -> ((LayeredModel.Core) f).isDone(),
                        (f, action) -> ((LayeredModel.Core) f).whenComplete(action),
                        (f, action) -> {
                            LayeredModel.Task task = new LayeredModel.Task();
                            loop.current = task;
                            ((LayeredModel.Core) f).whenComplete(action);
                            loop.current = null;
                            return task::cancel;
                        });
            }

            @Override
            int handoff(int tasks, int rounds) {
                return FloorBenchmark.layeredHandoff(tasks, rounds);
            }
        };

        /** A new loop with one lock on it. */
        abstract Lab lab();

        /** The benchmark's workload. */
        abstract int handoff(int tasks, int rounds);
    }

    /** One loop and its lock, seen through untyped handles. */
    static final class Lab {
        private final Supplier<Object> acquire;
        private final Runnable release;
        private final IntSupplier parked;
        private final Runnable run;
        private final Predicate<Object> cancel;
        private final Predicate<Object> isDone;
        private final BiFunction<Object, BiConsumer<Object, Throwable>, Object> whenComplete;
        private final BiFunction<Object, BiConsumer<Object, Throwable>, Runnable> inTask;

        Lab(Supplier<Object> acquire, Runnable release, IntSupplier parked, Runnable run, Predicate<Object> cancel,
                Predicate<Object> isDone, BiFunction<Object, BiConsumer<Object, Throwable>, Object> whenComplete,
                BiFunction<Object, BiConsumer<Object, Throwable>, Runnable> inTask) {
            this.acquire = acquire;
            this.release = release;
            this.parked = parked;
            this.run = run;
            this.cancel = cancel;
            this.isDone = isDone;
            this.whenComplete = whenComplete;
            this.inTask = inTask;
        }

        Object acquire() {
            return acquire.get();
        }

        void release() {
            release.run();
        }

        int parked() {
            return parked.getAsInt();
        }

        boolean cancel(Object future) {
            return cancel.test(future);
        }

        boolean isDone(Object future) {
            return isDone.test(future);
        }

        Object whenComplete(Object future, BiConsumer<Object, Throwable> action) {
            return whenComplete.apply(future, action);
        }

        /** Chains {@code action} on {@code future} from inside a new task; returns the task's cancel. */
        Runnable inTask(Object future, BiConsumer<Object, Throwable> action) {
            return inTask.apply(future, action);
        }

        void run() {
            run.run();
        }

        /** Records what the chained stage received. */
        List<Object> watch(Object future) {
            List<Object> seen = new ArrayList<>();
            whenComplete(future, (value, failure) -> seen.add(failure != null ? failure : "granted"));
            return seen;
        }
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void everyTurnIsTaken(Model model) {
        assertEquals(5_000, model.handoff(100, 50));
        assertEquals(2_000, model.handoff(1, 2_000));
        assertEquals(10_000, model.handoff(1_000, 10));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aWaiterResumesThroughTheLoopNeverInsideRelease(Model model) {
        Lab lab = model.lab();
        lab.acquire();
        Object waiter = lab.acquire();
        List<Object> seen = lab.watch(waiter);
        lab.release();
        assertTrue(seen.isEmpty(), "release() ran the waiter's stage");
        assertFalse(lab.isDone(waiter), "a grant is decided at delivery, not in release()");
        lab.run();
        assertEquals(List.of("granted"), seen);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aGrantCancelledBeforeDeliveryGoesToTheNextWaiter(Model model) {
        Lab lab = model.lab();
        lab.acquire();
        Object first = lab.acquire();
        Object second = lab.acquire();
        List<Object> firstSaw = lab.watch(first);
        List<Object> secondSaw = lab.watch(second);
        lab.release();                                  // granted to first, not yet delivered
        assertTrue(lab.cancel(first), "the cancellation beats the delivery");
        lab.run();
        assertEquals(1, firstSaw.size());
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        assertEquals(List.of("granted"), secondSaw, "the returned grant went to the next waiter");
        lab.release();                                  // second holds it: releasing is legal once
        assertThrows(IllegalStateException.class, lab::release);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aWaiterCancelledWhileParkedLeavesTheQueueAtOnce(Model model) {
        Lab lab = model.lab();
        lab.acquire();
        Object first = lab.acquire();
        Object second = lab.acquire();
        List<Object> firstSaw = lab.watch(first);
        assertTrue(lab.cancel(first));
        assertEquals(1, lab.parked(), "unlinked by the cancellation itself");
        lab.run();
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        lab.release();
        List<Object> secondSaw = lab.watch(second);
        lab.run();
        assertEquals(List.of("granted"), secondSaw);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aCancellationFromAnotherThreadBeforeTheLoopSawItIsSkipped(Model model) throws InterruptedException {
        Lab lab = model.lab();
        lab.acquire();
        Object first = lab.acquire();
        Object second = lab.acquire();
        List<Object> firstSaw = lab.watch(first);
        List<Object> secondSaw = lab.watch(second);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread other = new Thread(() -> cancelled.set(lab.cancel(first)));
        other.start();
        other.join();
        assertTrue(cancelled.get());
        lab.release();                                  // skips first, still linked, and grants second
        assertEquals(0, lab.parked(), "the cancelled waiter is passed over and the next one granted at once");
        lab.run();
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        assertEquals(1, firstSaw.size(), "the cancellation is delivered once");
        assertEquals(List.of("granted"), secondSaw);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void cancellingATaskReachesTheWaitItChainedOn(Model model) {
        Lab lab = model.lab();
        lab.acquire();
        Object waiter = lab.acquire();
        List<Object> seen = new ArrayList<>();
        Runnable cancelTask = lab.inTask(waiter, (value, failure) -> seen.add(failure));
        cancelTask.run();
        assertTrue(lab.isDone(waiter));
        assertEquals(0, lab.parked());
        lab.run();
        assertInstanceOf(CancellationException.class, seen.get(0));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aLongChainRunsInBoundedStack(Model model) {
        Lab lab = model.lab();
        lab.acquire();
        Object waiter = lab.acquire();
        int[] ran = new int[1];
        Object last = waiter;
        for (int i = 0; i < 1_000_000; i++) {
            last = lab.whenComplete(last, (value, failure) -> ran[0]++);
        }
        lab.release();
        lab.run();                                      // without the depth bound: StackOverflowError
        assertEquals(1_000_000, ran[0]);
        assertTrue(lab.isDone(last));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void useOffTheLoopThreadFailsAtOnce(Model model) throws InterruptedException {
        Lab lab = model.lab();
        assertInstanceOf(IllegalStateException.class, OtherThread.thrownBy(lab::acquire), "acquire() off the loop's thread");
    }
}
