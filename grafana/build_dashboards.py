#!/usr/bin/env python3
"""Writes dashboards/*.json. The boards are generated so the long PromQL (the week-over-week decomposition) is
written once; edit this file, run it, and commit both. Only metric names and labels from
dev.spendgate.metrics.GatewayMeters / BudgetMeters / RouteMeters are used (GrafanaQueriesIntegrationTest runs every query)."""
import json
import os

DS = {"type": "prometheus", "uid": "prometheus"}
F = 'environment=~"$environment",feature=~"$feature",team=~"$team",tier=~"$tier"'
INPUT_TYPES = 'type=~"input|cached_input|cache_write_5m|cache_write_1h"'
FEAT_ONLY = 'feature=~"$feature"'
OUT = 'type="output"'
NOT_OK = 'outcome!="success"'
W = "4"  # output weight of the decomposition: an output token counts as four input tokens (README)


def inc(metric, sel, by, offset=False):
    off = " offset $period" if offset else ""
    return f"sum by ({by}) (increase({metric}{{{sel}}}[$period]{off}))"


def zero_if_absent(expr_prev, expr_now):
    """The previous period's value, or 0 for series that did not exist then (new features, fresh Prometheus)."""
    return f"({expr_prev} or ({expr_now} * 0))"


def decomposition(by):
    c1 = inc("llm_cost_usd_total", F, by)
    c0 = zero_if_absent(inc("llm_cost_usd_total", F, by, True), c1)
    r1 = inc("llm_requests_total", F, by)
    r0 = inc("llm_requests_total", F, by, True)
    i1 = inc("llm_tokens_total", F + "," + INPUT_TYPES, by)
    i0 = inc("llm_tokens_total", F + "," + INPUT_TYPES, by, True)
    o1 = inc("llm_tokens_total", F + ',type="output"', by)
    o0 = inc("llm_tokens_total", F + ',type="output"', by, True)
    v1 = f"{c0} * {r1} / {r0}"
    e0 = f"({i0} + {W} * {o0})"
    v2 = f"{c0} * ({i1} + {W} * {o0} * {r1} / {r0}) / {e0}"
    v3 = f"{c0} * ({i1} + {W} * {o1}) / {e0}"
    return {
        "A": f"{c1} - {c0}",
        "B": f"{v1} - {c0}",
        "C": f"{v2} - ({v1})",
        "D": f"{v3} - ({v2})",
        "E": f"{c1} - ({v3})",
    }


class Board:
    def __init__(self, uid, title, variables, description):
        self.uid, self.title, self.variables, self.description = uid, title, variables, description
        self.panels, self.x, self.y, self.row_h, self.next_id = [], 0, 0, 0, 1

    def row(self, title):
        self.newline()
        self.panels.append({"type": "row", "title": title, "id": self.next_id, "collapsed": False,
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}, "panels": []})
        self.next_id += 1
        self.y += 1

    def newline(self):
        if self.x > 0:
            self.x, self.y, self.row_h = 0, self.y + self.row_h, 0

    def panel(self, kind, title, targets, w=12, h=8, unit="short", description="", table=False, legend=None,
              mappings=None):
        if self.x + w > 24:
            self.newline()
        tgts = []
        for ref, expr in targets.items():
            t = {"refId": ref, "datasource": DS, "expr": expr, "range": not table, "instant": table}
            if table:
                t["format"] = "table"
            if legend and ref in legend:
                t["legendFormat"] = legend[ref]
            tgts.append(t)
        p = {"id": self.next_id, "type": kind, "title": title, "description": description, "datasource": DS,
             "gridPos": {"h": h, "w": w, "x": self.x, "y": self.y}, "targets": tgts,
             "fieldConfig": {"defaults": {"unit": unit}, "overrides": []}, "options": {}}
        if mappings:
            p["fieldConfig"]["defaults"]["mappings"] = [{"type": "value", "options": {
                str(v): {"text": text, "color": color, "index": i}
                for i, (v, text, color) in enumerate(mappings)}}]
        if table:
            p["transformations"] = [{"id": "merge", "options": {}},
                                    {"id": "organize", "options": {"excludeByName": {"Time": True}}}]
        self.panels.append(p)
        self.next_id += 1
        self.x += w
        self.row_h = max(self.row_h, h)

    def json(self):
        return {"uid": self.uid, "title": self.title, "description": self.description, "editable": True,
                "schemaVersion": 39, "version": 1, "tags": ["spendgate"], "timezone": "utc",
                "time": {"from": "now-7d", "to": "now"}, "refresh": "1m",
                "templating": {"list": self.variables}, "annotations": {"list": []}, "panels": self.panels}


