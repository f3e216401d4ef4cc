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

    /** A short description of a step. */
    static String describe(String description) {
        String text = stable(description);
        if (text.startsWith("deliver ")) {
            return "resumes: " + text.substring("deliver ".length());
        }
        return text;
    }
}
