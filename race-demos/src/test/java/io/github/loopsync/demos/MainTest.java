package io.github.loopsync.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.spi.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The command line: its commands, options, errors and exit statuses. */
class MainTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private int run(String... args) {
        printed.reset();
        return Main.run(args, out);
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** help prints the usage and list prints one line per demo, with its kind. */
    @Test
    void helpAndListSucceed() {
        assertEquals(0, run("help"));
        assertTrue(output().contains("replay <id> <token>"), output());
        assertEquals(0, run("list"));
        String listing = output();
        assertTrue(listing.contains("lost-update                loop"), listing);
        assertTrue(listing.contains("replay-bpo-27585           replay"), listing);
        assertTrue(listing.contains("thread-counter             thread"), listing);
        assertEquals(Catalogue.all().size() + Catalogue.threadDemos().size(), listing.strip().split("\\R").length);
    }

    /** run and explore name where a demo comes from on a Source line, loop and thread demos alike. */
    @Test
    void runAndExplorePrintTheSource() {
        for (String id : new String[] {"lost-update", "thread-counter"}) {
            String source = "Source: " + Catalogue.entries().stream().filter(entry -> entry.id().equals(id))
                    .findFirst().orElseThrow().reference();
            assertEquals(0, run("run", id, "--fixed"), output());
            assertTrue(output().lines().anyMatch(source::equals), output());
            assertEquals(0, run("explore", id, "--fixed"), output());
            assertTrue(output().lines().anyMatch(source::equals), output());
        }
    }

    /** explore accepts --strategy, --seed, --fixed, --max-schedules and --cancellations and uses them. */
    @Test
    void exploreTakesAStrategyAndASeed() {
        assertEquals(0, run("explore", "lost-update", "--strategy", "random", "--seed", "7"), output());
        assertTrue(output().contains("strategy RANDOM"), output());
        assertEquals(0, run("explore", "stale-snapshot", "--fixed", "--strategy", "delay-bounded", "--max-schedules", "50"),
                output());
        assertEquals(0, run("explore", "replay-bpo-27585", "--cancellations", "1"), output());
    }

    /** explore exits with 1 when the racy variant shows no race under the given options. */
    @Test
    void aRaceThatIsNotFoundExitsWithOne() {
        // replay-bpo-27585's race needs an injected cancellation: without one, the racy variant passes,
        // which is not what the demo should do.
        assertEquals(1, run("explore", "replay-bpo-27585", "--cancellations", "0"), output());
        assertTrue(output().contains("no race found"), output());
    }

    /** replay re-runs a report's schedule from its token and rejects bad tokens and thread demos with 2. */
    @Test
    void replayRerunsTheScheduleOfAReport() {
        Demo demo = Catalogue.find("lost-update").orElseThrow();
        RaceResult found = Race.explore(Main.options(demo, false), demo::racy);
        assertEquals(0, run("replay", "lost-update", found.token()), output());
        assertTrue(output().contains("RACE FOUND"), output());
        assertEquals(0, run("replay", "lost-update", "-Dloopsync.replay=" + found.token()), output());
        assertEquals(2, run("replay", "lost-update", "not-a-token"), output());
        assertTrue(output().contains("not a replay token"), output());
        assertEquals(1, output().split("not-a-token", -1).length - 1, "the message names the token once: " + output());
        assertEquals(2, run("replay", "thread-counter", found.token()), output());
        assertEquals(2, run("replay", "stale-snapshot", found.token()), output());
        assertTrue(output().startsWith("that token was recorded on demo lost-update, not stale-snapshot; replay it with: java -jar ")
                && output().contains(" replay lost-update <token>"), output());
        assertEquals(2, run("replay", "lost-update", "--fixed", found.token()), output());
        assertTrue(output().contains("recorded on demo lost-update, not lost-update --fixed"), output());
    }

    /** A refused token's message says "replay token" once, and what a token is. */
    @Test
    void aRefusedTokenIsExplainedOnce() {
        assertEquals(2, run("replay", "lost-update", "rh2.1.0.0x0.demo#lost-update.0.@@"), output());
        String message = output().lines().findFirst().orElseThrow();
        assertTrue(message.startsWith("not a replay token for lost-update: rh2.1.0.0x0.demo#lost-update.0.@@ is malformed"), message);
        assertEquals(1, message.split("replay token", -1).length - 1, message);
        assertTrue(message.endsWith("; a token is what follows -Dloopsync.replay= on the replay line of a report of this demo"), message);
    }

