package io.github.loopsync.demos;

import java.io.PrintStream;

/**
 * The command line's {@code run} and {@code explore} for {@link ThreadDemo}s: real threads are run,
 * not explored, so {@code explore} points to the jcstress test that grades the race instead.
 */
final class ThreadDemoCommands {

    /** Builds the jcstress jar, from the repository root. */
    static final String BUILD_JCSTRESS = "./mvnw -B -q package -DskipTests -pl stress-tests/jcstress -am";

    /** jcstress's quick mode on 2 cores, per test class (build notes: 30-55 s on JDK 25 and 17). */
    static final String QUICK_MODE_COST = "about a minute per test class on 2 cores";

    private ThreadDemoCommands() {
    }

    /** What {@code run} prints after the title and story: the report, then the verdict. */
    static String output(ThreadResult result, boolean fixed) {
        return result.report() + "\n" + (result.wentWrong() ? "=> the race showed in this run"
                : fixed ? "=> as intended" : "=> the race did not show in this run; run it again");
    }

    /** The same, saying for a race that did not show why, and where it shows every time. */
    static String output(ThreadDemo demo, ThreadResult result, boolean fixed) {
        if (result.wentWrong() || fixed) {
            return output(result, fixed);
        }
        return result.report() + "\n=> the race did not show in this run. It needs the two threads to run at the same"
                + " moment, which a busy machine can prevent for a while; run it again, or"
                + (demo.jcstressTests().isPresent() ? " see explore " + demo.id() + " for the jcstress test that shows it reliably."
                        : " read its page in docs/demos.");
    }

    /** Runs one variant on real threads and prints what happened; 1 if it was interrupted. */
    static int run(ThreadDemo demo, boolean fixed, PrintStream out) {
        out.println(demo.title() + (fixed ? " (fixed)" : " (racy)") + ", on real threads");
        out.println(demo.story());
        out.println("Source: " + demo.reference());
        try {
            ThreadResult result = fixed ? demo.fixed() : demo.racy();
            out.println(output(demo, result, fixed));
            return 0;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            out.println("interrupted");
            return 1;
        }
    }

    /** Explains how thread demos are checked, with the exact jcstress command where there is one. */
    static int explore(ThreadDemo demo, PrintStream out) {
        out.println(demo.title() + ": a thread demo. The loop harness explores tasks on one loop, not real threads;");
        if (demo.jcstressTests().isPresent()) {
            out.println("thread demos are checked by jcstress, on real threads and the real memory model. Build its jar,");
            out.println("from the repository root:");
            out.println("  " + BUILD_JCSTRESS);
            out.println("then run the demo's tests in quick mode (" + QUICK_MODE_COST + "). jcstress writes its report");
            out.println("(results/) and a jcstress-results-*.bin.gz file into the current directory, so run it from a scratch one:");
            out.println("  " + jcstressCommand(demo));
            out.println("jcstress prints a histogram of the outcomes it saw; the test's header comment says what each means,");
            out.println("and a FORBIDDEN outcome fails the build's gate (the race a demo teaches is ACCEPTABLE_INTERESTING).");
        } else {
            out.println("thread demos are checked by jcstress where the memory model decides the outcome, but this one forces");
            out.println("its failing interleaving deterministically and needs no jcstress test:");
            out.println("  " + Launch.self() + " run " + demo.id() + " [--fixed]");
            out.println("shows it, and ThreadDemosTest in race-demos checks it in every build.");
        }
        out.println("Source: " + demo.reference());
        return 0;
    }

    /**
     * The jcstress command for a demo's tests, run in a new directory under /tmp so that its
     * report and results file stay out of the repository.
     */
    static String jcstressCommand(ThreadDemo demo) {
        String tests = demo.jcstressTests().orElseThrow(() -> new IllegalArgumentException(demo.id() + " has no jcstress test"));
        String jar = Launch.root().resolve("stress-tests/jcstress/target/jcstress.jar").toString();
        return "mkdir -p /tmp/jcstress-" + demo.id() + " && cd /tmp/jcstress-" + demo.id() + " && java -jar '" + jar
                + "' -m quick -c 2 -t " + tests;
    }
}
