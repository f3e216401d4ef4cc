package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.loop.spi.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base for loop tests: a hand-driven loop on the test thread with an auto-advancing virtual
 * clock, an exception handler that records instead of printing, and an ordering log in the style
 * of kotlinx's {@code expect(n)}.
 */
abstract class LoopFixture {

    /** One unhandled exception the loop reported. */
    static final class Reported {
        final String message;
        final Throwable error;
        final Task<?> task;

        Reported(String message, Throwable error, Task<?> task) {
            this.message = message;
            this.error = error;
            this.task = task;
        }

        @Override
        public String toString() {
            return message + ": " + error;
        }
    }

    VirtualClock clock;
    EventLoop loop;
    final List<Reported> reported = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void openLoop() {
        clock = VirtualClock.autoAdvancing();
        loop = EventLoop.builder()
                .name("test-loop")
                .clock(clock)
                .exceptionHandler((l, message, error, task) -> reported.add(new Reported(message, error, task)))
                .build();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
        assertEquals(List.of(), reported, "the loop reported exceptions the test did not expect");
    }

    /** Appends to the ordering log. */
    void log(String entry) {
        log.add(entry);
    }

    void assertLog(String... expected) {
        assertEquals(List.of(expected), log);
    }

    /** Virtual time elapsed since the test started. */
    Duration now() {
        return clock.now();
    }
}
