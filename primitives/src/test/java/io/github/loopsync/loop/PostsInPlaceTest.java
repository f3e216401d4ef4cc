package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.loop.spi.LoopListener;
import io.github.loopsync.loop.spi.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Posts ({@code execute}) in an iteration that has nothing else to run. A FIFO loop without a
 * listener or debug mode runs them straight from its inbox rather than through the ready queue;
 * what a user sees must be the same: the posts present when the iteration began run in it, in
 * order, a post made meanwhile waits for the next iteration, and a post that raises is reported
 * while the others run. Each case also runs on a loop with a listener, which keeps posts on the
 * ready-queue path, as the reference; there the listener sees each post as a step.
 */
class PostsInPlaceTest {

    /** Builds the loop for a case: {@code true} with a listener (the ready-queue path). */
    private static EventLoop loop(boolean listened, List<String> seen) {
        EventLoopBuilder builder = EventLoop.builder().name("posts").clock(VirtualClock.manual())
                .exceptionHandler((loop, message, error, task) -> seen.add("reported: " + message + ": " + error.getMessage()));
        if (listened) {
            builder.listener(new LoopListener() {
                @Override
                public void beforeStep(EventLoop loop, Task<?> task, Object step) {
                    seen.add("step");
                }
            });
        }
        return builder.build();
    }

    @ParameterizedTest(name = "listener: {0}")
    @ValueSource(booleans = {false, true})
    void thePostsPresentRunInOrderAndAPostMadeMeanwhileWaitsForTheNextIteration(boolean listened) {
        List<String> seen = new ArrayList<>();
        try (EventLoop loop = loop(listened, seen)) {
            loop.execute(() -> seen.add("a"));
            loop.execute(() -> {
                seen.add("b");
                loop.execute(() -> seen.add("d"));
            });
            loop.execute(() -> seen.add("c"));

            assertEquals(3, loop.runOnce());
            assertEquals(withSteps(listened, "a", "b", "c"), seen);
            seen.clear();
            assertEquals(1, loop.runOnce());
            assertEquals(withSteps(listened, "d"), seen);
            seen.clear();
            assertEquals(0, loop.runOnce());
            assertEquals(List.of(), seen);
        }
    }

    @ParameterizedTest(name = "listener: {0}")
    @ValueSource(booleans = {false, true})
    void aPostThatRaisesIsReportedAndTheOthersStillRun(boolean listened) {
        List<String> seen = new ArrayList<>();
        try (EventLoop loop = loop(listened, seen)) {
            Runnable raising = new Runnable() {
                @Override
                public void run() {
                    throw new IllegalStateException("boom");
                }

                @Override
                public String toString() {
                    return "raising";
                }
            };
            loop.execute(() -> seen.add("before"));
            loop.execute(raising);
            loop.execute(() -> seen.add("after"));

            assertEquals(3, loop.runOnce());
            assertEquals(withSteps(listened, "before", "reported: callback raising raised: boom", "after"), seen);
        }
    }

    @ParameterizedTest(name = "listener: {0}")
    @ValueSource(booleans = {false, true})
    void readyCallbacksAndDueTimersKeepTheirPlaceAroundPosts(boolean listened) {
        List<String> seen = new ArrayList<>();
        try (EventLoop loop = loop(listened, seen)) {
            loop.callSoon(() -> seen.add("ready"));
            loop.execute(() -> seen.add("post 1"));
            assertEquals(2, loop.runOnce());
            assertEquals(withSteps(listened, "ready", "post 1"), seen);
            seen.clear();

            loop.callLater(Duration.ZERO, () -> seen.add("timer"));
            loop.execute(() -> seen.add("post 2"));
            assertEquals(2, loop.runOnce());
            assertEquals(withSteps(listened, "post 2", "timer"), seen);
        }
    }

    /** The expected record: each callback's entry preceded by "step" when a listener watches. */
    private static List<String> withSteps(boolean listened, String... entries) {
        List<String> expected = new ArrayList<>();
        for (String entry : entries) {
            if (listened) {
                expected.add("step");
            }
            expected.add(entry);
        }
        return expected;
    }
}
