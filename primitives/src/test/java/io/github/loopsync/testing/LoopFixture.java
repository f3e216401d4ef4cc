package io.github.loopsync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.EventLoopBuilder;
import io.github.loopsync.loop.Task;
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
public abstract class LoopFixture {

    /** One unhandled exception the loop reported. */
    public static final class Reported {
        public final String message;
        public final Throwable error;
        public final Task<?> task;

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

    protected VirtualClock clock;
    protected EventLoop loop;
    protected final List<Reported> reported = new ArrayList<>();
    protected final List<String> log = new ArrayList<>();

    @BeforeEach
    protected void openLoop() {
        clock = VirtualClock.autoAdvancing();
        loop = configure(EventLoop.builder()
                .name("test-loop")
                .clock(clock)
                .exceptionHandler((l, message, error, task) -> reported.add(new Reported(message, error, task))))
                .build();
    }

    /** Adds to the loop's configuration before it is built (a listener, a ready policy); by default nothing. */
    protected EventLoopBuilder configure(EventLoopBuilder builder) {
        return builder;
    }

    @AfterEach
    protected void closeLoop() {
        loop.close();
        assertEquals(List.of(), reported, "the loop reported exceptions the test did not expect");
    }

    /** Appends to the ordering log. */
    protected void log(String entry) {
        log.add(entry);
    }

    protected void assertLog(String... expected) {
        assertEquals(List.of(expected), log);
    }

    /** Runs the loop until nothing is ready, due or posted (virtual time advances through timers). */
    protected void settle() {
        loop.runUntilIdle();
    }

    /** Virtual time elapsed since the test started. */
    protected Duration now() {
        return clock.now();
    }

    /**
     * Runs {@code body} on a new thread called {@code name} and waits for it to end; fails the
     * test if {@code body} threw.
     */
    public static void onOtherThread(String name, Runnable body) throws InterruptedException {
        Throwable thrown = thrownOnOtherThread(name, body);
        if (thrown != null) {
            throw new AssertionError("the body run on thread " + name + " threw", thrown);
        }
    }

    /**
     * Runs {@code body} on a new thread called {@code name}, waits for it to end and returns what
     * {@code body} threw, or {@code null} if it returned normally.
     */
    public static Throwable thrownOnOtherThread(String name, Runnable body) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, name);
        thread.start();
        thread.join();
        return thrown[0];
    }
}
