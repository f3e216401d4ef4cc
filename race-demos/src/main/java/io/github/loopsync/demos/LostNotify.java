package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncCondition;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Demo 12: a query waits on a condition for the signal that its connection is ready, but the
 * signal can come before the query starts waiting; {@code signalAll()} wakes only the tasks
 * waiting at that moment, so the query waits forever. The fix keeps the state ("initialized")
 * beside the condition and waits with {@code awaitUntil(predicate)} under the condition's lock, so
 * a signal that came first is seen through the state. Re-expresses listings 11.14 (a lost
 * notification) and 11.15 (state and {@code wait_for}) of Fowler, <i>Python Concurrency with
 * asyncio</i> (never copied).
 */
public final class LostNotify implements Demo {

    @Override
    public String id() {
        return "lost-notify";
    }

    @Override
    public String title() {
        return "A lost signalAll() versus a condition with a predicate";
    }

    @Override
    public String story() {
        return "The main task initializes a database connection, which takes 5 ms, and then signals every waiting "
                + "query. A query first writes a log line, which also takes 5 ms, and then waits for the signal.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listings 11.14 and 11.15 (re-expressed)";
    }

    interface Connection {
        CompletionStage<Void> initialize();

        CompletionStage<String> execute(String sql);
    }

    // @start region=racy
    static final class SignallingConnection implements Connection {
        private final AsyncCondition changed = new AsyncCondition();

        @Override
        public CompletionStage<Void> initialize() {
            return handshake().thenCompose(v -> changed.withLock(() -> {
                changed.signalAll();                    // wakes whoever is waiting right now
                return EventLoop.current().done();
            }));
        }

        @Override
        public CompletionStage<String> execute(String sql) {
            return changed.withLock(() -> changed.await()   // BUG: the signal may have come already
                    .thenApply(v -> "rows of " + sql));
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class StatefulConnection implements Connection {
        private final AsyncCondition changed = new AsyncCondition();
        private boolean initialized;                    // outlives the signal

        @Override
        public CompletionStage<Void> initialize() {
            return handshake().thenCompose(v -> changed.withLock(() -> {
                initialized = true;                     // change the state, then signal, under the lock
                changed.signalAll();
                return EventLoop.current().done();
            }));
        }

        @Override
        public CompletionStage<String> execute(String sql) {
            return changed.withLock(() -> changed.awaitUntil(() -> initialized)  // already true? no wait
                    .thenApply(v -> "rows of " + sql));
        }
    }
    // @end region=fixed

    /** Looks the host up (1 ms), then shakes hands (4 ms): ready at 5 ms. */
    static CompletionStage<Void> handshake() {
        return Tasks.sleep(Duration.ofMillis(1)).thenCompose(v -> Tasks.sleep(Duration.ofMillis(4)));
    }

    static CompletionStage<Void> log() {
        return Tasks.sleep(Duration.ofMillis(5));
    }

    private static CompletionStage<?> scenario(RaceRun run, Connection connection) {
        EventLoop loop = run.loop();
        Task<String> query = loop.createTask("query", () -> log()
                .thenCompose(v -> connection.execute("select 1")));
        return connection.initialize()                  // main initializes the connection
                .thenCompose(v -> query)
                .thenAccept(rows -> check(rows.equals("rows of select 1"), "the query got " + rows));
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        return scenario(run, new SignallingConnection());
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        return scenario(run, new StatefulConnection());
    }
}
