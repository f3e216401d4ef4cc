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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the jcstress jar and turns its verdict into an exit code. jcstress 0.16 exits 0 even when a
 * FORBIDDEN outcome was seen, so this reads its final "Results:" line and fails the build on any
 * failed test or hard error, or if the line is missing. jcstress's progress goes to {@code
 * jcstress-gate.log} in the working directory; the build log gets one line when all passed, and
 * the whole jcstress output when something failed.
 */
public final class Gate {

    private static final Pattern RESULTS = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    /** jcstress's own output, in the working directory. */
    static final String LOG = "jcstress-gate.log";

    private static Path logPath;

    private Gate() {
    }

    /**
     * Runs jcstress.
     *
     * @param args the jar, the mode ({@code sanity}, {@code quick}, {@code default}), the test regex
     * @throws IOException if jcstress cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: Gate <jcstress.jar> <mode> <test regex>");
        }
        String java = System.getProperty("java.home") + "/bin/java";
        List<String> command = new ArrayList<>(List.of(java));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-jar", args[0], "-m", args[1], "-c", "2", "-t", args[2]));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Matcher verdict = null;
        Path log = Path.of(LOG).toAbsolutePath();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer saved = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            saved.write(String.join(" ", command) + System.lineSeparator());
            String line;
            while ((line = output.readLine()) != null) {
                saved.write(line + System.lineSeparator());
                Matcher matcher = RESULTS.matcher(line);
                if (matcher.find()) {
                    verdict = matcher;
                }
            }
        }
        int exit = process.waitFor();
        logPath = log;
        if (verdict == null) {
            fail("jcstress printed no Results line (exit code " + exit + ")");
        }
        int planned = Integer.parseInt(verdict.group(1));
        int failed = Integer.parseInt(verdict.group(3));
        int soft = Integer.parseInt(verdict.group(4));
        int hard = Integer.parseInt(verdict.group(5));
        if (planned == 0) {
            fail("jcstress ran no test: the jar holds no tests (annotation processing?) or the regex matched none");
        }
        if (exit != 0 && failed == 0 && hard == 0) {
            fail("jcstress exited with " + exit + " although its Results line shows no failure");
        }
        if (failed > 0 || hard > 0) {
            fail(failed + " jcstress test(s) failed and " + hard + " had hard errors: a FORBIDDEN outcome was observed");
        }
        System.out.println("jcstress gate: " + planned + " planned, all passed in " + args[1] + " mode"
                + (soft > 0 ? " (" + soft + " soft errors)" : "") + "; full output in " + log);
    }

    private static void fail(String message) throws IOException {
        if (logPath != null) {
            System.out.println(Files.readString(logPath, StandardCharsets.UTF_8));
        }
        System.out.println("jcstress gate: FAILED: " + message + (logPath != null ? " (output above, also in " + logPath + ")" : ""));
        System.exit(1);
    }
}
