package io.github.loopsync.benchmarks.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The floor study's queues keep the contract their floor is measured for: items in order, every
 * waiter resumed through the loop, and a hand-off revoked by a cancellation passed on, never lost
 * and never given to the cancelled waiter. Each case runs on both models through a small adapter.
 */
class FloorQueueTest {

    /** The two models, each making a new loop with one queue on it. */
    enum Model {
        FLAT {
            @Override
            Lab lab(int maxSize) {
                FlatModel.Loop loop = new FlatModel.Loop();
                FlatQueue queue = new FlatQueue(loop, maxSize);
                return new Lab(queue::put, queue::get, loop::run, queue::size, queue::parkedGetters, queue::parkedPutters,
                        f -> ((FlatModel.Future) f).cancel(), f -> ((FlatModel.Future) f).isDone(),
                        f -> ((FlatModel.Future) f).isCancelled(), f -> ((FlatModel.Future) f).value(),
                        (f, action) -> {
                            FlatModel.Task task = new FlatModel.Task();
                            loop.current = task;
                            ((FlatModel.Future) f).whenComplete(action);
                            loop.current = null;
                            return task::cancel;
                        });
            }

            @Override
            long pingPong(Integer[] items, int maxSize) {
                return FloorQueueBenchmark.flatPingPong(items, maxSize);
            }
        },
        LAYERED {
            @Override
            Lab lab(int maxSize) {
                LayeredModel.Loop loop = new LayeredModel.Loop();
                LayeredQueue queue = new LayeredQueue(loop, maxSize);
                return new Lab(queue::put, queue::get, loop::run, queue::size, queue::parkedGetters, queue::parkedPutters,
                        f -> ((LayeredModel.Core) f).cancel(), f -> ((LayeredModel.Core) f).isDone(),
                        f -> ((LayeredModel.Core) f).isCancelled(), f -> ((LayeredModel.Core) f).value(),
                        (f, action) -> {
                            LayeredModel.Task task = new LayeredModel.Task();
                            loop.current = task;
                            ((LayeredModel.Core) f).whenComplete(action);
                            loop.current = null;
                            return task::cancel;
                        });
            }

            @Override
            long pingPong(Integer[] items, int maxSize) {
                return FloorQueueBenchmark.layeredPingPong(items, maxSize);
            }
        };

        /** A new loop with a queue of {@code maxSize} on it. */
        abstract Lab lab(int maxSize);

        /** The benchmark's workload. */
        abstract long pingPong(Integer[] items, int maxSize);
    }

    /** One loop and its queue, seen through untyped handles. */
    static final class Lab {
        private final Function<Object, Object> put;
        private final Supplier<Object> get;
        private final Runnable run;
        private final IntSupplier size;
        private final IntSupplier parkedGetters;
        private final IntSupplier parkedPutters;
        private final Predicate<Object> cancel;
        private final Predicate<Object> isDone;
        private final Predicate<Object> isCancelled;
        private final Function<Object, Object> value;
        private final BiFunction<Object, BiConsumer<Object, Throwable>, Runnable> inTask;

        Lab(Function<Object, Object> put, Supplier<Object> get, Runnable run, IntSupplier size, IntSupplier parkedGetters,
                IntSupplier parkedPutters, Predicate<Object> cancel, Predicate<Object> isDone, Predicate<Object> isCancelled,
                Function<Object, Object> value, BiFunction<Object, BiConsumer<Object, Throwable>, Runnable> inTask) {
            this.put = put;
            this.get = get;
            this.run = run;
            this.size = size;
            this.parkedGetters = parkedGetters;
            this.parkedPutters = parkedPutters;
            this.cancel = cancel;
            this.isDone = isDone;
            this.isCancelled = isCancelled;
            this.value = value;
            this.inTask = inTask;
        }

        Object put(Object item) {
            return put.apply(item);
        }

        Object get() {
            return get.get();
        }

        void run() {
            run.run();
        }

        int size() {
            return size.getAsInt();
        }

        int parkedGetters() {
            return parkedGetters.getAsInt();
        }

        int parkedPutters() {
            return parkedPutters.getAsInt();
        }

        boolean cancel(Object future) {
            return cancel.test(future);
        }

        boolean isDone(Object future) {
            return isDone.test(future);
        }

        boolean isCancelled(Object future) {
            return isCancelled.test(future);
        }

        Object value(Object future) {
            return value.apply(future);
        }

        /** Chains {@code action} on {@code future} from inside a new task; returns the task's cancel. */
        Runnable inTask(Object future, BiConsumer<Object, Throwable> action) {
            return inTask.apply(future, action);
        }

        /** Records what a stage chained on {@code future} (in a task of its own) received. */
        List<Object> watch(Object future) {
            List<Object> seen = new ArrayList<>();
            inTask(future, (item, failure) -> seen.add(failure != null ? failure : item));
            return seen;
        }
    }

