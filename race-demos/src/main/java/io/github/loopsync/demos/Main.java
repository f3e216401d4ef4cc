package io.github.loopsync.demos;

import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.harness.Strategy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Entry point of {@code race-demos.jar}. With no arguments it runs the quick-start program;
 * otherwise one of the commands of {@link #usage()}. Exit status: 0 when the demo behaved as
 * expected (a race found in a racy variant, none in a fixed one), 1 when it did not, 2 on a usage
 * error — so scripts can tell the three apart.
 */
public final class Main {

    /** The commands, for did-you-mean. */
    static final List<String> COMMANDS = List.of("list", "run", "explore", "replay", "help");

    /** What {@code help} prints, with the command that runs this jar from the current directory. */
    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: " + Launch.self() + " [command]",
                "  (no command)                  the quick-start program: three downloads on one loop thread,",
                "                                the slow one cut off by a timeout (not a race demo)",
                "  list                          every demo: id, kind (loop, replay, thread) and title",
                "  run <id> [--fixed]            one run in production order (thread demos: on real threads)",
                "  explore <id> [--fixed] [--strategy NAME] [--seed N] [--cancellations N] [--max-schedules N]",
                "                                search the schedules for the race, or prove the fix",
                "  replay <id> <token> [--fixed] re-run the one schedule of a report's replay line",
                "  help                          this text",
                "strategies: fifo, random, pct, delay-bounded, exhaustive, portfolio");
    }

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
     * @return 0 when the demo behaved as expected, 1 when it did not, 2 on a usage error
     */
    static int run(String[] args, PrintStream out) {
        return run(args, out, System::nanoTime);
    }

    /** The same, with the clock the progress line reads (for tests). */
    static int run(String[] args, PrintStream out, LongSupplier nanoClock) {
        return run(args, out, nanoClock, QuickStart::run);
    }

    /** The same, with the quick-start program to run (for tests: one on virtual time). */
    static int run(String[] args, PrintStream out, LongSupplier nanoClock, ToIntFunction<PrintStream> quickStart) {
        if (args.length == 0) {
            int downloaded = quickStart.applyAsInt(out);
            out.println(downloaded + " of 3 pages downloaded in time");
            out.println();
            out.println("Race demos: " + Launch.self() + " list");
            return 0;
        }
        try {
            return dispatch(args, out, nanoClock);
        } catch (UsageException wrong) {
            out.println(wrong.getMessage());
            out.println("(" + Launch.self() + " help lists the commands and options)");
            return 2;
        }
    }

    private static int dispatch(String[] args, PrintStream out, LongSupplier nanoClock) {
        switch (args[0]) {
            case "help":
            case "--help":
            case "-h":
                out.println(usage());
                return 0;
            case "list":
                expectArguments(args, 1, "list takes no arguments");
                list(out);
                return 0;
            case "run":
            case "explore":
            case "replay":
                break;
            default:
                throw new UsageException("unknown command: " + args[0] + Suggestions.didYouMean(args[0], COMMANDS));
        }
        Command command = Command.parse(args);
        Optional<ThreadDemo> threadDemo = Catalogue.findThreadDemo(command.id);
        if (threadDemo.isPresent()) {
            command.refuseHarnessOptions();
            switch (command.name) {
                case "run":
                    return ThreadDemoCommands.run(threadDemo.get(), command.fixed, out);
                case "explore":
                    return ThreadDemoCommands.explore(threadDemo.get(), out);
                default:
                    throw new UsageException(command.id + " runs on real threads, whose schedules cannot be replayed; "
                            + "try: run " + command.id);
            }
        }
        Demo demo = Catalogue.find(command.id).orElseThrow(() -> new UsageException("no demo " + command.id
                + Suggestions.didYouMean(command.id, Catalogue.entries().stream().map(Entry::id).collect(Collectors.toList()))
                + " (list shows every demo)"));
        switch (command.name) {
            case "run":
                return runOnce(demo, command.fixed, out);
            case "explore":
                return explore(demo, command, out, nanoClock);
            default:
                return replay(demo, command, out);
        }
    }

    private static void list(PrintStream out) {
        for (Entry entry : Catalogue.entries()) {
            out.printf("%-26s %-7s %s%n", entry.id(), entry.kind().label(), entry.title());
        }
    }

    /** One run in production (FIFO) order, on virtual time. */
    private static int runOnce(Demo demo, boolean fixed, PrintStream out) {
        out.println(demo.title() + (fixed ? " (fixed)" : " (racy)"));
        out.println(demo.story());
        out.println("Source: " + demo.reference());
        RaceResult result = Race.explore(RaceOptions.defaults().strategy(Strategy.FIFO), variant(demo, fixed));
        out.println(result.failed() ? result.report() : "ran in production order without a failure");
        if (!result.failed() && !fixed) {
            out.println("(this race needs another order to show: try explore " + demo.id() + ")");
        }
        return 0;
    }

    /** Explores the racy variant (expecting a race) or proves the fixed one (expecting none). */
    private static int explore(Demo demo, Command command, PrintStream out, LongSupplier nanoClock) {
        RaceOptions options = command.apply(options(demo, command.fixed));
        out.println(demo.title() + (command.fixed ? " (fixed): exploring the schedules..." : " (racy): looking for the race..."));
        out.println("Source: " + demo.reference());
        RaceResult result = Race.explore(options.progress(new ProgressLine(out, nanoClock)), variant(demo, command.fixed));
        out.println(result.report());
        return result.failed() == !command.fixed ? 0 : 1;
    }

    /** Re-runs one schedule from a replay token. */
    private static int replay(Demo demo, Command command, PrintStream out) {
        RaceOptions options = command.apply(options(demo, command.fixed));
        Optional<String> elsewhere = ReplayTokens.wrongDemo(command.token, demo.id(), command.fixed);
        if (elsewhere.isPresent()) {
            throw new UsageException(elsewhere.get());
        }
        RaceResult result;
        try {
            result = Race.replay(command.token, options, variant(demo, command.fixed));
        } catch (IllegalArgumentException refused) {
            throw new UsageException(ReplayTokens.refused(demo.id(), command.fixed, refused.getMessage()));
        }
        out.println(result.report());
        if (result.nondeterministic()) {
            return 1;
        }
        return result.failed() == !command.fixed ? 0 : 1;
    }

    /** The variant a command names, as a harness scenario. */
    private static Function<RaceRun, CompletionStage<?>> variant(Demo demo, boolean fixed) {
        return fixed ? demo::fixed : demo::racy;
    }

    /**
     * The harness options for a variant: the proof's for the fixed one, the search's for the racy
     * one, named after the demo so that a token from its report replays here and nowhere else.
     */
    static RaceOptions options(Demo demo, boolean fixed) {
        return (fixed ? demo.proveFixed() : demo.exploreRacy()).test("demo#" + demo.id() + (fixed ? "-fixed" : ""));
    }

    private static void expectArguments(String[] args, int count, String message) {
        if (args.length != count) {
            throw new UsageException(message);
        }
    }

    /** A parsed {@code run}, {@code explore} or {@code replay} command. */
    private static final class Command {
        final String name;
        String id;
        String token;
        boolean fixed;
        Strategy strategy;
        Long seed;
        Integer cancellations;
        Integer maxSchedules;

        private Command(String name) {
            this.name = name;
        }

        static Command parse(String[] args) {
            Command command = new Command(args[0]);
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--fixed":
                        command.fixed = true;
                        break;
                    case "--strategy":
                        command.strategy = strategy(value(args, ++i, arg));
                        break;
                    case "--seed":
                        command.seed = number(value(args, ++i, arg), arg, Long.MIN_VALUE);
                        break;
                    case "--cancellations":
                        command.cancellations = (int) number(value(args, ++i, arg), arg, 0);
                        break;
                    case "--max-schedules":
                        command.maxSchedules = (int) number(value(args, ++i, arg), arg, 1);
                        break;
                    default:
                        if (arg.startsWith("--")) {
                            throw new UsageException("unknown option " + arg + " for " + command.name
                                    + Suggestions.didYouMean(arg, List.of("--fixed", "--strategy", "--seed", "--cancellations",
                                            "--max-schedules")));
                        }
                        positional.add(arg);
                }
            }
            int expected = command.name.equals("replay") ? 2 : 1;
            if (positional.size() != expected) {
                throw new UsageException(command.name + " takes " + (expected == 2 ? "a demo id and a token" : "one demo id")
                        + ", got " + positional);
            }
            command.id = positional.get(0);
            if (expected == 2) {
                String token = positional.get(1);
                command.token = token.startsWith("-Dloopsync.replay=") ? token.substring("-Dloopsync.replay=".length()) : token;
            }
            if (command.name.equals("run") && command.hasHarnessOptions()) {
                throw new UsageException("run uses production order; --strategy, --seed, --cancellations and "
                        + "--max-schedules are options of explore");
            }
            return command;
        }

        boolean hasHarnessOptions() {
            return strategy != null || seed != null || cancellations != null || maxSchedules != null;
        }

        void refuseHarnessOptions() {
            if (hasHarnessOptions()) {
                throw new UsageException(id + " takes no harness options here");
            }
        }

        RaceOptions apply(RaceOptions options) {
            RaceOptions applied = options;
            if (strategy != null) {
                applied = applied.strategy(strategy);
            }
            if (seed != null) {
                applied = applied.seed(seed);
            }
            if (cancellations != null) {
                applied = applied.cancellations(cancellations);
            }
            if (maxSchedules != null) {
                applied = applied.maxSchedules(maxSchedules);
            }
            return applied;
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            return args[index];
        }

        private static Strategy strategy(String name) {
            try {
                return Strategy.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException unknown) {
                throw new UsageException("unknown strategy " + name);
            }
        }

        private static long number(String text, String option, long least) {
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException notANumber) {
                throw new UsageException(option + " needs a whole number, got " + text);
            }
            if (value < least || (least >= 0 && value > Integer.MAX_VALUE)) {
                throw new UsageException(option + " out of range: " + text);
            }
            return value;
        }
    }

    /** Prints "explored N schedules" once a second, starting after the first second. */
    private static final class ProgressLine implements IntConsumer {
        private static final long SECOND = 1_000_000_000L;
        private final PrintStream out;
        private final LongSupplier nanoClock;
        private final long started;
        private long nextLine;

        ProgressLine(PrintStream out, LongSupplier nanoClock) {
            this.out = out;
            this.nanoClock = nanoClock;
            this.started = nanoClock.getAsLong();
            this.nextLine = started + SECOND;
        }

        @Override
        public void accept(int schedules) {
            long now = nanoClock.getAsLong();
            if (now - nextLine >= 0) {
                out.printf(Locale.ROOT, "  ... %,d schedules explored (%d s)%n", schedules, (now - started) / SECOND);
                nextLine = now + SECOND;
            }
        }
    }

    /** A command line that does not parse. */
    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
