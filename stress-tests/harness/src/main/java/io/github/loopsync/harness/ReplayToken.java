package io.github.loopsync.harness;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The replay token of a schedule: the ordering model, the cancellation bound and the choice list
 * (each choice an index into the candidates met at that point, 0 = default), with the candidate
 * counts so that a replay that meets different choice points says where it diverged.
 * Format: {@code rh1.<ordering>.<cancellations>[l].<base64url varints>}.
 */
final class ReplayToken {

    final Ordering ordering;
    final int cancellations;
    /** The injected cancellations were judged leniently (the default); written as an {@code l} after the count. */
    final boolean lenient;
    final int[] choices;
    final int[] candidates;

    ReplayToken(Ordering ordering, int cancellations, boolean lenient, int[] choices, int[] candidates) {
        this.ordering = ordering;
        this.cancellations = cancellations;
        this.lenient = lenient;
        this.choices = choices;
        this.candidates = candidates;
    }

    static ReplayToken of(RaceOptions options, Chooser chooser) {
        int[] candidates = new int[chooser.decisions.size()];
        for (int i = 0; i < candidates.length; i++) {
            candidates[i] = chooser.decisions.get(i).candidates;
        }
        return new ReplayToken(options.ordering(), options.cancellations(), options.lenientCancellations(), chooser.choices(),
                candidates);
    }

    String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < choices.length; i++) {
            writeVarint(bytes, candidates[i]);
            writeVarint(bytes, choices[i]);
        }
        return "rh1." + ordering.ordinal() + "." + cancellations + (lenient ? "l" : "") + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    static ReplayToken decode(String token) {
        String[] parts = token.trim().split("\\.", 4);
        if (parts.length != 4 || !parts[0].equals("rh1")) {
            throw new IllegalArgumentException("replay token: " + token + " (expected: rh1.<ordering>.<cancellations>.<choices>)");
        }
        try {
            Ordering ordering = Ordering.values()[Integer.parseInt(parts[1])];
            boolean lenient = parts[2].endsWith("l");
            int cancellations = Integer.parseInt(lenient ? parts[2].substring(0, parts[2].length() - 1) : parts[2]);
            byte[] bytes = Base64.getUrlDecoder().decode(parts[3]);
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
            return new ReplayToken(ordering, cancellations, lenient, choices, candidates);
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException("replay token: " + token + " is malformed (" + malformed.getMessage() + ")",
                    malformed);
        }
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
            byte next = in[position[0]++];
            value |= (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }
}
