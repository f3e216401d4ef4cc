package io.github.loopsync.benchmarks.report;

import io.github.loopsync.benchmarks.report.Scenario.Role;
import java.util.List;
import java.util.Locale;

/**
 * Writes a horizontal bar chart of nanoseconds per operation on a logarithmic axis, as a
 * self-contained SVG document: one group of bars per scenario, one bar per row, coloured by role.
 * Shorter is faster.
 */
final class BarChart {

    /** One bar. */
    static final class Bar {
        final String group;
        final String label;
        final Role role;
        final double nsPerOp;

        Bar(String group, String label, Role role, double nsPerOp) {
            this.group = group;
            this.label = label;
            this.role = role;
            this.nsPerOp = nsPerOp;
        }
    }

    static final int WIDTH = 960;
    static final int LABEL_WIDTH = 390;
    static final int PLOT_WIDTH = 470;
    static final int BAR_HEIGHT = 14;
    static final int ROW_HEIGHT = 18;
    static final int GROUP_GAP = 26;
    static final int TOP = 48;

    private BarChart() {
    }

    static String color(Role role) {
        switch (role) {
            case LOOPSYNC:
                return "#1f6fb4";
            case PEER:
                return "#8c8c8c";
            case CROSS_THREAD:
                return "#c8c8c8";
            default:
                return "#d1495b";
        }
    }

    /**
     * Renders the chart.
     *
     * @param title the heading
     * @param bars the bars in order; bars of one group must be adjacent; each value must be positive
     * @return the SVG document
     * @throws IllegalArgumentException if there is no bar or a value is not positive
     */
    static String render(String title, List<Bar> bars) {
        if (bars.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one bar");
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Bar bar : bars) {
            if (!(bar.nsPerOp > 0) || Double.isInfinite(bar.nsPerOp)) {
                throw new IllegalArgumentException("bar " + bar.label + ": " + bar.nsPerOp + " (expected: a positive time)");
            }
            min = Math.min(min, bar.nsPerOp);
            max = Math.max(max, bar.nsPerOp);
        }
        int lowDecade = (int) Math.floor(Math.log10(min));
        int highDecade = Math.max(lowDecade + 1, (int) Math.ceil(Math.log10(max)));
        int groups = 0;
        String previous = null;
        for (Bar bar : bars) {
            if (!bar.group.equals(previous)) {
                groups++;
                previous = bar.group;
            }
        }
        int plotBottom = TOP + groups * GROUP_GAP + bars.size() * ROW_HEIGHT;
        int height = plotBottom + 70;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                escape(title)));
        for (int decade = lowDecade; decade <= highDecade; decade++) {
            double x = xOfLog10(decade, lowDecade, highDecade);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e0e0e0\"/>%n",
                    x, TOP - 8, x, plotBottom));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                    x, TOP - 14, decadeLabel(decade)));
        }
        int y = TOP;
        previous = null;
        for (Bar bar : bars) {
            if (!bar.group.equals(previous)) {
                y += GROUP_GAP;
                svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                        y - 8, escape(bar.group)));
                previous = bar.group;
            }
            double width = Math.max(1, x(bar.nsPerOp, lowDecade, highDecade) - LABEL_WIDTH);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LABEL_WIDTH - 8, y + BAR_HEIGHT - 3, escape(plain(bar.label))));
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                    + "<title>%s: %s ns</title></rect>%n", LABEL_WIDTH, y, width, BAR_HEIGHT, color(bar.role),
                    escape(plain(bar.label)), Scenario.number(bar.nsPerOp)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#333\">%s</text>%n",
                    LABEL_WIDTH + width + 4, y + BAR_HEIGHT - 3, escape(timeLabel(bar.nsPerOp))));
            y += ROW_HEIGHT;
        }
        int legendY = plotBottom + 30;
        int legendX = 10;
        for (Role role : Role.values()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    legendX, legendY - 10, color(role)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", legendX + 16, legendY, escape(role.label)));
            legendX += 40 + role.label.length() * 7;
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" fill=\"#555\">Time per operation, logarithmic axis; "
                + "shorter is faster. Compare bars within a group only.</text>%n", legendY + 24));
        return svg.append("</svg>\n").toString();
    }

    /** The x coordinate of {@code nsPerOp} on the log axis. */
    static double x(double nsPerOp, int lowDecade, int highDecade) {
        return xOfLog10(Math.log10(nsPerOp), lowDecade, highDecade);
    }

    /** The x coordinate of a time whose decimal logarithm is {@code log10}, on the log axis. */
    private static double xOfLog10(double log10, int lowDecade, int highDecade) {
        return LABEL_WIDTH + (log10 - lowDecade) * PLOT_WIDTH / (highDecade - lowDecade);
    }

    static String timeLabel(double ns) {
        if (ns >= 1e9) {
            return Scenario.number(ns / 1e9) + " s";
        }
        if (ns >= 1e6) {
            return Scenario.number(ns / 1e6) + " ms";
        }
        if (ns >= 1e3) {
            return Scenario.number(ns / 1e3) + " µs";
        }
        return Scenario.number(ns) + " ns";
    }

    private static String decadeLabel(int decade) {
        String[] units = {"ns", "µs", "ms", "s"};
        if (decade < 0) {
            return String.format(Locale.ROOT, "%s ns", decade == -1 ? "0.1" : decade == -2 ? "0.01" : "1e" + decade);
        }
        int unit = Math.min(decade / 3, units.length - 1);
        long value = (long) Math.pow(10, decade - unit * 3);
        return value + " " + units[unit];
    }

    /** Markdown code spans are for the tables; the chart shows the text plain. */
    private static String plain(String label) {
        return label.replace("`", "");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
