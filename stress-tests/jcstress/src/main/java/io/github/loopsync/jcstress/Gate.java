package io.github.loopsync.jcstress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the jcstress jar once per requested run and turns the verdicts into an exit code. jcstress
 * 0.16 exits 0 even when a FORBIDDEN outcome was seen, so this reads each run's final "Results:"
 * line. A {@code pass} run fails the build on any failed configuration or hard error; a {@code
 * fail} run (the broken twins) fails the build unless each of its tests failed in at least one
 * configuration. Either fails when the line
 * is missing or no test ran. jcstress's progress goes to {@code jcstress-gate.log} in the working
 * directory; the build log gets one line per run when all went as expected, and the whole jcstress
 * output when something did not.
 */
public final class Gate {

    private static final Pattern RESULTS = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");
    /** A configuration of a test that saw a FORBIDDEN outcome. */
    private static final Pattern FAILED = Pattern.compile("\\[FAILED\\]\\s+(\\S+)");
    /** A test name as {@code -l} lists it. */
    private static final Pattern TEST_NAME = Pattern.compile("^\\s*([a-z][\\w]*(?:\\.[\\w$]+)+)\\s*$");

    /** jcstress's own output, in the working directory. */
    static final String LOG = "jcstress-gate.log";

    private Gate() {
    }

    /**
     * Runs jcstress.
     *
     * @param args the jar, then one or more runs of three arguments each: {@code pass} or {@code
     *     fail} (what every test of the run must do), the mode ({@code sanity}, {@code quick},
     *     {@code default}), and the test regex
     * @throws IOException if jcstress cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 4 || (args.length - 1) % 3 != 0) {
            throw new IllegalArgumentException("usage: Gate <jcstress.jar> (pass|fail <mode> <test regex>)...");
        }
        Path log = Path.of(LOG).toAbsolutePath();
        List<String> summaries = new ArrayList<>();
        String failure = null;
        try (Writer saved = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 1; i < args.length && failure == null; i += 3) {
                String expected = args[i];
                if (!expected.equals("pass") && !expected.equals("fail")) {
                    throw new IllegalArgumentException("expected pass or fail, got: " + expected);
                }
                failure = run(args[0], expected.equals("pass"), args[i + 1], args[i + 2], saved, summaries);
            }
        }
        if (failure != null) {
            System.out.println(Files.readString(log, StandardCharsets.UTF_8));
            System.out.println("jcstress gate: FAILED: " + failure + " (output above, also in " + log + ")");
            System.exit(1);
        }
        summaries.forEach(System.out::println);
        System.out.println("jcstress gate: full output in " + log);
    }

    /** The names of the tests a run's regex selects, from jcstress's {@code -l}. */
    private static Set<String> listTests(List<String> runCommand) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(runCommand);
        int mode = command.indexOf("-m");
        command.subList(mode, mode + 4).clear();               // -m <mode> -c 2
        command.add(command.indexOf("-t"), "-l");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Set<String> names = new TreeSet<>();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                Matcher name = TEST_NAME.matcher(line);
                if (name.matches()) {
                    names.add(name.group(1));
                }
            }
        }
        process.waitFor();
        return names;
    }

    /** One jcstress run; returns why it went wrong, or null. */
    private static String run(String jar, boolean mustPass, String mode, String tests, Writer saved, List<String> summaries)
            throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + "/bin/java";
        List<String> command = new ArrayList<>(List.of(java));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-jar", jar, "-m", mode, "-c", "2", "-t", tests));
        long start = System.nanoTime();
        Set<String> expectedToFail = mustPass ? Set.of() : listTests(command);
        Set<String> failedTests = new TreeSet<>();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Matcher verdict = null;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            saved.write(String.join(" ", command) + System.lineSeparator());
            String line;
            while ((line = output.readLine()) != null) {
                saved.write(line + System.lineSeparator());
                Matcher matcher = RESULTS.matcher(line);
                if (matcher.find()) {
                    verdict = matcher;
                }
                Matcher failedTest = FAILED.matcher(line);
                if (failedTest.find()) {
                    failedTests.add(failedTest.group(1));
                }
            }
            saved.flush();
        }
        int exit = process.waitFor();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String run = "'" + tests + "' in " + mode + " mode";
        if (verdict == null) {
            return "jcstress printed no Results line for " + run + " (exit code " + exit + ")";
        }
        int planned = Integer.parseInt(verdict.group(1));
        int failed = Integer.parseInt(verdict.group(3));
        int soft = Integer.parseInt(verdict.group(4));
        int hard = Integer.parseInt(verdict.group(5));
        if (planned == 0) {
            return "jcstress ran no test for " + run + ": the jar holds no tests (annotation processing?) or the regex matched none";
        }
        if (hard > 0) {
            return hard + " jcstress test(s) of " + run + " had hard errors";
        }
        if (mustPass && failed > 0) {
            return failed + " jcstress test(s) of " + run + " failed: a FORBIDDEN outcome was observed";
        }
        if (mustPass && exit != 0) {
            return "jcstress exited with " + exit + " for " + run + " although its Results line shows no failure";
        }
        if (!mustPass) {
            Set<String> passing = new TreeSet<>(expectedToFail);
            passing.removeAll(failedTests);
            if (expectedToFail.isEmpty() || !passing.isEmpty()) {
                return "broken twin(s) " + (expectedToFail.isEmpty() ? "(none listed)" : passing) + " of " + run
                        + " passed in every configuration: the test no longer catches its bug";
            }
        }
        summaries.add("jcstress gate: " + planned + " configurations " + (mustPass ? "passed"
                : "run, and each of " + expectedToFail.size() + " broken twins failed, as it must,")
                + " in " + mode + " mode (" + seconds + " s)" + (soft > 0 ? ", " + soft + " soft errors" : "")
                + ": " + tests);
        return null;
    }
}
