package io.github.loopsync.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fixed pool of demo 14 keeps its slots and connections when a query is cancelled. */
class ConnectionPoolTest {

    /** A query cancelled while it connects gives its slot back, so a later query can open a connection. */
    @Test
    void aQueryCancelledWhileConnectingGivesItsSlotBack() {
        try (EventLoop loop = EventLoop.builder().name("pool").clock(VirtualClock.autoAdvancing()).build()) {
            ConnectionPool.Database database = new ConnectionPool.Database();
            ConnectionPool.BoundedPool pool = new ConnectionPool.BoundedPool(database, ConnectionPool.MAX);
            Integer third = loop.runUntilComplete(() -> {
                Task<ConnectionPool.Connection> first = loop.createTask("first", pool::borrow);
                Task<ConnectionPool.Connection> second = loop.createTask("second", pool::borrow);
                return Tasks.sleep(Duration.ofMillis(1))           // both are connecting now
                        .thenCompose(v -> {
                            assertTrue(first.cancel());
                            return second;
                        })
                        .thenCompose(connection -> Tasks.waitFor(pool.borrow(), Duration.ofSeconds(1)))
                        .thenApply(connection -> connection.id);
            });
            assertEquals(2, third, "a third query opened the second connection");
        }
    }

    /** A query cancelled while it holds a connection gives back both its slot and its connection. */
    @Test
    void aQueryCancelledWhileHoldingGivesItsConnectionBack() {
        try (EventLoop loop = EventLoop.builder().name("pool").clock(VirtualClock.autoAdvancing()).build()) {
            ConnectionPool.Database database = new ConnectionPool.Database();
            ConnectionPool.BoundedPool pool = new ConnectionPool.BoundedPool(database, ConnectionPool.MAX);
            Task<Void> first = loop.createTask("first", () -> ConnectionPool.query(pool));
            Task<Void> second = loop.createTask("second", () -> ConnectionPool.query(pool));
            ConnectionPool.Connection later = loop.runUntilComplete(() -> Tasks.sleep(Duration.ofMillis(8))
                    .thenCompose(v -> {                             // both hold a connection until 15 ms
                        assertTrue(first.cancel());
                        return Tasks.waitFor(pool.borrow(), Duration.ofMillis(1));
                    }));
            assertFalse(second.isDone(), "the second query still holds its connection");
            assertEquals(2, database.open.size(), "the later query reused a connection instead of opening one");
            assertEquals(0, later.users, "the reused connection was given back by the cancelled query");
        }
    }
}
