package io.github.loopsync.harness;

import java.util.regex.Pattern;

/** Turns the loop's step descriptions into stable, readable trace text. */
final class Traces {

    private static final Pattern IDENTITY = Pattern.compile("@[0-9a-f]{4,}");
    private static final Pattern LAMBDA = Pattern.compile("[\\w.$]*\\$\\$Lambda[\\w$/.]*");
    private static final Pattern PACKAGE = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z])");

    private Traces() {
    }

    /** Removes identity hashes, lambda class names and package prefixes, which change run to run. */
    static String stable(String text) {
        if (text == null) {
            return "";
        }
        String result = IDENTITY.matcher(text).replaceAll("");
        result = LAMBDA.matcher(result).replaceAll("callback");
        return PACKAGE.matcher(result).replaceAll("$1");
    }

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** The first stack frame outside loopsync's library packages and the JDK, as {@code File.java:line}. */
    static String userFrame() {
        return WALKER.walk(frames -> frames
                .filter(frame -> !isLibrary(frame.getClassName()))
                .findFirst()
                .map(frame -> frame.getFileName() + ":" + frame.getLineNumber())
                .orElse(""));
    }

    private static boolean isLibrary(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("io.github.loopsync.loop.") || className.startsWith("io.github.loopsync.sync.")
                || className.startsWith("io.github.loopsync.queue.") || className.startsWith("io.github.loopsync.bridge.")
                || className.startsWith("io.github.loopsync.internal.") || className.startsWith("io.github.loopsync.harness.Traces")
                || className.startsWith("io.github.loopsync.harness.ControlledRun");
    }

    /** A short description of a step. */
    static String describe(String description) {
        String text = stable(description);
        if (text.startsWith("deliver ")) {
            return "resumes: " + text.substring("deliver ".length());
        }
        return text;
    }
}
