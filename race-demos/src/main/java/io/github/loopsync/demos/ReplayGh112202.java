package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncCondition;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Demo 18: replays CPython gh-112202 ("notify() lost when racing with Task.cancel()", fixed by PR
 * #112201 in 3.13). {@code Condition.wait()} re-acquires the lock even when it is cancelled, and
 * then re-raises the cancellation. A waiter that {@code notify()} had chosen, and that was
 * cancelled before it ran or while it re-acquired the lock, left with the cancellation and took the
 * notification with it: another waiter, for which the state was ready, slept on. CPython's fix: any
 * exception out of {@code wait()} notifies one more waiter, accepting spurious wake-ups. The racy
 * variant runs the condition logic of asyncio 3.7 to 3.12, re-expressed in Java on loopsync futures
 * over a loopsync lock; the fixed variant runs the same consumers on loopsync's {@link
 * AsyncCondition}, where a signalled waiter that is cancelled passes its signal on.
 */
public final class ReplayGh112202 implements ReplayDemo {

    @Override
    public String id() {
        return "replay-gh-112202";
    }

    @Override
    public String title() {
        return "Replay gh-112202: a condition's notification lost to a cancelled waiter";
    }

    @Override
    public String story() {
        return "Two consumers wait on a condition for an item. The main task adds one item, signals one consumer, "
                + "and finishes its bookkeeping under the lock; the signalled consumer is cancelled meanwhile.";
    }

    @Override
    public String reference() {
        return "CPython gh-112202 (asyncio.Condition, fixed in 3.13), replayed on a naive condition";
    }

    @Override
    public Kind kind() {
        return Kind.REPLAY;
    }

    // @start region=racy
    /** asyncio's Condition of 3.7 to 3.12, re-expressed over a loopsync lock. */
    static class NaiveCondition {
        final AsyncLock lock = new AsyncLock();
        private final ArrayDeque<LoopFuture<Void>> waiters = new ArrayDeque<>();

        CompletionStage<Void> await() {
            if (!lock.isLocked()) {
                throw new IllegalStateException("await() on an un-acquired lock");
            }
            LoopFuture<Void> waiter = EventLoop.current().createFuture();
            waiters.add(waiter);
            lock.release();
            return waiter.handle((notified, failure) -> {
                waiters.remove(waiter);
                return failure;                    // null if notified
            }).thenCompose(failure -> reacquire(failure));
        }

        /** Re-acquires the lock even if cancelled meanwhile, then re-raises the cancellation. */
        private CompletionStage<Void> reacquire(Throwable cancelled) {
            return lock.acquire().handle((held, failure) -> failure).thenCompose(failure -> {
                if (failure != null) {
                    return reacquire(failure);     // cancelled while re-acquiring: try again
                }
                if (cancelled != null) {           // BUG: if notify() had chosen this waiter,
                    throw Chains.rethrow(cancelled);       // the notification dies here
                }
                return EventLoop.current().done();
            });
        }

        CompletionStage<Void> awaitUntil(BooleanSupplier predicate) {
            if (predicate.getAsBoolean()) {
                return EventLoop.current().done();
            }
            return await().thenCompose(v -> awaitUntil(predicate));
        }

        void signal() {
            if (!lock.isLocked()) {
                throw new IllegalStateException("signal() on an un-acquired lock");
            }
            for (LoopFuture<Void> waiter : waiters) {
                if (waiter.complete(null)) {       // false if already notified or cancelled
                    return;
                }
            }
        }
    }
    // @end region=racy

    /** The racy {@link NaiveCondition}, showing its state in the harness's trace. */
    static final class TracedNaiveCondition extends NaiveCondition {
        @Override
        public String toString() {
            return "NaiveCondition[" + (super.lock.isLocked() ? "locked" : "unlocked") + ", waiters:" + super.waiters.size() + "]";
        }
    }

    /** One way to use a condition: its locked section, its predicate wait, its signal. */
    record Operations(Function<Supplier<CompletionStage<Void>>, CompletionStage<Void>> withLock,
            Function<BooleanSupplier, CompletionStage<Void>> awaitUntil, Runnable signal, Object condition) {
    }

    /**
     * Consumers C1 and C2 each wait, under the lock, for an item and take it; either may be
     * cancelled. At 1 ms the main task produces one item, signals one consumer, and spends 1 ms more
     * on bookkeeping before it releases the lock. 100 ms later a watchdog checks that no item is
     * left while a consumer still waits for one.
     */
    private static CompletionStage<?> scenario(RaceRun run, Operations condition) {
        EventLoop loop = run.loop();
        int[] items = {0};
        List<Task<Void>> consumers = new ArrayList<>();
        for (String name : List.of("C1", "C2")) {
            consumers.add(loop.createTask(name, () -> condition.withLock().apply(() -> condition.awaitUntil()
                    .apply(() -> items[0] > 0)
                    .thenRun(() -> items[0]--))));
        }
        List<String> waiting = new ArrayList<>();
        String[] state = {null};
        run.atEnd(() -> check(items[0] == 0 || waiting.isEmpty(), "100 ms later " + items[0] + " item(s) are left, "
                + waiting + " still waits, and the condition is " + state[0]));
        return Tasks.sleep(Duration.ofMillis(1)).thenCompose(v -> condition.withLock().apply(() -> {
            items[0]++;
            condition.signal().run();
            return Tasks.sleep(Duration.ofMillis(1));         // bookkeeping, still under the lock
        })).thenCompose(v -> Tasks.sleep(Duration.ofMillis(100))).thenCompose(v -> {
            state[0] = condition.condition().toString();
            for (Task<Void> consumer : consumers) {
                if (!consumer.isDone()) {
                    waiting.add(consumer.name());
                    consumer.cancel();
                }
            }
            return Tasks.gatherOutcomes(new ArrayList<io.github.loopsync.loop.LoopFuture<Void>>(consumers));
        });
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        NaiveCondition condition = new TracedNaiveCondition();
        return scenario(run, new Operations(body -> condition.lock.withLock(body), condition::awaitUntil,
                condition::signal, condition));
    }

    // @start region=fixed
    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        // AsyncCondition: a signalled waiter that is cancelled, before it resumes or while it
        // waits for the lock, passes the signal to the next waiter before it leaves.
        AsyncCondition condition = new AsyncCondition();
        return scenario(run, new Operations(condition::withLock, condition::awaitUntil, condition::signal, condition));
    }
    // @end region=fixed

    /**
     * Any order of the ready callbacks and one cancellation at any step are too many schedules for
     * a quick exhaustive search; every schedule within 3 deviations from production order is not.
     */
    @Override
    public RaceOptions proveFixed() {
        return RaceOptions.defaults().strategy(Strategy.DELAY_BOUNDED).maxDelays(3).ordering(Ordering.ANY)
                .cancellations(1).maxSchedules(3_000);
    }
}
