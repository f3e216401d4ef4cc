package io.github.loopsync.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a failing run as a swimlane timeline, one lane per task (and one for callbacks that run for
 * no task), one row per step, with the primitives' events in the lane of the task they concern:
 * as text for the console and as an SVG image. Both are deterministic: the same run draws the same
 * bytes.
 */
final class Timeline {

    /** The widest a lane gets, in characters; longer texts are cut with an ellipsis. */
    private static final int MAX_CELL = 26;
    private static final int SVG_CHAR = 7;
    private static final int SVG_ROW = 20;
    private static final int SVG_LEFT = 110;
    private static final int SVG_TOP = 56;

    /** One row: a step, or an event of a step shown in a lane. */
    private static final class Row {
        final ControlledRun.Step step;
        final int lane;
        final String text;
        final boolean event;

        Row(ControlledRun.Step step, int lane, String text, boolean event) {
            this.step = step;
            this.lane = lane;
            this.text = text;
            this.event = event;
        }
    }

    private final List<String> lanes = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final int[] widths;
    private final int[] first;
    private final int[] last;
    private final int failureStep;

    private Timeline(List<ControlledRun.Step> steps, int failureStep) {
        this.failureStep = failureStep;
        Map<String, Integer> index = new LinkedHashMap<>();
        boolean loopLane = false;
        for (ControlledRun.Step step : steps) {
            if (step.task.equals("-")) {
                loopLane = true;
            } else if (step.number != Reports.ELIDED) {
                index.putIfAbsent(step.task, index.size());
            }
        }
        lanes.addAll(index.keySet());
        if (loopLane) {
            index.put("-", lanes.size());
            lanes.add(Reports.LOOP_LANE);
        }
        for (ControlledRun.Step step : steps) {
            if (step.number == Reports.ELIDED) {
                rows.add(new Row(step, -1, step.what, false));
                continue;
            }
            int lane = index.get(step.task);
            rows.add(new Row(step, lane, "* " + Reports.readable(step), false));
            for (String event : step.events) {
                Integer subject = index.get(subject(event));
                rows.add(new Row(step, subject != null ? subject : lane, "+ " + event, true));
            }
        }
        widths = new int[lanes.size()];
        first = new int[lanes.size()];
        last = new int[lanes.size()];
        java.util.Arrays.fill(first, -1);
        for (int i = 0; i < lanes.size(); i++) {
            widths[i] = Math.max(lanes.get(i).length(), 8);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            if (row.lane < 0) {
                continue;
            }
            widths[row.lane] = Math.min(MAX_CELL, Math.max(widths[row.lane], row.text.length()));
            if (first[row.lane] < 0) {
                first[row.lane] = r;
            }
            last[row.lane] = r;
        }
    }

    /** The task an event concerns, when it is not the task whose step it happened in. */
    private static String subject(String event) {
        int granted = event.indexOf(" granted to ");
        if (granted >= 0) {
            return event.substring(granted + " granted to ".length());
        }
        if (event.startsWith("the harness cancels ")) {
            return event.substring("the harness cancels ".length());
        }
        if (event.startsWith("wait of ")) {
            int end = event.indexOf(" on ");
            return end < 0 ? "" : event.substring("wait of ".length(), end);
        }
        return "";
    }

    /** The console timeline of the steps a report shows. */
    static String console(List<ControlledRun.Step> steps, int failureStep) {
        return new Timeline(steps, failureStep).console();
    }

    /** The SVG timeline of the steps a report shows, titled with the failure. */
    static String svg(List<ControlledRun.Step> steps, int failureStep, String title) {
        return new Timeline(steps, failureStep).svg(title);
    }

    private String console() {
        StringBuilder text = new StringBuilder(
                "timeline (a lane per task; * a step of the task, + what a primitive did, : the task is alive)\n");
        text.append(String.format(Locale.ROOT, " %-6s %-8s", "step", "time"));
        for (int i = 0; i < lanes.size(); i++) {
            text.append(" | ").append(pad(lanes.get(i), widths[i]));
        }
        text.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            if (row.lane < 0) {
                text.append(' ').append(row.text).append('\n');
                continue;
            }
            String number = row.event ? "" : "#" + row.step.number;
            String time = row.event ? "" : Reports.time(row.step.nanos);
            text.append(String.format(Locale.ROOT, " %-6s %-8s", number, time));
            for (int i = 0; i < lanes.size(); i++) {
                String cell = i == row.lane ? row.text : r > first[i] && r < last[i] ? ":" : "";
                text.append(" | ").append(pad(cell, widths[i]));
            }
            trimEnd(text);
            text.append(row.step.number == failureStep && !row.event ? "   <- fails" : "").append('\n');
        }
        return text.toString();
    }

    private String svg(String title) {
        int[] x = new int[lanes.size() + 1];
        x[0] = SVG_LEFT;
        for (int i = 0; i < lanes.size(); i++) {
            x[i + 1] = x[i] + widths[i] * SVG_CHAR + 20;
        }
        int width = x[lanes.size()] + 10;
        int height = SVG_TOP + rows.size() * SVG_ROW + 16;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"18\" font-size=\"12\" font-weight=\"bold\" fill=\"#b91c1c\">"
                + "%s</text>%n", escape(cut(title, (width - 16) / SVG_CHAR))));
        svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\" font-weight=\"bold\">step</text>"
                + "<text x=\"52\" y=\"%d\" font-weight=\"bold\">time</text>%n", SVG_TOP - 14, SVG_TOP - 14));
        for (int i = 0; i < lanes.size(); i++) {
            int center = (x[i] + x[i + 1]) / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s"
                    + "</text>%n", center, SVG_TOP - 14, escape(lanes.get(i))));
            if (first[i] >= 0) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9ca3af\" "
                        + "stroke-dasharray=\"3,3\"/>%n", center, rowY(first[i]) - 6, center, rowY(last[i]) - 6));
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y = rowY(r);
            if (row.lane < 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\" fill=\"#6b7280\">%s</text>%n", y,
                        escape(row.text)));
                continue;
            }
            if (!row.event) {
                svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\">#%d</text><text x=\"52\" y=\"%d\">%s</text>%n",
                        y, row.step.number, y, Reports.time(row.step.nanos)));
            }
            int left = x[row.lane] + 4;
            int boxWidth = x[row.lane + 1] - x[row.lane] - 8;
            String text = escape(cut(row.text.substring(2), widths[row.lane]));
            if (row.event) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", left + 6, y,
                        eventColour(row.text), text));
            } else {
                boolean failing = row.step.number == failureStep;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" rx=\"3\" "
                        + "fill=\"%s\" stroke=\"%s\" stroke-width=\"%d\"/>%n", left, y - 12, boxWidth, fill(row),
                        failing ? "#dc2626" : "#9ca3af", failing ? 2 : 1));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left + 6, y, text));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static int rowY(int row) {
        return SVG_TOP + row * SVG_ROW + 8;
    }

    private static String fill(Row row) {
        if (row.text.startsWith("* timer:")) {
            return "#fef3c7";
        }
        return row.step.task.equals("-") ? "#f3f4f6" : "#dbeafe";
    }

    private static String eventColour(String event) {
        if (event.contains("cancel")) {
            return "#b91c1c";
        }
        return event.contains("granted") || event.contains(" acquires ") ? "#15803d" : "#374151";
    }

    private static String pad(String text, int width) {
        String cell = cut(text, width);
        return cell + " ".repeat(width - cell.length());
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static void trimEnd(StringBuilder text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        text.setLength(end);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
