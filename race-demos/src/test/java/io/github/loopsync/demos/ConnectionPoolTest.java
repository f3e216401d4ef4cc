package io.github.loopsync.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fixed pool of demo 14 keeps its slot count when a connection attempt is cancelled. */
class ConnectionPoolTest {

    @Test
    void aQueryCancelledWhileConnectingGivesItsSlotBack() {
        try (EventLoop loop = EventLoop.builder().name("pool").clock(VirtualClock.autoAdvancing()).build()) {
            ConnectionPool.Database database = new ConnectionPool.Database();
            ConnectionPool.BoundedPool pool = new ConnectionPool.BoundedPool(database);
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
            assertEquals(2, third, "the cancelled query opened nothing and gave its slot back; a third query opened the second connection");
        }
    }
}
