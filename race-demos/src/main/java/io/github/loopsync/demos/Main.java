package io.github.loopsync.demos;

import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.Strategy;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Entry point of {@code race-demos.jar}: {@code list}, {@code run <id> [--fixed]}, {@code explore
 * <id> [--fixed]}; with no arguments, the quick-start program.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line.
     *
     * @param args the command
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Runs one command and returns its exit status (for tests).
     *
     * @param args the command
     * @param out where to print
     * @return 0 on success, 1 when a demo did not behave as expected, 2 on a usage error
     */
    static int run(String[] args, PrintStream out) {
        if (args.length == 0) {
            int downloaded = QuickStart.run(out);
            out.println(downloaded + " of 3 pages downloaded in time");
            out.println();
            out.println("Race demos: java -jar race-demos.jar list");
            return 0;
        }
        switch (args[0]) {
            case "list":
                for (Demo demo : Catalogue.all()) {
                    out.printf("%-24s %-7s %s%n", demo.id(), demo.kind().label(), demo.title());
                }
                for (ThreadDemo demo : Catalogue.threadDemos()) {
                    out.printf("%-24s %-7s %s%n", demo.id(), demo.kind().label(), demo.title());
                }
                return 0;
            case "run":
            case "explore":
                if (args.length < 2) {
                    return usage(out);
                }
                Optional<Demo> found = Catalogue.find(args[1]);
                Optional<ThreadDemo> threadDemo = Catalogue.findThreadDemo(args[1]);
                if (threadDemo.isPresent()) {
                    boolean fixedThreads = args.length > 2 && args[2].equals("--fixed");
                    return args[0].equals("run") ? ThreadDemoCommands.run(threadDemo.get(), fixedThreads, out)
                            : ThreadDemoCommands.explore(threadDemo.get(), out);
                }
                if (found.isEmpty()) {
                    out.println("no demo " + args[1] + "; try: list");
                    return 2;
                }
                boolean fixed = args.length > 2 && args[2].equals("--fixed");
                return args[0].equals("run") ? runOnce(found.get(), fixed, out) : explore(found.get(), fixed, out);
            default:
                return usage(out);
        }
    }

    private static int usage(PrintStream out) {
        out.println("usage: java -jar race-demos.jar [list | run <id> [--fixed] | explore <id> [--fixed]]");
        return 2;
    }

    /** One run in production (FIFO) order, on virtual time. */
    private static int runOnce(Demo demo, boolean fixed, PrintStream out) {
        out.println(demo.title() + (fixed ? " (fixed)" : " (racy)"));
        out.println(demo.story());
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.FIFO),
                run -> fixed ? demo.fixed(run) : demo.racy(run));
        out.println(result.failed() ? result.report() : "ran in production order without a failure");
        return 0;
    }

    /** Explores the racy variant (expecting a race) or proves the fixed one (expecting none). */
    private static int explore(Demo demo, boolean fixed, PrintStream out) {
        out.println(demo.title() + (fixed ? " (fixed): exploring every schedule..." : " (racy): looking for the race..."));
        RaceResult result = fixed ? Race.explore(demo.proveFixed(), demo::fixed) : Race.explore(demo.exploreRacy(), demo::racy);
        out.println(result.report());
        return result.failed() == !fixed ? 0 : 1;
    }
}
