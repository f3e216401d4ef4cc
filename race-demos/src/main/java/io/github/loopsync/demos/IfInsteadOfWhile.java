package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncCondition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Demo 7: consumers wait on a condition with {@code if (empty) await} instead of re-checking after
 * they wake; {@code signalAll()} for one item wakes both, and the second finds the buffer empty.
 * The fix re-checks the predicate on every wake-up with {@code awaitUntil}. Re-expresses the
 * condition discussion of chapter 11 of Fowler, <i>Python Concurrency with asyncio</i> (never
 * copied).
 */
public final class IfInsteadOfWhile implements Demo {

    @Override
    public String id() {
        return "if-not-while";
    }

    @Override
    public String title() {
        return "`if` instead of `while` around a condition wait";
    }

    @Override
    public String story() {
        return "Two consumers take items from a buffer guarded by a condition; a producer adds two items, "
                + "5 ms apart, and wakes every waiting consumer each time.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, chapter 11, conditions (re-expressed)";
    }

    interface Buffer {
        CompletionStage<String> take();

        CompletionStage<Void> add(String item);
    }

    // @start region=racy
    static final class IfBuffer implements Buffer {
        private final AsyncCondition changed = new AsyncCondition();
        private final Deque<String> items = new ArrayDeque<>();

        @Override
        public CompletionStage<String> take() {
            return changed.withLock(() -> {
                CompletionStage<Void> ready = items.isEmpty()
                        ? changed.await()                       // BUG: checked once, never again
                        : EventLoop.current().done();
                return ready.thenApply(v -> items.pop());       // may find the buffer empty
            });
        }

        @Override
        public CompletionStage<Void> add(String item) {
            return changed.withLock(() -> {
                items.add(item);
                changed.signalAll();                            // wakes every waiting consumer
                return EventLoop.current().done();
            });
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class WhileBuffer implements Buffer {
        private final AsyncCondition changed = new AsyncCondition();
        private final Deque<String> items = new ArrayDeque<>();

        @Override
        public CompletionStage<String> take() {
            return changed.withLock(() -> changed
                    .awaitUntil(() -> !items.isEmpty())         // re-checked after every wake-up
                    .thenApply(v -> items.pop()));
        }

        @Override
        public CompletionStage<Void> add(String item) {
            return changed.withLock(() -> {
                items.add(item);
                changed.signalAll();
                return EventLoop.current().done();
            });
        }
    }
    // @end region=fixed

    private static CompletionStage<?> scenario(RaceRun run, Buffer buffer) {
        EventLoop loop = run.loop();
        Task<String> first = loop.createTask("C1", buffer::take);
        Task<String> second = loop.createTask("C2", buffer::take);
        Task<Void> producer = loop.createTask("producer", () -> buffer.add("a")
                .thenCompose(v -> Tasks.sleep(Duration.ofMillis(5)))
                .thenCompose(v -> buffer.add("b")));
        return Tasks.gather(List.of(first, second, producer)).thenRun(() -> check(
                first.join().equals("a") != second.join().equals("a"), "one consumer gets each item"));
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        return scenario(run, new IfBuffer());
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        return scenario(run, new WhileBuffer());
    }
}
