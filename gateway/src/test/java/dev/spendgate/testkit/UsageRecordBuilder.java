package dev.spendgate.testkit;

import dev.spendgate.attribution.Attribution;
import dev.spendgate.ledger.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Builds {@link UsageRecord}s for tests: sensible defaults, set only what a test is about. */
public final class UsageRecordBuilder {

    private String requestId = "req-1";
    private Instant startedAt = Instant.parse("2026-07-24T12:00:00Z");
    private Instant endedAt = Instant.parse("2026-07-24T12:00:01Z");
    private Attribution attribution = Attribution.none();
    private String endpoint = "chat_completions";
    private @Nullable String provider = "openai";
    private @Nullable String requestedModel = "gpt-4o-mini";
    private boolean stream;
    private long[] tokens = new long[6];
    private BigDecimal costUsd = BigDecimal.ZERO;
    private String usageSource = "provider";
    private String outcome = "success";
    private double latencyMs = 250.0;
    private @Nullable Double ttftMs;

    private @org.jspecify.annotations.Nullable String key;
    private @org.jspecify.annotations.Nullable String routedModel;
    private String guardrails = "";

    /** Sets the gateway key name, the routed model and the guardrail actions. */
    public UsageRecordBuilder guarded(String keyName, String routed, String actions) {
        this.key = keyName;
        this.routedModel = routed;
        this.guardrails = actions;
        return this;
    }

    /** A builder with defaults: success, provider usage, no tokens, zero cost, unattributed. */
    public static UsageRecordBuilder aRecord() {
        return new UsageRecordBuilder();
    }

    /** Sets the request id. */
    public UsageRecordBuilder requestId(String v) {
        requestId = v;
        return this;
    }

    /** Sets the end instant (the ledger's file day) and a start one second before it. */
    public UsageRecordBuilder endedAt(Instant v) {
        endedAt = v;
        startedAt = v.minusSeconds(1);
        return this;
    }

    /** Sets all attribution dimensions. */
    public UsageRecordBuilder attribution(Attribution v) {
        attribution = v;
        return this;
    }

    /** Sets feature and team, leaving the other dimensions as they are. */
    public UsageRecordBuilder feature(String feature, String team) {
        Attribution a = attribution;
        attribution = new Attribution(feature, team, a.customer(), a.tier(), a.experiment(), a.environment(),
                a.session());
        return this;
    }

    /** Sets customer and session, leaving the other dimensions as they are. */
    public UsageRecordBuilder customerSession(String customer, String session) {
        Attribution a = attribution;
        attribution = new Attribution(a.feature(), a.team(), customer, a.tier(), a.experiment(), a.environment(),
                session);
        return this;
    }

    /** Sets endpoint label, provider and requested model. */
    public UsageRecordBuilder target(String endpointLabel, @Nullable String providerId, @Nullable String model) {
        endpoint = endpointLabel;
        provider = providerId;
        requestedModel = model;
        return this;
    }

    /** Sets the token counts: input, cached input, cache write 5m, cache write 1h, output, reasoning. */
    public UsageRecordBuilder tokens(long in, long cached, long w5m, long w1h, long out, long reasoning) {
        tokens = new long[] {in, cached, w5m, w1h, out, reasoning};
        return this;
    }

    /** Sets the exact cost. */
    public UsageRecordBuilder cost(String usd) {
        costUsd = new BigDecimal(usd);
        return this;
    }

    /** Sets the exact cost. */
    public UsageRecordBuilder cost(BigDecimal usd) {
        costUsd = usd;
        return this;
    }

    /** Sets outcome and usage source labels. */
    public UsageRecordBuilder outcome(String outcomeLabel, String usageSourceLabel) {
        outcome = outcomeLabel;
        usageSource = usageSourceLabel;
        return this;
    }

    /** Marks the response as streamed with the given latency and time to first token. */
    public UsageRecordBuilder streamed(double latency, @Nullable Double ttft) {
        stream = true;
        latencyMs = latency;
        ttftMs = ttft;
        return this;
    }

    /** Sets the latency of a non-streamed response. */
    public UsageRecordBuilder latency(double latency) {
        latencyMs = latency;
        return this;
    }

    /** The record. */
    public UsageRecord build() {
        Attribution a = attribution;
        return new UsageRecord(requestId, startedAt, endedAt, a.feature(), a.team(), a.customer(), a.tier(),
                a.experiment(), a.environment(), a.session(), endpoint, provider, requestedModel,
                requestedModel, stream, tokens[0], tokens[1], tokens[2], tokens[3], tokens[4], tokens[5],
                costUsd, usageSource, outcome, 200, latencyMs, ttftMs, key, routedModel, guardrails);
    }
}
