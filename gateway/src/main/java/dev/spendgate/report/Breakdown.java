package dev.spendgate.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Entries of two periods grouped by one dimension (feature, model, tier...), each group's totals side by side.
 *
 * @param rows one row per value seen in either period, most expensive this period first (ties: by name)
 */
public record Breakdown(List<Row> rows) {

    /**
     * One group.
     *
     * @param key    the dimension's value
     * @param before totals in the previous period
     * @param after  totals in the reported period
     */
    public record Row(String key, Totals before, Totals after) {

        /** The change decomposed (see {@link ChangeDecomposition}). */
        public ChangeDecomposition change(BigDecimal outputWeight) {
            return ChangeDecomposition.of(before, after, outputWeight);
        }
    }

    /** Groups both periods' entries by {@code key}. */
    public static Breakdown of(List<LedgerEntry> before, List<LedgerEntry> after, Function<LedgerEntry, String> key) {
        Map<String, Totals> b = group(before, key);
        Map<String, Totals> a = group(after, key);
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Row> rows = new ArrayList<>();
        for (String k : keys) {
            rows.add(new Row(k, b.getOrDefault(k, new Totals()), a.getOrDefault(k, new Totals())));
        }
        rows.sort(Comparator.comparing((Row r) -> r.after().cost()).reversed()
                .thenComparing(Comparator.comparing((Row r) -> r.before().cost()).reversed())
                .thenComparing(Row::key));
        return new Breakdown(List.copyOf(rows));
    }

    /** The rows sorted by the absolute change of spend, largest first. */
    public List<Row> byAbsoluteChange() {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Row r) -> r.after().cost().subtract(r.before().cost()).abs()).reversed()
                .thenComparing(Row::key));
        return sorted;
    }

    /** The row for {@code key}, or empty totals on both sides. */
    public Row row(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElse(new Row(key, new Totals(), new Totals()));
    }

    private static Map<String, Totals> group(List<LedgerEntry> entries, Function<LedgerEntry, String> key) {
        Map<String, Totals> out = new HashMap<>();
        for (LedgerEntry e : entries) {
            out.computeIfAbsent(key.apply(e), k -> new Totals()).add(e);
        }
        return out;
    }
}
