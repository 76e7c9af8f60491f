package dev.spendgate.testkit;

import java.math.BigDecimal;
import java.util.Map;

/** Reads values out of Prometheus text exposition, for assertions on what {@code /metrics} serves. */
public final class PromText {

    private PromText() {
    }

    /**
     * Sum of all samples of {@code metric} whose labels include every pair in {@code labels}, as an exact decimal
     * of the printed values.
     */
    public static BigDecimal sum(String scrape, String metric, Map<String, String> labels) {
        BigDecimal total = BigDecimal.ZERO;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelText = close < 0 ? "" : line.substring(metric.length(), close + 1);
            boolean all = labels.entrySet().stream()
                    .allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                String value = line.substring(close < 0 ? metric.length() : close + 1).trim().split(" ")[0];
                total = total.add(new BigDecimal(value));
            }
        }
        return total;
    }
}
