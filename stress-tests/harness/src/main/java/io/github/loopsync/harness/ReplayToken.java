package io.github.loopsync.harness;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The replay token of a schedule: the settings that shape the choice points (ordering model,
 * cancellation bound and leniency, timer jitter), the test it was recorded on, a fingerprint of the
 * scenario as explored, and the choice list (each choice an index into the candidates met at that
 * point, 0 = default) with the candidate counts, so that a replay that meets different choice
 * points says where it diverged.
 *
 * <p>Format: {@code rh2.<ordering>.<cancellations>[l].<jitter>.<test>.<scenario>.<choices>}:
 * the jitter as {@code <microseconds>x<late timers per run>}, the test's name with every character
 * but letters, digits, {@code _ # -} written as {@code ~} and four hex digits, the scenario fingerprint as 8 hex digits, the choices as base64url varints. Tokens of the
 * first format ({@code rh1}) carried no fingerprint and are refused.
 */
final class ReplayToken {

    private static final String VERSION = "rh2";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    final Ordering ordering;
    final int cancellations;
    /** The injected cancellations were judged leniently (the default); written as an {@code l} after the count. */
    final boolean lenient;
    /** The bound of timer jitter in microseconds; 0 when jitter was off. */
    final long jitterMicros;
    /** How many timers per run may fire late. */
    final int lateTimers;
    /** The test the token was recorded on. */
    final String test;
    /** The fingerprint of the scenario as explored: its tasks and the candidates at every choice point. */
    final int scenario;
    final int[] choices;
    final int[] candidates;

    ReplayToken(Ordering ordering, int cancellations, boolean lenient, long jitterMicros, int lateTimers, String test,
            int scenario, int[] choices, int[] candidates) {
        this.ordering = ordering;
        this.cancellations = cancellations;
        this.lenient = lenient;
        this.jitterMicros = jitterMicros;
        this.lateTimers = lateTimers;
        this.test = test;
        this.scenario = scenario;
        this.choices = choices;
        this.candidates = candidates;
    }

    static ReplayToken of(RaceOptions options, String test, Chooser chooser) {
        int[] candidates = new int[chooser.decisions.size()];
        for (int i = 0; i < candidates.length; i++) {
            candidates[i] = chooser.decisions.get(i).candidates;
        }
        return new ReplayToken(options.ordering(), options.cancellations(), options.lenientCancellations(),
                options.timerJitter().toNanos() / 1_000, options.lateTimers(), test, chooser.fingerprint(),
                chooser.choices(), candidates);
    }

    /** The scenario fingerprint as printed in tokens and messages. */
    static String hex(int fingerprint) {
        return String.format(Locale.ROOT, "%08x", fingerprint);
    }

    String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < choices.length; i++) {
            writeVarint(bytes, candidates[i]);
            writeVarint(bytes, choices[i]);
        }
        return VERSION + "." + ordering.ordinal() + "." + cancellations + (lenient ? "l" : "") + "." + jitterMicros + "x"
                + lateTimers + "." + escape(test) + "." + hex(scenario)
                + "." + ENCODER.encodeToString(bytes.toByteArray());
    }

    static ReplayToken decode(String token) {
        String trimmed = token.trim();
        if (trimmed.startsWith("rh1.")) {
            throw new IllegalArgumentException("replay token " + trimmed + " was recorded by an older harness (format rh1), "
                    + "which did not record the test or the scenario, so a replay could not tell a wrong token from a "
                    + "fixed bug; it is refused: explore the test again for a current (rh2) token");
        }
        String[] parts = trimmed.split("\\.", -1);
        if (parts.length != 7 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("replay token: " + token
                    + " (expected: rh2.<ordering>.<cancellations>.<jitter>.<test>.<scenario>.<choices>)");
        }
        try {
            Ordering ordering = Ordering.values()[Integer.parseInt(parts[1])];
            boolean lenient = parts[2].endsWith("l");
            int cancellations = Integer.parseInt(lenient ? parts[2].substring(0, parts[2].length() - 1) : parts[2]);
            String[] jitter = parts[3].split("x", -1);
            if (jitter.length != 2) {
                throw new IllegalArgumentException("jitter " + parts[3] + " (expected: <microseconds>x<count>)");
            }
            long jitterMicros = Long.parseLong(jitter[0]);
            int lateTimers = Integer.parseInt(jitter[1]);
            String test = unescape(parts[4]);
            int scenario = Integer.parseUnsignedInt(parts[5], 16);
            byte[] bytes = Base64.getUrlDecoder().decode(parts[6]);
            List<Integer> values = new ArrayList<>();
            int[] position = {0};
            while (position[0] < bytes.length) {
                values.add(readVarint(bytes, position));
            }
            if (values.size() % 2 != 0) {
                throw new IllegalArgumentException("odd number of varints");
            }
            int[] candidates = new int[values.size() / 2];
            int[] choices = new int[values.size() / 2];
            for (int i = 0; i < choices.length; i++) {
                candidates[i] = values.get(2 * i);
                choices[i] = values.get(2 * i + 1);
            }
            return new ReplayToken(ordering, cancellations, lenient, jitterMicros, lateTimers, test, scenario, choices,
                    candidates);
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException("replay token: " + token + " is malformed (" + malformed.getMessage() + ")",
                    malformed);
        }
    }

    /** The test's name as a token field: shell-safe and free of the separator. */
    private static String escape(String name) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '#'
                    || c == '-') {
                text.append(c);
            } else {
                text.append('~').append(String.format(Locale.ROOT, "%04x", (int) c));
            }
        }
        return text.toString();
    }

    private static String unescape(String field) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '~') {
                if (i + 5 > field.length()) {
                    throw new IllegalArgumentException("test name " + field + " ends inside an escape");
                }
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            out.write((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write(rest);
    }

    private static int readVarint(byte[] in, int[] position) {
        int value = 0;
        int shift = 0;
        for (;;) {
            if (position[0] >= in.length || shift > 28) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte next = in[position[0]++];
            value |= (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }
}
