package dev.spendgate.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's JSON line format, written field by field with Jackson's streaming generator (no reflection, no
 * intermediate tree): snake_case keys in {@link UsageRecord}'s component order, instants as ISO-8601 UTC strings
 * exactly as {@link Instant#toString()} prints them, {@code cost_usd} as a plain decimal string (never an
 * exponent, never a binary double: {@code 0.00000028} is {@code "0.00000028"}), doubles as Jackson prints them,
 * and absent values as explicit nulls. These are the bytes databind wrote for the record before; the golden test
 * keeps it so, as {@code LedgerReader}, the budget rebuild at start-up and the weekly report read them.
 */
final class LedgerJson {

    /** The generator factory; its defaults (quoting, escaping, number output) are those databind used. */
    static final JsonFactory FACTORY = new JsonFactory();

    private static final SerializedString REQUEST_ID = key("request_id");
    private static final SerializedString STARTED_AT = key("started_at");
    private static final SerializedString ENDED_AT = key("ended_at");
    private static final SerializedString FEATURE = key("feature");
    private static final SerializedString TEAM = key("team");
    private static final SerializedString CUSTOMER = key("customer");
    private static final SerializedString TIER = key("tier");
    private static final SerializedString EXPERIMENT = key("experiment");
    private static final SerializedString ENVIRONMENT = key("environment");
    private static final SerializedString SESSION = key("session");
    private static final SerializedString ENDPOINT = key("endpoint");
    private static final SerializedString PROVIDER = key("provider");
    private static final SerializedString REQUESTED_MODEL = key("requested_model");
    private static final SerializedString SERVED_MODEL = key("served_model");
    private static final SerializedString STREAM = key("stream");
    private static final SerializedString INPUT_TOKENS = key("input_tokens");
    private static final SerializedString CACHED_INPUT_TOKENS = key("cached_input_tokens");
    private static final SerializedString CACHE_WRITE_5M_TOKENS = key("cache_write_5m_tokens");
    private static final SerializedString CACHE_WRITE_1H_TOKENS = key("cache_write_1h_tokens");
    private static final SerializedString OUTPUT_TOKENS = key("output_tokens");
    private static final SerializedString REASONING_TOKENS = key("reasoning_tokens");
    private static final SerializedString COST_USD = key("cost_usd");
    private static final SerializedString USAGE_SOURCE = key("usage_source");
    private static final SerializedString OUTCOME = key("outcome");
    private static final SerializedString HTTP_STATUS = key("http_status");
    private static final SerializedString LATENCY_MS = key("latency_ms");
    private static final SerializedString TTFT_MS = key("ttft_ms");
    private static final SerializedString KEY = key("key");
    private static final SerializedString ROUTED_MODEL = key("routed_model");
    private static final SerializedString GUARDRAILS = key("guardrails");
    private static final SerializedString ATTEMPT = key("attempt");
    private static final SerializedString ATTEMPT_OUTCOME = key("attempt_outcome");
    private static final SerializedString FALLBACK_REASON = key("fallback_reason");
    private static final SerializedString ROUTE_RULE = key("route_rule");
    private static final SerializedString ROUTE_EXPERIMENT = key("route_experiment");
    private static final SerializedString ROUTE_ARM = key("route_arm");

    private LedgerJson() {
    }

    /** One record as a UTF-8 JSON line ending in {@code \n} (a fresh generator: for tests and one-offs). */
    static byte[] line(UsageRecord record) throws IOException {
        LedgerLines lines = new LedgerLines(1024);
        lines.append(record);
        return lines.buffer().toByteArray();
    }

    /**
     * Writes one record as a JSON object (no line end). {@code instants} formats the two timestamps; {@code labels}
     * caches the encoding of the values that repeat from line to line (all but ids, customer, session, cost).
     */
    static void write(UsageRecord r, JsonGenerator g, IsoInstant instants, PlainStrings labels) throws IOException {
        g.writeStartObject();
        string(g, REQUEST_ID, r.requestId());
        instant(g, STARTED_AT, r.startedAt(), instants);
        instant(g, ENDED_AT, r.endedAt(), instants);
        label(g, FEATURE, labels, r.feature());
        label(g, TEAM, labels, r.team());
        string(g, CUSTOMER, r.customer());
        label(g, TIER, labels, r.tier());
        label(g, EXPERIMENT, labels, r.experiment());
        label(g, ENVIRONMENT, labels, r.environment());
        string(g, SESSION, r.session());
        label(g, ENDPOINT, labels, r.endpoint());
        label(g, PROVIDER, labels, r.provider());
        label(g, REQUESTED_MODEL, labels, r.requestedModel());
        label(g, SERVED_MODEL, labels, r.servedModel());
        g.writeFieldName(STREAM);
        g.writeBoolean(r.stream());
        number(g, INPUT_TOKENS, r.inputTokens());
        number(g, CACHED_INPUT_TOKENS, r.cachedInputTokens());
        number(g, CACHE_WRITE_5M_TOKENS, r.cacheWrite5mTokens());
        number(g, CACHE_WRITE_1H_TOKENS, r.cacheWrite1hTokens());
        number(g, OUTPUT_TOKENS, r.outputTokens());
        number(g, REASONING_TOKENS, r.reasoningTokens());
        BigDecimal cost = r.costUsd();
        string(g, COST_USD, cost == null ? null : cost.toPlainString());
        label(g, USAGE_SOURCE, labels, r.usageSource());
        label(g, OUTCOME, labels, r.outcome());
        g.writeFieldName(HTTP_STATUS);
        g.writeNumber(r.httpStatus());
        g.writeFieldName(LATENCY_MS);
        g.writeNumber(r.latencyMs());
        Double ttft = r.ttftMs();
        g.writeFieldName(TTFT_MS);
        if (ttft == null) {
            g.writeNull();
        } else {
            g.writeNumber(ttft.doubleValue());
        }
        label(g, KEY, labels, r.key());
        label(g, ROUTED_MODEL, labels, r.routedModel());
        label(g, GUARDRAILS, labels, r.guardrails());
        g.writeFieldName(ATTEMPT);
        g.writeNumber(r.attempt());
        label(g, ATTEMPT_OUTCOME, labels, r.attemptOutcome());
        label(g, FALLBACK_REASON, labels, r.fallbackReason());
        label(g, ROUTE_RULE, labels, r.routeRule());
        label(g, ROUTE_EXPERIMENT, labels, r.routeExperiment());
        label(g, ROUTE_ARM, labels, r.routeArm());
        g.writeEndObject();
    }

    private static SerializedString key(String name) {
        return new SerializedString(name);
    }

    /** A string field; null is written as {@code null}, as databind does for an absent value. */
    private static void string(JsonGenerator g, SerializedString name, @Nullable String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    /** A string field of few distinct values, written through the encoding cache. */
    private static void label(JsonGenerator g, SerializedString name, PlainStrings labels, @Nullable String value)
            throws IOException {
        g.writeFieldName(name);
        labels.write(g, value);
    }

    private static void number(JsonGenerator g, SerializedString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void instant(JsonGenerator g, SerializedString name, @Nullable Instant value,
            IsoInstant instants) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            instants.write(value, g);
        }
    }
}