def query_var(name, metric, default_all=True, default=None):
    v = {"name": name, "label": name, "type": "query", "datasource": DS, "refresh": 2, "sort": 1,
         "query": {"query": f"label_values({metric}, {name})", "refId": f"{name}-values"},
         "definition": f"label_values({metric}, {name})", "multi": True, "includeAll": True, "allValue": ".*"}
    if default:
        v["current"] = {"selected": True, "text": [default], "value": [default]}
    else:
        v["current"] = {"selected": True, "text": ["All"], "value": ["$__all"]}
    return v


def period_var():
    opts = ["7d", "1d", "1h"]
    return {"name": "period", "label": "period (compared with the one before)", "type": "custom",
            "query": ",".join(opts), "current": {"selected": True, "text": "7d", "value": "7d"},
            "options": [{"selected": o == "7d", "text": o, "value": o} for o in opts]}


def spend_review():
    b = Board("llm-spend-review", "LLM spend review",
              [query_var("environment", "llm_requests_total", default="production"),
               query_var("feature", "llm_requests_total"), query_var("team", "llm_requests_total"),
               query_var("tier", "llm_requests_total"), period_var()],
              "Which features spend, what changed and why, experiments, model mix, segments, unattributed spend "
              "and budgets. $period is the review period (7d: last week vs the week before).")
    cost, req = "llm_cost_usd_total", "llm_requests_total"
    b.row("Spend in $period")
    b.panel("stat", "Spend in $period", {"A": f"sum(increase({cost}{{{F}}}[$period]))"}, w=6, h=4,
            unit="currencyUSD")
    b.panel("stat", "Change vs previous $period", {"A": f"sum(increase({cost}{{{F}}}[$period])) - "
            f"(sum(increase({cost}{{{F}}}[$period] offset $period)) or vector(0))"}, w=6, h=4,
            unit="currencyUSD")
    b.panel("stat", "Cost per request", {"A": f"sum(increase({cost}{{{F}}}[$period])) / "
            f"sum(increase({req}{{{F}}}[$period]))"}, w=6, h=4, unit="currencyUSD")
    unat = 'feature="unattributed"'
    b.panel("stat", "Unattributed share of spend (no feature header, all environments)",
            {"A": f"(sum(increase({cost}{{{unat}}}[$period])) or vector(0)) / "
                  f"sum(increase({cost}[$period]))"}, w=6, h=4,
            unit="percentunit")
    b.panel("timeseries", "Spend by feature (USD per hour)",
            {"A": f"sum by (feature) (rate({cost}{{{F}}}[$__rate_interval])) * 3600"}, w=24, unit="currencyUSD",
            legend={"A": "{{feature}}"})
    now = inc(cost, F, "feature")
    b.panel("table", "Spend by feature, period over period",
            {"A": now, "B": zero_if_absent(inc(cost, F, "feature", True), now),
             "C": f"{now} - {zero_if_absent(inc(cost, F, 'feature', True), now)}"}, w=24, unit="currencyUSD",
            table=True, description="A: this $period, B: the previous $period, C: the change.")
    b.panel("table", "Why spend changed, by feature (USD)", decomposition("feature"), w=24, unit="currencyUSD",
            table=True, description="A: change. Its parts (chain of factor substitutions, they add up to A): "
            "B requests, C input tokens per request, D output tokens per request, E model mix and price. "
            "Same method as the weekly report (README). Empty for features without requests in the previous "
            "period: all of their spend is new.")
    b.row("Unit costs")
    b.panel("timeseries", "Cost per request by feature",
            {"A": f"sum by (feature) (rate({cost}{{{F}}}[$__rate_interval])) / "
                  f"sum by (feature) (rate({req}{{{F}}}[$__rate_interval]))"}, unit="currencyUSD",
            legend={"A": "{{feature}}"})
    b.panel("table", "Cost per session by feature",
            {"A": f"{inc(cost, F, 'feature')} / {inc('llm_sessions_total', FEAT_ONLY, 'feature')}"},
            unit="currencyUSD", table=True, description="Sessions are counted per feature on first sight "
            "(X-LLM-Session); the session counter has no environment/team/tier labels.")
    b.row("Models and experiments")
    b.panel("piechart", "Model mix (requests)", {"A": inc(req, F, "model")}, w=8, table=True)
    b.panel("timeseries", "Model share of spend",
            {"A": f"sum by (model) (rate({cost}{{{F}}}[$__rate_interval])) / ignoring(model) group_left "
                  f"sum(rate({cost}{{{F}}}[$__rate_interval]))"}, w=16, unit="percentunit",
            legend={"A": "{{model}}"})
    ex = F + ',experiment!="unattributed"'
    reqs_ex = inc(req, ex, "experiment")
    b.panel("table", "Experiment arms side by side", {
        "A": reqs_ex,
        "B": f"{inc('llm_tokens_total', ex + ',' + INPUT_TYPES, 'experiment')} / {reqs_ex}",
        "C": f"{inc('llm_tokens_total', ex + ',' + OUT, 'experiment')} / {reqs_ex}",
        "D": f"{inc(cost, ex, 'experiment')} / {reqs_ex}",
        "E": f"({inc(req, ex + ',' + NOT_OK, 'experiment')} or {reqs_ex} * 0) / {reqs_ex}",
    }, w=24, table=True, description="Experiments the callers run themselves (X-LLM-Experiment header). "
        "A requests, B input tokens per request, C output tokens per request, D cost per request (USD), "
        "E error rate.")
    arm = "route_experiment, arm"
    arm_reqs = "sum by (route_experiment, arm) (increase(llm_experiment_requests_total[$period]))"
    arm_ok = ("sum by (route_experiment, arm) (increase(llm_experiment_requests_total{outcome=\"success\"}"
              "[$period]))")
    b.panel("table", "Gateway experiment arms (routing.experiments): requests and cost", {
        "A": arm_reqs,
        "B": f"sum by ({arm}) (increase(llm_experiment_cost_usd_total[$period])) / {arm_reqs}",
        "C": f"sum by ({arm}) (increase(llm_experiment_cost_usd_total[$period]))",
        "D": f"({arm_ok} or {arm_reqs} * 0) / {arm_reqs}",
    }, w=12, table=True, description="Experiments the gateway assigns (routing.experiments; ledger "
        "route_experiment / route_arm). A requests, B cost per request (USD; paid failed attempts included), "
        "C cost (USD), D success share. No environment/feature/team/tier labels: the experiment's match decides "
        "which traffic it sees.")
    b.panel("timeseries", "Cost per request by gateway experiment arm",
            {"A": f"sum by ({arm}) (rate(llm_experiment_cost_usd_total[$__rate_interval])) / "
                  f"sum by ({arm}) (rate(llm_experiment_requests_total[$__rate_interval]))"}, w=12,
            unit="currencyUSD", legend={"A": "{{route_experiment}} {{arm}}"})
    b.row("Segments and environments")
    b.panel("timeseries", "Spend by tier (USD per hour)",
            {"A": f"sum by (tier) (rate({cost}{{{F}}}[$__rate_interval])) * 3600"}, w=8, unit="currencyUSD",
            legend={"A": "{{tier}}"})
    b.panel("table", "Cost per request by tier",
            {"A": f"{inc(cost, F, 'tier')} / {inc(req, F, 'tier')}"}, w=8, unit="currencyUSD", table=True)
    nf = 'feature=~"$feature",team=~"$team",tier=~"$tier"'
    b.panel("timeseries", "Production vs internal traffic (USD per hour)",
            {"A": f"sum by (environment) (rate({cost}{{{nf}}}[$__rate_interval])) * 3600"}, w=8,
            unit="currencyUSD", legend={"A": "{{environment}}"})
    b.panel("table", "Unattributed share of spend, by dimension (all environments)", {
        "A": f"(sum(increase({cost}{{feature=\"unattributed\"}}[$period])) "
             f"or vector(0)) / sum(increase({cost}[$period]))",
        "B": f"(sum(increase({cost}{{team=\"unattributed\"}}[$period])) "
             f"or vector(0)) / sum(increase({cost}[$period]))",
        "C": f"(sum(increase({cost}{{tier=\"unattributed\"}}[$period])) "
             f"or vector(0)) / sum(increase({cost}[$period]))",
    }, w=24, h=5, unit="percentunit", table=True, description="A feature, B team, C tier.")
    b.row("Budgets")
    b.panel("bargauge", "Budget burn: spent / limit", {"A": "llm_budget_spent_usd / on (budget, window) "
            "llm_budget_limit_usd"}, unit="percentunit", legend={"A": "{{budget}} ({{window}})"})
    b.panel("bargauge", "Forecast: projected / limit at the window's end", {"A": "llm_budget_projected_usd / on "
            "(budget, window) llm_budget_limit_usd"}, unit="percentunit", legend={"A": "{{budget}} ({{window}})"})
    b.panel("timeseries", "Budget utilisation (1 = at the limit)", {"A": "llm_budget_utilization_ratio"},
            unit="percentunit", legend={"A": "{{budget}} ({{window}})"})
    b.panel("table", "Budgets: spent, projected, limit, hours to reset", {
        "A": "llm_budget_spent_usd", "B": "llm_budget_projected_usd", "C": "llm_budget_limit_usd",
        "D": "(llm_budget_reset_timestamp_seconds - time()) / 3600"}, table=True)
    return b


