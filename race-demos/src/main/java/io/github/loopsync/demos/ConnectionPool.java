package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.Ordering;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncBoundedSemaphore;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Demo 14: a connection pool that opens connections lazily, up to two, checks its count before
 * the await of {@code connect()} and counts the new connection only after it; three queries
 * arriving together all see room, and the database gets three connections. The fix guards the
 * pool with a semaphore of two permits: {@code acquire()} checks and takes a slot in one step,
 * before any await, so at most two queries hold a connection and no connection is shared.
 * Re-expresses the semaphore listings of chapter 11 of Fowler, <i>Python Concurrency with
 * asyncio</i> (a semaphore limiting concurrent requests; never copied).
 */
public final class ConnectionPool implements Demo {

    /** The most connections the database accepts, and the pool's size. */
    static final int MAX = 2;

    @Override
    public String id() {
        return "connection-pool";
    }

    @Override
    public String title() {
        return "A connection pool that opens more connections than it may";
    }

    @Override
    public String story() {
        return "A pool opens database connections lazily, at most two; opening one takes 5 ms. "
                + "Three queries arrive at once; each borrows a connection, runs for 10 ms, and gives it back.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, chapter 11, semaphores limiting concurrent requests "
                + "(re-expressed)";
    }

    static final class Connection {
        final int id;
        int users;

        Connection(int id) {
            this.id = id;
        }
    }

    static final class Database {
        final List<Connection> open = new ArrayList<>();

        CompletionStage<Connection> connect() {
            return Tasks.sleep(Duration.ofMillis(5)).thenApply(v -> {
                Connection connection = new Connection(open.size() + 1);
                open.add(connection);
                return connection;
            });
        }
    }

    interface Pool {
        CompletionStage<Connection> borrow();

        void giveBack(Connection connection);
    }

    // @start region=racy
    static final class LazyPool implements Pool {
        private final Database database;
        private final int maxOpen;
        private final AsyncQueue<Connection> idle = new AsyncQueue<>();
        private int opened;

        LazyPool(Database database, int maxOpen) {
            this.database = database;
            this.maxOpen = maxOpen;
        }

        @Override
        public CompletionStage<Connection> borrow() {
            if (idle.isEmpty() && opened < maxOpen) {           // room for one more connection...
                return database.connect().thenApply(connection -> {
                    opened++;                                   // ...counted only once it is open
                    return connection;
                });
            }
            return idle.get();                                  // wait for one to come back
        }

        @Override
        public void giveBack(Connection connection) {
            idle.putNowait(connection);
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class BoundedPool implements Pool {
        private final Database database;
        private final AsyncSemaphore slots;                     // one permit per connection
        private final Deque<Connection> idle = new ArrayDeque<>();

        BoundedPool(Database database, int maxOpen) {
            this.database = database;
            this.slots = new AsyncBoundedSemaphore(maxOpen);
        }

        @Override
        public CompletionStage<Connection> borrow() {
            return slots.acquire().thenCompose(v -> {
                if (!idle.isEmpty()) {
                    return EventLoop.current().completedFuture(idle.pop());  // checked and taken in one step
                }
                CompletionStage<Connection> opening = database.connect();   // the slot is ours: awaiting is safe
                opening.whenComplete((connection, failure) -> {
                    if (failure != null) {
                        slots.release();                        // failed or cancelled: the slot goes back
                    }
                });
                return opening;
            });
        }

        @Override
        public void giveBack(Connection connection) {
            slots.release();                                    // bounded: a double give-back throws...
            idle.push(connection);                              // ...before the connection is pooled twice
        }
    }
    // @end region=fixed

    // @start region=query
    static CompletionStage<Void> query(Pool pool) {
        return pool.borrow().thenCompose(connection -> {
            connection.users++;
            CompletionStage<Void> holding = Tasks.sleep(Duration.ofMillis(10));
            holding.whenComplete((v, failure) -> {              // done, failed or cancelled:
                connection.users--;
                pool.giveBack(connection);                      // the connection always goes back
            });
            return holding;
        });
    }
    // @end region=query

    private static CompletionStage<?> scenario(RaceRun run, Database database, Pool pool) {
        run.invariant("at most " + MAX + " connections open", () -> database.open.size() <= MAX);
        run.invariant("no connection used by two queries at once",
                () -> database.open.stream().allMatch(connection -> connection.users <= 1));
        int[] answered = {0};
        EventLoop loop = run.loop();
        List<Task<Void>> queries = new ArrayList<>();
        for (String name : List.of("Q1", "Q2", "Q3")) {
            queries.add(loop.createTask(name, () -> query(pool).thenRun(() -> answered[0]++)));
        }
        run.atEnd(() -> {
            long cancelled = queries.stream().filter(Task::isCancelled).count();
            check(answered[0] + cancelled == 3, "answered " + answered[0] + " of 3 queries, " + cancelled + " cancelled");
        });
        return Tasks.gatherOutcomes(queries);                   // a cancelled query is done, not a failure
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        Database database = new Database();
        return scenario(run, database, new LazyPool(database, MAX));
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        Database database = new Database();
        BoundedPool pool = new BoundedPool(database, MAX);
        run.atEnd(() -> check(pool.slots.availablePermits() == MAX && pool.idle.size() == database.open.size(),
                pool.slots.availablePermits() + " of " + MAX + " permits back, " + pool.idle.size() + " of "
                        + database.open.size() + " open connections idle"));
        return scenario(run, database, pool);
    }

    /**
     * Every schedule within 3 deviations from production order, in any order of the ready
     * callbacks, with the harness free to cancel any one query at any wait: while it waits for a
     * slot, while it connects, or while it holds a connection, and the loop free to wake up late
     * for one timer (bound 3 takes 5,634 schedules, within half of the budget). (The exhaustive
     * search with timers on time passes too, but takes 160,969 schedules.)
     */
    @Override
    public RaceOptions proveFixed() {
        return RaceOptions.defaults().strategy(Strategy.DELAY_BOUNDED).maxDelays(3).ordering(Ordering.ANY)
                .cancellations(1).maxSchedules(12_000);
    }
}
