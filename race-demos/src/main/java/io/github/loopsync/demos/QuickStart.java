package io.github.loopsync.demos;

// @start region=imports
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
// @end region=imports

/**
 * The quick-start program: three downloads run concurrently on one loop thread, a slow one is cut
 * off by a timeout, and the results are gathered. It prints what happens with the loop's time, so
 * that the same program run on a virtual clock prints the same lines every time (its test checks
 * them).
 */
public final class QuickStart {

    // @start region=quickstart
    private final PrintStream out;

    /**
     * Creates the program.
     *
     * @param out where it prints
     */
    public QuickStart(PrintStream out) {
        this.out = out;
    }

    /** Pretends to download a page: the sleep stands for network time. */
    CompletionStage<String> download(String page, Duration latency) {
        return Tasks.sleep(latency).thenApply(done -> page + ": " + latency.toMillis() + " ms");
    }

    /**
     * The program's main stage.
     *
     * @return the number of pages downloaded in time
     */
    public CompletionStage<Integer> main() {
        EventLoop loop = EventLoop.current();
        Task<String> home = loop.createTask(() -> download("home", Duration.ofMillis(30)));
        Task<String> news = loop.createTask(() -> download("news", Duration.ofMillis(20)));
        // The archive is slow: give it 50 ms, then cancel it.
        CompletionStage<String> archive = Tasks.waitFor(() -> download("archive", Duration.ofSeconds(5)),
                Duration.ofMillis(50)).exceptionally(failure -> "archive: gave up (" + failure.getClass().getSimpleName() + ")");
        return Tasks.gather(home, news, archive).thenApply(pages -> {
            pages.forEach(out::println);
            out.println("all done after " + Duration.ofNanos(loop.time()).toMillis() + " ms of loop time");
            return (int) pages.stream().filter(text -> !text.contains("gave up")).count();
        });
    }
    // @end region=quickstart

    /**
     * Runs the program on a new loop on the calling thread.
     *
     * @param out where it prints
     * @return the number of pages downloaded in time
     */
    public static int run(PrintStream out) {
        return EventLoop.run(() -> new QuickStart(out).main());
    }
}
