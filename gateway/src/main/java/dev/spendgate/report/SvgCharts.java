package dev.spendgate.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Two small self-contained SVG charts: spend by feature (both periods) and the change as a waterfall. */
final class SvgCharts {

    static final String FEATURES_FILE = "spend-by-feature.svg";
    static final String WATERFALL_FILE = "change-waterfall.svg";

    private static final int WIDTH = 640;
    private static final int LABEL = 150;
    private static final int BAR = 12;
    private static final String PREVIOUS = "#b0b7c3";
    private static final String CURRENT = "#3b6fd4";

    private SvgCharts() {
    }

    /** Horizontal bars: each of the top features' spend, previous period (grey) above this period (blue). */
    static String features(WeeklyReport r) {
        List<Breakdown.Row> rows = r.features().rows();
        rows = rows.subList(0, Math.min(MarkdownReport.TOP, rows.size()));
        double max = rows.stream().mapToDouble(x -> Math.max(x.after().cost().doubleValue(),
                x.before().cost().doubleValue())).max().orElse(0);
        StringBuilder svg = open(40 + rows.size() * (2 * BAR + 10), "Spend by feature: " + r.previous().label()
                + " (grey) and " + r.period().label() + " (blue)");
        int y = 34;
        for (Breakdown.Row row : rows) {
            svg.append(text(4, y + BAR + 4, row.key(), "start"));
            bar(svg, y, row.before().cost(), max, PREVIOUS);
            bar(svg, y + BAR, row.after().cost(), max, CURRENT);
            y += 2 * BAR + 10;
        }
        return svg.append("</svg>\n").toString();
    }

    /** Waterfall: previous spend, the four parts of the change, this period's spend. */
    static String waterfall(WeeklyReport r) {
        ChangeDecomposition c = r.totalChange();
        List<String> names = List.of("previous", "requests", "input/request", "output/request", "mix/price", "now");
        List<BigDecimal> steps = List.of(c.requests(), c.inputPerRequest(), c.outputPerRequest(), c.mixAndPrice());
        BigDecimal before = r.totalBefore().cost();
        List<double[]> spans = new ArrayList<>();
        spans.add(new double[] {0, before.doubleValue()});
        BigDecimal level = before;
        for (BigDecimal s : steps) {
            spans.add(new double[] {level.doubleValue(), level.add(s).doubleValue()});
            level = level.add(s);
        }
        spans.add(new double[] {0, level.doubleValue()});
        double max = spans.stream().mapToDouble(s -> Math.max(s[0], s[1])).max().orElse(0);
        int height = 220;
        StringBuilder svg = open(height, "What changed: " + Fmt.usd(before) + " → " + Fmt.usd(level));
        int slot = (WIDTH - 20) / names.size();
        for (int i = 0; i < names.size(); i++) {
            double lo = Math.min(spans.get(i)[0], spans.get(i)[1]);
            double hi = Math.max(spans.get(i)[0], spans.get(i)[1]);
            int top = 30 + (int) Math.round(max == 0 ? 0 : (1 - hi / max) * 150);
            int h = Math.max(1, (int) Math.round(max == 0 ? 0 : (hi - lo) / max * 150));
            boolean down = spans.get(i)[1] < spans.get(i)[0];
            String color = i == 0 || i == names.size() - 1 ? CURRENT : down ? "#3c9d5d" : "#d4553b";
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                    10 + i * slot + 8, top, slot - 16, h, color));
            svg.append(text(10 + i * slot + slot / 2, 200, names.get(i), "middle"));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder svg, int y, BigDecimal value, double max, String color) {
        int w = max == 0 ? 0 : (int) Math.round(value.doubleValue() / max * (WIDTH - LABEL - 80));
        svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                LABEL, y, w, BAR - 1, color));
        svg.append(text(LABEL + w + 4, y + BAR - 2, Fmt.usd(value), "start"));
    }

    private static StringBuilder open(int height, String title) {
        return new StringBuilder(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height))
                .append(text(4, 16, title, "start"));
    }

    private static String text(int x, int y, String s, String anchor) {
        return String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, Fmt.xml(s));
    }
}
