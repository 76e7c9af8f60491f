package dev.spendgate.report;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/** The breakdown sections of the Markdown review, one method per question. */
final class MarkdownSections {

    private static final String UNATTRIBUTED = "unattributed";

    private final WeeklyReport r;
    private final StringBuilder out;
    private final BigDecimal w;

    MarkdownSections(WeeklyReport report, StringBuilder out) {
        this.r = report;
        this.out = out;
        this.w = report.outputWeight();
    }

    void all() {
        topFeatures();
        movers();
        models();
        experiments();
        tiers();
        customers();
        unattributed();
        environments();
    }

    private void topFeatures() {
        BigDecimal total = r.totalAfter().cost();
        MarkdownTable t = new MarkdownTable("feature", "spend", "share", "requests", "cost / request", "sessions",
                "cost / session", "previous", "change");
        for (Breakdown.Row row : head(r.features().rows())) {
            Totals a = row.after();
            t.row(row.key(), Fmt.usd(a.cost()), Fmt.pct(Totals.share(a.cost(), total)), Long.toString(a.requests()),
                    Fmt.unit(a.costPerRequest()), Integer.toString(a.sessions()), Fmt.unit(a.costPerSession()),
                    Fmt.usd(row.before().cost()), Fmt.relative(row.before().cost(), a.cost()));
        }
        section("Top features by spend", t);
    }

    private void movers() {
        MarkdownTable t = new MarkdownTable("feature", "previous", "this period", "change", "requests",
                "input tokens / request", "output tokens / request", "model mix / price");
        for (Breakdown.Row row : head(r.features().byAbsoluteChange())) {
            ChangeDecomposition c = row.change(w);
            t.row(row.key(), Fmt.usd(row.before().cost()), Fmt.usd(row.after().cost()), Fmt.signedUsd(c.change()),
                    Fmt.signedUsd(c.requests()), Fmt.signedUsd(c.inputPerRequest()),
                    Fmt.signedUsd(c.outputPerRequest()), Fmt.signedUsd(c.mixAndPrice()));
        }
        section("Biggest movers and why", t);
    }

    private void models() {
        Totals b = r.totalBefore();
        Totals a = r.totalAfter();
        MarkdownTable t = new MarkdownTable("model", "requests", "share of requests", "previous share", "spend",
                "share of spend", "previous share");
        for (Breakdown.Row row : r.models().rows()) {
            t.row(row.key(), Long.toString(row.after().requests()), Fmt.pct(requestShare(row.after(), a)),
                    Fmt.pct(requestShare(row.before(), b)), Fmt.usd(row.after().cost()),
                    Fmt.pct(Totals.share(row.after().cost(), a.cost())),
                    Fmt.pct(Totals.share(row.before().cost(), b.cost())));
        }
        section("Model mix", t);
    }

    private void experiments() {
        MarkdownTable t = new MarkdownTable("experiment arm", "requests", "input tokens / request",
                "output tokens / request", "cost / request", "error rate", "rerouted rate", "spend");
        List<Breakdown.Row> arms = r.experiments().rows().stream().filter(x -> !x.key().equals(UNATTRIBUTED))
                .sorted(Comparator.comparing(Breakdown.Row::key)).toList();
        for (Breakdown.Row row : arms) {
            Totals a = row.after();
            t.row(row.key(), Long.toString(a.requests()), Fmt.tokens(a.inputPerRequest()),
                    Fmt.tokens(a.outputPerRequest()), Fmt.unit(a.costPerRequest()),
                    Fmt.pct(Totals.ratio(BigDecimal.valueOf(a.errors()), a.requests())),
                    Fmt.pct(Totals.ratio(BigDecimal.valueOf(a.rerouted()), a.requests())), Fmt.usd(a.cost()));
        }
        out.append("## Experiment arms\n\n");
        out.append(arms.isEmpty() ? "No request carried an experiment header.\n\n" : t + "\n"
                + "Rerouted: a guardrail sent another model than the one asked for (budget downgrade, cap route).\n\n");
    }

    private void tiers() {
        MarkdownTable t = new MarkdownTable("tier", "spend", "share", "requests", "customers", "cost / request",
                "cost / customer", "previous", "change");
        BigDecimal total = r.totalAfter().cost();
        for (Breakdown.Row row : r.tiers().rows()) {
            Totals a = row.after();
            t.row(row.key(), Fmt.usd(a.cost()), Fmt.pct(Totals.share(a.cost(), total)), Long.toString(a.requests()),
                    Integer.toString(a.customers()), Fmt.unit(a.costPerRequest()),
                    Fmt.unit(Totals.ratio(a.cost(), a.customers())), Fmt.usd(row.before().cost()),
                    Fmt.relative(row.before().cost(), a.cost()));
        }
        section("Spend by tier / segment", t);
    }

    private void customers() {
        BigDecimal average = r.totalAfter().costPerRequest();
        MarkdownTable t = new MarkdownTable("customer", "spend", "requests", "cost / request", "× average");
        List<Breakdown.Row> rows = r.customers().rows().stream().filter(x -> !x.key().equals(UNATTRIBUTED))
                .filter(x -> x.after().requests() > 0).toList();
        for (Breakdown.Row row : head(rows)) {
            Totals a = row.after();
            t.row(row.key(), Fmt.usd(a.cost()), Long.toString(a.requests()), Fmt.unit(a.costPerRequest()),
                    Totals.round(Totals.share(a.costPerRequest(), average), 2).toPlainString());
        }
        out.append("## Expensive customers relative to their use\n\nThe customers with the most spend; "
                + "× average compares their cost per request with the period's average.\n\n").append(t).append('\n');
    }

    private void unattributed() {
        MarkdownTable t = new MarkdownTable("dimension", "unattributed spend", "share", "previous share");
        Totals a = r.totalAfter();
        Totals b = r.totalBefore();
        String[] names = {"feature", "team", "customer", "tier", "environment"};
        List<Breakdown> dims = List.of(r.features(), r.teams(), r.customers(), r.tiers(), r.environments());
        for (int i = 0; i < names.length; i++) {
            Breakdown.Row row = dims.get(i).row(UNATTRIBUTED);
            t.row(names[i], Fmt.usd(row.after().cost()), Fmt.pct(Totals.share(row.after().cost(), a.cost())),
                    Fmt.pct(Totals.share(row.before().cost(), b.cost())));
        }
        section("Unattributed spend", t);
    }

    private void environments() {
        MarkdownTable t = new MarkdownTable("environment", "spend", "requests", "previous", "change");
        for (Breakdown.Row row : r.environments().rows()) {
            t.row(row.key(), Fmt.usd(row.after().cost()), Long.toString(row.after().requests()),
                    Fmt.usd(row.before().cost()), Fmt.relative(row.before().cost(), row.after().cost()));
        }
        section("Production and internal traffic", t);
    }

    private void section(String title, MarkdownTable table) {
        out.append("## ").append(title).append("\n\n").append(table).append('\n');
    }

    private static BigDecimal requestShare(Totals part, Totals whole) {
        return Totals.ratio(BigDecimal.valueOf(part.requests()), whole.requests());
    }

    private static List<Breakdown.Row> head(List<Breakdown.Row> rows) {
        return rows.subList(0, Math.min(MarkdownReport.TOP, rows.size()));
    }
}
