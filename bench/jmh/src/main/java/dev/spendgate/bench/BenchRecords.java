package dev.spendgate.bench;

import dev.spendgate.ledger.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;

/** Finished-request records like the end-to-end benchmark's, for the recording benchmarks (ledger, logs, meters). */
public final class BenchRecords {

    private static final Instant START = Instant.parse("2026-12-04T11:21:44.567580844Z");

    private BenchRecords() {
    }

    /**
     * The {@code i}-th of a varied set: streamed or not, provider usage or none, guardrail actions, a routing
     * experiment, a fallback, a rejected request with no provider (nulls), and a non-ASCII feature name.
     */
    public static UsageRecord record(int i) {
        boolean stream = i % 2 == 0;
        boolean rejected = i % 16 == 5;
        boolean routed = i % 4 == 1;
        Instant started = START.plusNanos(i * 1_234_567L);
        Instant ended = started.plusNanos(1_200_000_000L + i * 31_337L);
        return new UsageRecord("gw-44aae803ad12-" + Integer.toHexString(i), started, ended,
                i % 8 == 3 ? "recherche-é" : "search", "search", "cust-00" + i % 100, "pro", "unattributed",
                "bench", "sess-594667b2b96a-" + i % 10, "chat_completions", rejected ? null : "openai",
                "gpt-4o-mini", rejected ? null : "gpt-4o-mini-2024-07-18", stream, rejected ? 0 : 2032 + i,
                i % 3 == 0 ? 1920 : 0, 0, 0, rejected ? 0 : 146 + i, 0,
                rejected ? BigDecimal.ZERO : new BigDecimal("0.00894").add(BigDecimal.valueOf(i, 8)),
                rejected ? "none" : "provider", rejected ? "guard_budget_exceeded" : "success",
                rejected ? 429 : 200, 1200.0 + i * 0.031337, stream ? 180.25 + i : null,
                i % 5 == 0 ? "bench-key" : null, rejected ? null : "gpt-4o-mini",
                i % 6 == 0 ? "warn:free-daily,downgrade:free-daily" : "", rejected ? 0 : i % 7 == 0 ? 2 : 1,
                rejected ? "failure" : "success", i % 7 == 0 ? "server_error" : null,
                routed ? "long-prompts" : null, routed ? "mini-vs-4o" : null, routed ? (i % 8 == 1 ? "a" : "b") : null);
    }

    /** The first {@code n} records of {@link #record(int)}. */
    public static UsageRecord[] records(int n) {
        UsageRecord[] out = new UsageRecord[n];
        for (int i = 0; i < n; i++) {
            out[i] = record(i);
        }
        return out;
    }
}