    private static Integer[] items(int count) {
        Integer[] items = new Integer[count];
        for (int i = 0; i < count; i++) {
            items[i] = i;
        }
        return items;
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void thePingPongMovesEveryItem(Model model) {
        long expected = 999L * 1_000 / 2;
        assertEquals(expected, model.pingPong(items(1_000), 1));
        assertEquals(expected, model.pingPong(items(1_000), 3));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void itemsComeOutInTheOrderTheyWentIn(Model model) {
        Lab lab = model.lab(2);
        Object first = lab.get();
        List<Object> firstSaw = lab.watch(first);
        for (int i = 1; i <= 5; i++) {
            lab.put(i);                               // 1 in transit to the getter, 2 stored, 3 to 5 park
        }
        assertEquals(3, lab.parkedPutters(), "an item in transit occupies a slot");
        lab.run();
        assertEquals(List.of(1), firstSaw);
        List<Object> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Object got = lab.get();
            lab.run();
            taken.add(lab.value(got));
        }
        assertEquals(List.of(2, 3, 4, 5), taken);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aGetterResumesThroughTheLoopNeverInsidePut(Model model) {
        Lab lab = model.lab(1);
        Object getter = lab.get();
        List<Object> seen = lab.watch(getter);
        lab.put(7);
        assertTrue(seen.isEmpty(), "put() ran the getter's stage");
        assertFalse(lab.isDone(getter), "the hand-off is decided at delivery, not in put()");
        lab.run();
        assertEquals(List.of(7), seen);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aPutterResumesThroughTheLoopNeverInsideGet(Model model) {
        Lab lab = model.lab(1);
        lab.put(1);
        Object putter = lab.put(2);
        List<Object> seen = lab.watch(putter);
        assertEquals(1, lab.value(lab.get()));
        assertTrue(seen.isEmpty(), "get() ran the putter's stage");
        assertEquals(0, lab.size(), "the putter's item enters when the putter resumes");
        lab.run();
        assertEquals(1, seen.size());
        assertEquals(1, lab.size());
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aGetterInTransitOccupiesTheSlot(Model model) {
        Lab lab = model.lab(1);
        lab.get();
        lab.put(1);                                   // in transit to the getter
        assertFalse(lab.isDone(lab.put(2)), "a queue of one with an item in transit is full");
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void anItemHandedToACancelledGetterGoesToTheNextGetter(Model model) {
        Lab lab = model.lab(1);
        Object first = lab.get();
        Object second = lab.get();
        List<Object> firstSaw = lab.watch(first);
        List<Object> secondSaw = lab.watch(second);
        lab.put(7);                                   // handed to first, not yet delivered
        assertTrue(lab.cancel(first), "the cancellation beats the delivery");
        lab.run();
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        assertEquals(List.of(7), secondSaw, "the item went on to the next getter");
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void anItemHandedToACancelledGetterGoesBackToTheFrontOfTheQueue(Model model) {
        Lab lab = model.lab(3);
        Object getter = lab.get();
        lab.put(1);                                   // handed to the getter
        lab.put(2);
        lab.put(3);
        assertTrue(lab.cancel(getter));
        lab.run();
        assertEquals(3, lab.size(), "the item is back");
        assertEquals(1, lab.value(lab.get()), "in front of the items put after it");
        assertEquals(2, lab.value(lab.get()));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aSlotHandedToACancelledPutterGoesToTheNextPutter(Model model) {
        Lab lab = model.lab(1);
        lab.put(1);
        Object first = lab.put(2);
        Object second = lab.put(3);
        List<Object> firstSaw = lab.watch(first);
        List<Object> secondSaw = lab.watch(second);
        assertEquals(1, lab.value(lab.get()));          // the slot goes to first, not yet delivered
        assertTrue(lab.cancel(first));
        lab.run();
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        assertEquals(1, secondSaw.size(), "the slot went on to the next putter");
        assertEquals(3, lab.value(lab.get()), "the cancelled put's item never entered");
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void parkedWaitersCancelledOnTheLoopLeaveAtOnce(Model model) {
        Lab lab = model.lab(1);
        Object getter = lab.get();
        assertTrue(lab.cancel(getter));
        assertEquals(0, lab.parkedGetters());
        lab.put(1);
        Object putter = lab.put(2);
        assertTrue(lab.cancel(putter));
        assertEquals(0, lab.parkedPutters());
        lab.run();
        assertTrue(lab.isCancelled(getter));
        assertTrue(lab.isCancelled(putter));
        assertEquals(1, lab.size(), "the put after the cancelled getter stored its item");
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aGetterCancelledFromAnotherThreadBeforeTheLoopSawItIsSkipped(Model model) throws InterruptedException {
        Lab lab = model.lab(1);
        Object first = lab.get();
        Object second = lab.get();
        List<Object> firstSaw = lab.watch(first);
        List<Object> secondSaw = lab.watch(second);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread other = new Thread(() -> cancelled.set(lab.cancel(first)));
        other.start();
        other.join();
        assertTrue(cancelled.get());
        lab.put(7);                                   // passes over first, still linked
        assertEquals(0, lab.parkedGetters());
        lab.run();
        assertEquals(1, firstSaw.size(), "the cancellation is delivered once");
        assertInstanceOf(CancellationException.class, firstSaw.get(0));
        assertEquals(List.of(7), secondSaw);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void cancellingATaskReachesTheGetItChainedOn(Model model) {
        Lab lab = model.lab(1);
        Object getter = lab.get();
        List<Object> seen = new ArrayList<>();
        Runnable cancelTask = lab.inTask(getter, (item, failure) -> seen.add(failure));
        cancelTask.run();
        assertTrue(lab.isCancelled(getter));
        assertEquals(0, lab.parkedGetters());
        lab.run();
        assertInstanceOf(CancellationException.class, seen.get(0));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void useOffTheLoopThreadFailsAtOnce(Model model) throws InterruptedException {
        Lab lab = model.lab(1);
        assertInstanceOf(IllegalStateException.class, OtherThread.thrownBy(() -> lab.put(1)), "put() off the loop's thread");
        assertInstanceOf(IllegalStateException.class, OtherThread.thrownBy(lab::get), "get() off the loop's thread");
    }
}
