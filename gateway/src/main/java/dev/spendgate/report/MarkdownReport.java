package dev.spendgate.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * The review as Markdown: the questions a product lead asks about last week, each answered by a short table.
 * Money is rounded to the cent for reading; the CSV files carry the exact decimals.
 */
final class MarkdownReport {

    /** Rows shown in the longer tables (features, movers, customers); the CSV files have all rows. */
    static final int TOP = 10;

    private final WeeklyReport r;
    private final StringBuilder out = new StringBuilder();

    private MarkdownReport(WeeklyReport report) {
        this.r = report;
    }

    /** The whole document. */
    static String of(WeeklyReport report) {
        return new MarkdownReport(report).render();
    }

    private String render() {
        ReportPeriod p = r.period();
        ReportPeriod q = r.previous();
        out.append("# LLM spend review — ").append(p.label()).append("\n\n")
                .append("Period ").append(p.from()).append(" to ").append(p.to())
                .append(" (UTC days of request end), compared with ").append(q.label()).append(" (")
                .append(q.from()).append(" to ").append(q.to()).append(").\n\n");
        summary();
        new MarkdownSections(r, out).all();
        reconciliation();
        return out.toString();
    }

    private void summary() {
        Totals b = r.totalBefore();
        Totals a = r.totalAfter();
        ChangeDecomposition c = r.totalChange();
        out.append("## Summary\n\n").append(new MarkdownTable("", "previous", "this period", "change")
                .row("spend", Fmt.usd(b.cost()), Fmt.usd(a.cost()), Fmt.relative(b.cost(), a.cost()))
                .row("requests", Long.toString(b.requests()), Long.toString(a.requests()),
                        Fmt.relative(BigDecimal.valueOf(b.requests()), BigDecimal.valueOf(a.requests())))
                .row("input tokens / request", Fmt.tokens(b.inputPerRequest()), Fmt.tokens(a.inputPerRequest()),
                        Fmt.relative(b.inputPerRequest(), a.inputPerRequest()))
                .row("output tokens / request", Fmt.tokens(b.outputPerRequest()), Fmt.tokens(a.outputPerRequest()),
                        Fmt.relative(b.outputPerRequest(), a.outputPerRequest()))
                .row("cost / request", Fmt.unit(b.costPerRequest()), Fmt.unit(a.costPerRequest()),
                        Fmt.relative(b.costPerRequest(), a.costPerRequest())))
                .append('\n')
                .append("Spend changed by ").append(Fmt.signedUsd(c.change())).append(": ")
                .append(Fmt.signedUsd(c.requests())).append(" from the number of requests, ")
                .append(Fmt.signedUsd(c.inputPerRequest())).append(" from input tokens per request, ")
                .append(Fmt.signedUsd(c.outputPerRequest())).append(" from output tokens per request and ")
                .append(Fmt.signedUsd(c.mixAndPrice())).append(" from model mix and price (method below).\n\n")
                .append("![Spend by feature](").append(SvgCharts.FEATURES_FILE).append(") ")
                .append("![What changed](").append(SvgCharts.WATERFALL_FILE).append(")\n\n");
    }

    private void reconciliation() {
        Totals a = r.totalAfter();
        Totals b = r.totalBefore();
        BigDecimal byFeature = sum(r.features().rows());
        out.append("## Reconciliation and method\n\n")
                .append("- This period: ").append(a.requests()).append(" ledger lines, exact spend $")
                .append(a.cost().stripTrailingZeros().toPlainString()).append("; the feature rows add up to $")
                .append(byFeature.stripTrailingZeros().toPlainString()).append(". Previous period: ")
                .append(b.requests())
                .append(" lines, $").append(b.cost().stripTrailingZeros().toPlainString()).append(".\n")
                .append("- Sums are exact decimals of the ledger's `cost_usd`; tables round to the cent (half-even),")
                .append(" the CSV files keep every decimal.\n")
                .append("- Decomposition: spend = requests × (input + ").append(r.outputWeight().toPlainString())
                .append(" × output tokens per request) × cost per input-equivalent token. The previous period's")
                .append(" factors are replaced by this period's one at a time, in that order; each step's effect")
                .append(" is one part (rounded to $0.000001) and model mix/price takes the remainder, so the parts")
                .append(" add up exactly to the change. Input tokens include cache reads and writes; cheaper")
                .append(" caching therefore shows under model mix/price.\n");
    }

    static BigDecimal sum(List<Breakdown.Row> rows) {
        return rows.stream().map(x -> x.after().cost()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