    /** Every usage error exits with 2 and names what is wrong. */
    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertEquals(2, run("frobnicate"));
        assertTrue(output().contains("unknown command: frobnicate"), output());
        assertEquals(2, run("explore"));
        assertEquals(2, run("explore", "no-such-demo"));
        assertTrue(output().contains("no demo no-such-demo"), output());
        assertEquals(2, run("explore", "lost-update", "--strategy", "sideways"));
        assertTrue(output().contains("unknown strategy sideways"), output());
        assertEquals(2, run("explore", "lost-update", "--seed"));
        assertTrue(output().contains("--seed needs a value"), output());
        assertEquals(2, run("explore", "lost-update", "--seed", "x"));
        assertEquals(2, run("explore", "lost-update", "--max-schedules", "0"));
        assertEquals(2, run("explore", "lost-update", "--cancellations", "-1"));
        assertEquals(2, run("explore", "lost-update", "--fast"));
        assertTrue(output().contains("unknown option --fast"), output());
        assertEquals(2, run("run", "lost-update", "--strategy", "random"));
        assertEquals(2, run("list", "extra"));
        assertEquals(2, run("replay", "lost-update"));
        assertEquals(2, run("explore", "thread-counter", "--seed", "3"));
    }

    /** An exploration longer than a second prints a progress line each second (on an injected clock). */
    @Test
    void longExplorationsPrintAProgressLineEverySecond() {
        AtomicLong clock = new AtomicLong();
        printed.reset();
        int status = Main.run(new String[] {"explore", "lost-update", "--fixed"}, out, () -> clock.getAndAdd(600_000_000L));
        assertEquals(0, status, output());
        assertTrue(output().contains("schedules explored (1 s)"), output());
    }

    /** help describes the program without arguments as the quick start, which it is, not as a race. */
    @Test
    void helpDescribesTheQuickStart() {
        assertEquals(0, run("help"));
        assertTrue(output().contains("(no command)                  the quick-start program: three downloads"), output());
        assertFalse(output().contains("race caught"), output());
    }

    /** The quick start's closing hint names the jar by a path that exists from the current directory. */
    @Test
    void theQuickStartNamesTheJarFromHere() {
        printed.reset();
        int status = Main.run(new String[0], out, System::nanoTime, MainTest::quickStartOnVirtualTime);
        assertEquals(0, status, output());
        String hint = output().lines().filter(line -> line.startsWith("Race demos: java -jar ")).findFirst().orElseThrow();
        String jar = hint.substring("Race demos: java -jar ".length(), hint.length() - " list".length());
        assertTrue(Files.exists(Launch.root().resolve("race-demos/pom.xml")), "the repository root: " + Launch.root());
        assertEquals(Launch.root().resolve("race-demos/target/race-demos.jar"), Path.of(jar).toAbsolutePath().normalize());
        assertEquals(0, run("help"));
        assertTrue(output().startsWith("usage: java -jar " + jar + " [command]"), output());
    }

    /** A usage error prints what is wrong and where help is, not the whole usage text. */
    @Test
    void usageErrorsAreShort() {
        assertEquals(2, run("explore", "lost-update", "--fast"));
        assertEquals(2, output().strip().split("\\R").length, output());
        assertTrue(output().contains(" help lists the commands"), output());
    }

    /** A mistyped command, demo id or option gets a "did you mean". */
    @Test
    void mistakesGetADidYouMean() {
        assertEquals(2, run("exlpore", "lost-update"));
        assertTrue(output().contains("unknown command: exlpore; did you mean explore?"), output());
        assertEquals(2, run("lsit"));
        assertTrue(output().contains("did you mean list?"), output());
        assertEquals(2, run("explore", "lost-updat"));
        assertTrue(output().contains("no demo lost-updat; did you mean lost-update?"), output());
        assertEquals(2, run("run", "counter"));
        assertTrue(output().contains("did you mean thread-counter?"), output());
        assertEquals(2, run("explore", "lost-update", "--fixd"));
        assertTrue(output().contains("did you mean --fixed?"), output());
        assertEquals(2, run("explore", "zzzzzzzz"));
        assertFalse(output().contains("did you mean"), output());
    }

    /** explore of a thread demo says how long jcstress takes and runs it where its files do not land in the repository. */
    @Test
    void theJcstressHintSaysWhatItCostsAndWritesElsewhere() {
        assertEquals(0, run("explore", "thread-counter"));
        String text = output();
        assertTrue(text.contains("about a minute per test class"), text);
        assertTrue(text.contains("results/"), text);
        String command = text.lines().map(String::strip).filter(line -> line.startsWith("mkdir -p /tmp/")).findFirst().orElseThrow(
                () -> new AssertionError(text));
        assertTrue(command.contains("&& cd /tmp/jcstress-thread-counter && java -jar '"
                + Launch.root().resolve("stress-tests/jcstress/target/jcstress.jar") + "' -m quick -c 2 -t ThreadCounter_01"), command);
    }

    /** run thread-counter shows the lost update: it goes on past its 20 runs until one is lost. */
    @Test
    void theThreadCounterShowsTheRace() {
        assertEquals(0, run("run", "thread-counter"));
        assertTrue(output().contains("=> the race showed in this run"), output());
    }

    /** When a thread race does not show, the verdict says why and where it shows every time. */
    @Test
    void aThreadRaceThatDidNotShowSaysWhy() {
        ThreadDemo counter = Catalogue.findThreadDemo("thread-counter").orElseThrow();
        String verdict = ThreadDemoCommands.output(counter, ThreadResult.asIntended("no update lost"), false);
        assertTrue(verdict.contains("needs the two threads to run at the same moment"), verdict);
        assertTrue(verdict.contains("see explore thread-counter for the jcstress test that shows it reliably"), verdict);
    }

    /** The quick start on a virtual clock, so the test reads no wall clock. */
    private static int quickStartOnVirtualTime(PrintStream out) {
        try (EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            return loop.runUntilComplete(() -> new QuickStart(out).main());
        }
    }
}
