package io.github.loopsync.loop;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The engine of {@link Loops#map}: at most {@code maxInFlight} tasks at a time, values in input
 * order, the first failure cancels the rest and is reported once they have finished.
 *
 * @param <T> the input type
 * @param <R> the value type
 */
final class BoundedMap<T, R> {

    /** The values or the first failure; a loop stage, as the other helpers' results. */
    final LoopFuture<List<R>> result;
    private final EventLoop loop;
    private final Iterator<? extends T> items;
    private final int maxInFlight;
    private final Function<? super T, ? extends CompletionStage<R>> function;
    /** One slot per item taken so far, filled when its task succeeds. */
    private final List<R> values = new ArrayList<>();
    /** The tasks started and not yet finished, each in a slot of its own; null marks a free slot. */
    private final Task<?>[] slots;
    /** The free slots' indices, a stack of {@code freeCount} entries. */
    private final int[] freeSlots;
    private int freeCount;
    /** The first failure; once set, no task is started and the running ones are cancelled. */
    private Throwable firstFailure;
    /** True while launch() runs, so that a completion arriving inside it does not re-enter it. */
    private boolean launching;

    /*
     * Implementation notes. Tasks start at the loop's next step and deliver their completion through
     * the loop, so a task's callback never runs inside launch(): each completion arrives at the bottom
     * of a loop step and launch() refills the free slots with a plain loop. The `launching` flag
     * only guards against a future implementation that completes tasks inline.
     */

    BoundedMap(EventLoop loop, Iterator<? extends T> items, int maxInFlight,
            Function<? super T, ? extends CompletionStage<R>> function) {
        this.loop = loop;
        this.result = new CompositeFuture<>(loop);
        this.items = items;
        this.maxInFlight = maxInFlight;
        this.function = function;
        this.slots = new Task<?>[maxInFlight];
        this.freeSlots = new int[maxInFlight];
        for (int slot = 0; slot < maxInFlight; slot++) {
            freeSlots[slot] = maxInFlight - 1 - slot;
        }
        this.freeCount = maxInFlight;
    }

    /** Starts tasks until the slots are full or the items run out; finishes when nothing runs. */
    void launch() {
        if (launching) {
            return;
        }
        launching = true;
        try {
            while (firstFailure == null && freeCount > 0 && items.hasNext()) {
                T item = items.next();
                int index = values.size();
                values.add(null);
                int slot = freeSlots[--freeCount];
                Task<R> task = loop.createTask(() -> Objects.requireNonNull(function.apply(item),
                        "the map function returned null instead of a stage"));
                slots[slot] = task;
                task.whenComplete((value, failure) -> finished(slot, index, value, failure));
            }
        } catch (Throwable thrown) {
            fail(thrown);
        } finally {
            launching = false;
        }
        if (freeCount == slots.length) {
            if (firstFailure == null) {
                result.complete(values);
            } else {
                result.completeExceptionally(firstFailure);
            }
        }
    }

    private void finished(int slot, int index, R value, Throwable failure) {
        slots[slot] = null;
        freeSlots[freeCount++] = slot;
        if (failure == null) {
            values.set(index, value);
        } else {
            fail(failure);
        }
        launch();
    }

    private void fail(Throwable failure) {
        if (firstFailure != null) {
            return;
        }
        firstFailure = Tasks.unwrap(failure);
        for (Task<?> task : slots.clone()) {
            if (task != null) {
                task.cancel();
            }
        }
    }
}
