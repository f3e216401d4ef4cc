package io.github.loopsync.harness;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the loop's own descriptions of a step (class names, state words, ISO durations) into the
 * words a reader of a report uses: "resumes: sleep 10 ms", "gather of 3 failed: ...", "timer:
 * timeout of 5 ms expires". Used only to render reports; the recorded text stays as the loop gave it.
 */
final class StepText {

    /** A future's own description at the end of a text: {@code Name[state words]}. */
    private static final Pattern FUTURE = Pattern.compile("([A-Z][A-Za-z0-9]*)\\[([^\\[\\]]*)\\]$");
    /** A primitive's state inside a description: {@code AsyncLock[locked, waiters:1]}. */
    private static final Pattern PRIMITIVE_STATE = Pattern.compile("\\b([A-Z][A-Za-z0-9]*)\\[[^\\[\\]]*\\]");
    private static final Pattern ISO_DURATION = Pattern.compile("\\bPT[0-9.]+[HMS](?:[0-9.]+[MS])?(?:[0-9.]+S)?");
    private static final Pattern SLEEP = Pattern.compile("sleep\\(([^)]*)\\)");
    private static final Pattern TASK = Pattern.compile("Task\\[([^,\\]]+)(?:, ([a-z ]+))?[^\\]]*\\]");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z])(?=[A-Z])");

    private StepText() {
    }

    /**
     * The readable form of one step's description.
     *
     * @param raw the step as recorded (stable text: no identity hashes, no packages)
     * @param callback whether the step runs for no task (a timer, a delivery to stages)
     */
    static String readable(String text, boolean callback) {
        if (text.startsWith("start of ")) {
            return "starts";
        }
        if (text.startsWith("wake ")) {
            return "timer: " + future(text.substring("wake ".length()), false) + " ends";
        }
        if (text.startsWith("deliver ")) {
            return (callback ? "delivers: " : "resumes: ") + future(text.substring("deliver ".length()), true);
        }
        if (text.startsWith("continue ")) {
            return "continues: " + future(text.substring("continue ".length()), true);
        }
        if (text.startsWith("timeout after ")) {
            return "timer: timeout of " + durations(text.substring("timeout after ".length())) + " expires";
        }
        if (text.endsWith(" expires") || text.startsWith("external event")) {
            return (text.startsWith("external") ? "" : "timer: ") + durations(text);
        }
        return durations(text);
    }

    /** A future: what it is (from its prefix or class) and its state, without delivery details. */
    static String future(String text, boolean withState) {
        Matcher task = TASK.matcher(text);
        if (task.matches()) {
            String state = task.group(2) == null || task.group(2).equals("pending") ? "" : " " + task.group(2);
            return task.group(1) + (withState ? state : "");
        }
        Matcher own = FUTURE.matcher(text);
        if (!own.find()) {
            return durations(text);
        }
        String prefix = text.substring(0, own.start()).trim();
        String name = prefix.isEmpty() || prefix.equals("stage") ? typeName(own.group(1), prefix) : what(prefix);
        String state = state(own.group(2));
        return name + (withState && !state.isEmpty() ? " " + state : "");
    }

    /** The description a future's own type gives it, when nothing says more. */
    private static String typeName(String type, String prefix) {
        if (prefix.equals("stage")) {
            return "next stage";
        }
        switch (type) {
            case "LoopFuture":
            case "CompositeFuture":
                return "future";
            case "WaitFor":
                return "waitFor";
            case "Relay":
                return "asCompleted result";
            case "SleepFuture":
                return "sleep";
            case "LockWaiter":
                return "lock acquire";
            case "PermitWaiter":
                return "semaphore acquire";
            case "EventWaiter":
                return "event await";
            case "ConditionWaiter":
            case "PredicateWait":
                return "condition wait";
            case "BarrierWaiter":
                return "barrier await";
            case "GetWaiter":
            case "LoopGetter":
                return "queue get";
            case "PutWaiter":
            case "LoopPutter":
                return "queue put";
            case "JoinWaiter":
                return "queue join";
            default:
                return CAMEL.matcher(type).replaceAll(" ").toLowerCase(Locale.ROOT);
        }
    }

    /** What the prefix says the future is: "sleep 10 ms", "acquire of AsyncLock", "gather of 3". */
    private static String what(String prefix) {
        Matcher sleep = SLEEP.matcher(prefix);
        String text = sleep.replaceAll(match -> "sleep " + duration(match.group(1)));
        text = PRIMITIVE_STATE.matcher(text).replaceAll("$1");
        return durations(text);
    }

    /** The state words worth showing: failures and cancellations, grants; not "pending" or "completed". */
    private static String state(String words) {
        String text = words.replaceAll(", task=[^,\\]]*", "").replace(", delivery pending", "");
        if (text.startsWith("granted")) {
            return "granted";
        }
        if (text.equals("pending") || text.equals("completed") || text.isEmpty()) {
            return "";
        }
        return durations(text);
    }

    /** Replaces every ISO-8601 duration in {@code text} with "10 ms", "1.5 s". */
    static String durations(String text) {
        Matcher matcher = ISO_DURATION.matcher(text);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(duration(match.group())));
    }

    /** One ISO-8601 duration as a person writes it; unparsable text comes back unchanged. */
    static String duration(String iso) {
        try {
            Duration duration = Duration.parse(iso);
            long nanos = duration.toNanos();
            if (nanos < 1_000_000_000L) {
                return decimal(nanos / 1e6) + " ms";
            }
            return decimal(nanos / 1e9) + " s";
        } catch (DateTimeParseException | ArithmeticException notADuration) {
            return iso;
        }
    }

    private static String decimal(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * A failure message with the loop's internal descriptions made readable: tasks by name and
     * what they wait on, durations in milliseconds.
     */
    static String message(String text) {
        Matcher task = TASK.matcher(text);
        String result = task.replaceAll(match -> {
            String whole = match.group();
            int waiting = whole.indexOf("waiting on ");
            String on = waiting < 0 ? "" : " waiting on " + typeName(whole.substring(waiting + "waiting on ".length(),
                    whole.length() - 1).replace(" and more", ""), "");
            return Matcher.quoteReplacement(match.group(1) + on);
        });
        return durations(result);
    }
}
