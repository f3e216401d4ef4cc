package io.github.loopsync.demos;

import java.util.Optional;

/** What the command line says when {@code replay} refuses a token: once, and what to type instead. */
final class ReplayTokens {

    private static final String DEMO_TEST = "demo#";
    private static final String FIXED = "-fixed";

    private ReplayTokens() {
    }

    /**
     * The demo variant a token was recorded on, as {@code Main.options} names it ({@code
     * lost-update} or {@code lost-update-fixed}), read from the token's test field; empty if the
     * token does not have the fields of a current token or was not recorded on a demo.
     */
    static Optional<String> recordedOn(String token) {
        String[] fields = token.trim().split("\\.", -1);
        if (fields.length != 7 || !fields[4].startsWith(DEMO_TEST)) {
            return Optional.empty();
        }
        return Optional.of(fields[4].substring(DEMO_TEST.length()));
    }

    /**
     * The usage error for a token recorded on another demo or variant than the one asked for,
     * with the command that replays it; empty if it was recorded on this one (or on no demo).
     */
    static Optional<String> wrongDemo(String token, String id, boolean fixed) {
        String here = id + (fixed ? FIXED : "");
        return recordedOn(token).filter(there -> !there.equals(here)).map(there -> {
            boolean fixedThere = there.endsWith(FIXED) && Catalogue.find(there.substring(0, there.length() - FIXED.length())).isPresent();
            String arguments = fixedThere ? there.substring(0, there.length() - FIXED.length()) + " --fixed" : there;
            return "that token was recorded on demo " + arguments + ", not " + id + (fixed ? " --fixed" : "")
                    + "; replay it with: " + Launch.self() + " replay " + arguments + " <token>";
        });
    }

    /** The usage error for a token the harness refused, naming the reason once. */
    static String refused(String id, boolean fixed, String reason) {
        String withoutPrefix = reason.startsWith("replay token: ") ? reason.substring("replay token: ".length())
                : reason.startsWith("replay token ") ? reason.substring("replay token ".length()) : reason;
        return "not a replay token for " + id + (fixed ? " --fixed" : "") + ": " + withoutPrefix
                + "; a token is what follows -Dloopsync.replay= on the replay line of a report of this demo";
    }
}
