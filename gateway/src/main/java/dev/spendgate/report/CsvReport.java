package dev.spendgate.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * CSV tables of the review: one row per value of a dimension, both periods' totals and the decomposed change.
 * Money is written as exact plain decimals (no rounding), so a spreadsheet's sum equals the ledger's.
 */
final class CsvReport {

    static final String HEADER = String.join(",", "key",
            "prev_requests", "prev_input_tokens", "prev_output_tokens", "prev_cost_usd", "prev_sessions",
            "requests", "input_tokens", "output_tokens", "cost_usd", "sessions", "customers", "errors", "rerouted",
            "cost_per_request_usd", "cost_per_session_usd", "change_usd", "change_requests_usd",
            "change_input_per_request_usd", "change_output_per_request_usd", "change_mix_price_usd");

    private CsvReport() {
    }

    /** The CSV text of a breakdown, {@code \n} line ends, header first. */
    static String of(Breakdown breakdown, BigDecimal outputWeight) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Breakdown.Row r : breakdown.rows()) {
            Totals b = r.before();
            Totals a = r.after();
            ChangeDecomposition c = r.change(outputWeight);
            List<Object> cells = List.of(Fmt.csv(r.key()),
                    b.requests(), b.inputTokens(), b.outputTokens(), plain(b.cost()), b.sessions(),
                    a.requests(), a.inputTokens(), a.outputTokens(), plain(a.cost()), a.sessions(), a.customers(),
                    a.errors(), a.rerouted(), plain(Totals.round(a.costPerRequest(), 9)),
                    plain(Totals.round(a.costPerSession(), 9)), plain(c.change()), plain(c.requests()),
                    plain(c.inputPerRequest()), plain(c.outputPerRequest()), plain(c.mixAndPrice()));
            StringBuilder line = new StringBuilder();
            for (Object cell : cells) {
                line.append(line.length() == 0 ? "" : ",").append(cell);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
