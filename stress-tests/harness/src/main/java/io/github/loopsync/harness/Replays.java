package io.github.loopsync.harness;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Replaying: which test a token belongs to, which token (if any) the {@code loopsync.replay}
 * property selects for the test being explored, and the replay run, which refuses a token
 * recorded on another test or on another scenario.
 */
final class Replays {

    /** The system property that asks for replays instead of explorations. */
    static final String PROPERTY = "loopsync.replay";

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Object HARNESS = codeSource(Replays.class);

    private Replays() {
    }

    /** The test's name: the one the options give, else the method that called the harness. */
    static String testOf(RaceOptions options) {
        String named = options.testName();
        return named != null ? named : caller();
    }

    /**
     * The token that {@code -Dloopsync.replay} selects for {@code test}, or {@code null}. The
     * property holds entries separated by commas, each a token (which selects the test it was
     * recorded on) or {@code Class#method=token} (which selects the named test; the class may be
     * fully qualified). A token that cannot be read is refused in every test, since it is unknown
     * which test it was meant for.
     */
    static String selected(String test) {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        String found = null;
        for (String entry : value.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.lastIndexOf('=');
            String token = equals < 0 ? trimmed : trimmed.substring(equals + 1).strip();
            boolean selects = equals < 0 ? ReplayToken.decode(token).test.equals(test)
                    : names(trimmed.substring(0, equals).strip(), test);
            if (selects) {
                if (found != null) {
                    throw new IllegalArgumentException("-D" + PROPERTY + " selects two tokens for test " + test + ": "
                            + found + " and " + token + " (expected: at most one per test)");
                }
                found = token;
            }
        }
        return found;
    }

    /** Whether a selector ({@code Class#method}, the class simple or fully qualified) names the test. */
    private static boolean names(String selector, String test) {
        return selector.equals(test) || selector.endsWith("." + test);
    }

    /**
     * Runs exactly the schedule of a token on the test {@code test}: refuses a token recorded on
     * another test before running, and one recorded on another scenario (other tasks or other
     * candidates at a choice point) after the run, naming both.
     */
    static RaceResult replay(String encoded, String test, Function<RaceRun, ? extends CompletionStage<?>> body,
            RaceOptions base) {
        ReplayToken token = ReplayToken.decode(encoded);
        if (!token.test.equals(test)) {
            throw new IllegalArgumentException("replay token " + encoded + " was recorded on test " + token.test
                    + " (scenario " + ReplayToken.hex(token.scenario) + "), and this is test " + test
                    + ": a token replays only the test it was recorded on. To pin it in another test on purpose, name "
                    + "the test it was recorded on: @RaceReplay(value = \"...\", recordedOn = \"" + token.test
                    + "\") or RaceOptions.test(\"" + token.test + "\")");
        }
        RaceOptions options = base.ordering(token.ordering).cancellations(token.cancellations, token.lenient)
                .jitter(Duration.ofNanos(token.jitterMicros * 1_000), token.lateTimers).strategy(Strategy.FIFO);
        long started = System.nanoTime();
        Chooser.Prefix chooser = new Chooser.Prefix(token.choices, token.candidates);
        ControlledRun run = ControlledRun.execute(body, options, chooser, true);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (chooser.divergence != null || chooser.fingerprint() != token.scenario) {
            throw new IllegalArgumentException("replay token " + encoded + " was recorded on test " + token.test
                    + ", scenario " + ReplayToken.hex(token.scenario) + " (" + token.choices.length
                    + " choice points), but test " + test + " ran scenario " + ReplayToken.hex(chooser.fingerprint()) + " ("
                    + chooser.decisions.size() + " choice points)"
                    + (chooser.divergence != null ? ": the " + chooser.divergence : "")
                    + ". The scenario is not the one recorded: another scenario of the same test (give each its own "
                    + "RaceOptions.test name), code changed since, or a nondeterministic scenario");
        }
        if (run.failure == null) {
            return new RaceResult(null, "replay of " + encoded + " passed", null, 1, false, -1, elapsed, false);
        }
        String report = Reports.failure(run, options, 1, encoded, false);
        return new RaceResult(run.failure, report, encoded, 1, false, chooser.deviations(), elapsed, false)
                .svg(Reports.svg(run));
    }

    /** The first caller outside the harness, as {@code SimpleClass#method} (a lambda named after its method). */
    private static String caller() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(each -> !isInfrastructure(each.getDeclaringClass()))
                .findFirst());
        if (frame.isEmpty()) {
            return "unknown#unknown";
        }
        Class<?> type = frame.get().getDeclaringClass();
        while (type.getEnclosingClass() != null && type.isAnonymousClass()) {
            type = type.getEnclosingClass();
        }
        String method = frame.get().getMethodName();
        if (method.startsWith("lambda$")) {
            int end = method.indexOf('$', "lambda$".length());
            method = method.substring("lambda$".length(), end < 0 ? method.length() : end);
        }
        String name = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
        return name + "#" + method;
    }

    /** The JDK, and the harness's own classes (not tests that share its package). */
    private static boolean isInfrastructure(Class<?> type) {
        String name = type.getName();
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return true;
        }
        Object source = codeSource(type);
        return source != null && source.equals(HARNESS) && type.getPackageName().equals(Replays.class.getPackageName());
    }

    private static Object codeSource(Class<?> type) {
        java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