def operations():
    b = Board("llm-gateway-operations", "LLM gateway operations",
              [query_var("provider", "llm_requests_total")], "Gateway health: traffic, errors, latency, "
              "guardrails, ledger and memory.")
    req, p = "llm_requests_total", 'provider=~"$provider"'
    b.row("Traffic and errors")
    b.panel("timeseries", "Request rate by outcome",
            {"A": f"sum by (outcome) (rate({req}{{{p}}}[$__rate_interval]))"}, unit="reqps",
            legend={"A": "{{outcome}}"})
    b.panel("timeseries", "Error rate by outcome (share of requests)",
            {"A": f"sum by (outcome) (rate({req}{{{p},outcome!=\"success\"}}[$__rate_interval])) / ignoring(outcome) "
                  f"group_left sum(rate({req}{{{p}}}[$__rate_interval]))"}, unit="percentunit",
            legend={"A": "{{outcome}}"})
    b.panel("timeseries", "Upstream errors by provider",
            {"A": f"sum by (provider, outcome) (rate({req}{{{p},outcome=~\"upstream_.*\"}}[$__rate_interval]))"},
            unit="reqps", legend={"A": "{{provider}} {{outcome}}"}, description="Requests whose final answer "
            "was an upstream error (after retries and fallbacks); single failed attempts are in the routing row.")
    b.panel("timeseries", "Guardrail actions (downgrades, routes, blocks, rate limits)",
            {"A": "sum by (guard, action) (rate(llm_guardrail_actions_total[$__rate_interval]))"}, unit="ops",
            legend={"A": "{{guard}} {{action}}"}, description="Budget downgrades and cap routes; provider "
            "fallbacks and retries are in the routing row.")
    b.row("Routing and resilience")
    att = f"llm_upstream_attempts_total{{{p}}}"
    b.panel("timeseries", "Upstream attempts by provider and outcome",
            {"A": f"sum by (provider, outcome) (rate({att}[$__rate_interval]))"}, w=8, unit="ops",
            legend={"A": "{{provider}} {{outcome}}"}, description="success / failure: the attempt that answered "
            "the client; retry: failed, the same target was tried again; fallback: failed, another deployment or "
            "model was tried; skipped: not sent (circuit_open, context_window, format, budget).")
    b.panel("timeseries", "Failed and skipped attempts by reason",
            {"A": f"sum by (provider, reason) (rate(llm_upstream_attempts_total{{{p},"
                  f"outcome=~\"retry|fallback|failure|skipped\",reason!=\"success\"}}[$__rate_interval]))"},
            w=8, unit="ops", legend={"A": "{{provider}} {{reason}}"})
    b.panel("timeseries", "Retries by provider and reason",
            {"A": f"sum by (provider, reason) (rate(llm_retries_total{{{p}}}[$__rate_interval]))"}, w=8,
            unit="ops", legend={"A": "{{provider}} {{reason}}"}, description="Same target tried again "
            "(backoff with full jitter, or the provider's Retry-After).")
    b.panel("timeseries", "Fallbacks by model and reason",
            {"A": "sum by (from_model, to_model, reason) (rate(llm_fallbacks_total[$__rate_interval]))"}, w=8,
            unit="ops", legend={"A": "{{from_model}} → {{to_model}} ({{reason}})"},
            description="A request moved to another model of its chain (fallbacks, context_fallback, or the "
            "pre-flight context window check).")
    b.panel("state-timeline", "Circuit breaker state per provider",
            {"A": f"max by (provider) (llm_circuit_breaker_state{{{p}}})"}, w=8,
            legend={"A": "{{provider}}"}, mappings=[(0, "closed", "green"), (1, "open", "red"),
                                                    (2, "half-open", "yellow")],
            description="0 closed, 1 open (the provider is skipped), 2 half-open (one probe request).")
    b.panel("timeseries", "Upstream attempt latency p95 by provider",
            {"A": f"histogram_quantile(0.95, sum by (le, provider) (rate(llm_upstream_attempt_duration_seconds_bucket"
                  f"{{{p}}}[$__rate_interval])))"}, w=8, unit="s", legend={"A": "{{provider}}"})
    b.row("Latency")
    dur = f"llm_request_duration_seconds_bucket{{{p}}}"
    b.panel("timeseries", "Request latency percentiles", {
        "A": f"histogram_quantile(0.5, sum by (le) (rate({dur}[$__rate_interval])))",
        "B": f"histogram_quantile(0.95, sum by (le) (rate({dur}[$__rate_interval])))",
        "C": f"histogram_quantile(0.99, sum by (le) (rate({dur}[$__rate_interval])))"}, w=8, unit="s",
        legend={"A": "p50", "B": "p95", "C": "p99"})
    ttft = f"llm_time_to_first_token_seconds_bucket{{{p}}}"
    b.panel("timeseries", "Time to first token percentiles (streams)", {
        "A": f"histogram_quantile(0.5, sum by (le) (rate({ttft}[$__rate_interval])))",
        "B": f"histogram_quantile(0.95, sum by (le) (rate({ttft}[$__rate_interval])))"}, w=8, unit="s",
        legend={"A": "p50", "B": "p95"})
    b.panel("timeseries", "p95 latency by provider and model", {
        "A": f"histogram_quantile(0.95, sum by (le, provider, model) (rate({dur}[$__rate_interval])))"}, w=8,
        unit="s", legend={"A": "{{provider}} {{model}}"})
    b.row("Tokens, ledger, memory")
    b.panel("timeseries", "Tokens per second by type",
            {"A": f"sum by (type) (rate(llm_tokens_total{{{p},type!=\"reasoning\"}}[$__rate_interval]))"}, w=8,
            legend={"A": "{{type}}"})
    b.panel("stat", "Ledger records dropped (last hour)", {"A": "sum(increase(llm_ledger_dropped_total[1h]))"},
            w=8, description="Anything above 0 means lost usage records: see the gateway log.")
    b.panel("stat", "Spend estimated by tokenizer (share)", {
        "A": "(sum(rate(llm_cost_usd_total{usage_source=\"estimated\"}[$__rate_interval])) or vector(0)) / "
             "sum(rate(llm_cost_usd_total[$__rate_interval]))"}, w=8, unit="percentunit")
    b.panel("timeseries", "JVM memory used", {"A": "sum by (area) (jvm_memory_used_bytes)"}, w=8, unit="bytes",
            legend={"A": "{{area}}"})
    b.panel("timeseries", "Netty allocator memory", {"A": "sum by (area) (netty_allocator_memory_used_bytes)"},
            w=8, unit="bytes", legend={"A": "{{area}}"}, description="Only growing: suspect a buffer leak.")
    b.panel("timeseries", "CPU and threads", {"A": "process_cpu_usage", "B": "jvm_threads_live_threads"}, w=8,
            legend={"A": "process CPU", "B": "live threads"})
    return b


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, board in (("llm-spend-review.json", spend_review()), ("llm-gateway-operations.json", operations())):
        with open(os.path.join(here, "dashboards", name), "w") as f:
            json.dump(board.json(), f, indent=2)
            f.write("\n")
