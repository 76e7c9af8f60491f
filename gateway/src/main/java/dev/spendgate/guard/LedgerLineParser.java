package dev.spendgate.guard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spendgate.attribution.Attribution;
import dev.spendgate.ledger.UsageRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields a budget rebuild needs from one ledger line (the snake_case JSON of
 * {@link dev.spendgate.ledger.UsageRecord}) with Jackson's streaming parser: no tree, no regex, other fields
 * skipped. One instance per rebuild (single thread).
 */
final class LedgerLineParser {

    private static final JsonFactory JSON = new JsonFactory();

    /** Mutable scratch for one line's fields, reset per line. */
    private String startedAt = "";
    private String usageSource = "";
    private String cost = "";
    private final @Nullable String[] dims = new String[7];
    private @Nullable String requestedModel;
    private @Nullable String routedModel;
    private @Nullable String key;
    private String guardrails = "";
    private long tokens;
    /** Retry and fallback lines are earlier attempts of a request: their spend counts, not as a request. */
    private boolean attemptLine;

    /** The line's spend (UTF-8 bytes), or null when it is not one whole, valid ledger record (torn, garbage). */
    @Nullable LedgerSpend parse(byte[] buf, int offset, int length) {
        reset();
        try (JsonParser p = JSON.createParser(buf, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!field(name, p)) {
                    return null;
                }
            }
            // The object must close, and nothing may follow it (two records glued by a torn write).
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return build();
        } catch (IOException | DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** Takes one field's value; false when it has the wrong type. */
    private boolean field(String name, JsonParser p) throws IOException {
        switch (name) {
            case "started_at" -> startedAt = text(p);
            case "usage_source" -> usageSource = text(p);
            case "cost_usd" -> cost = text(p);
            case "feature" -> dims[0] = text(p);
            case "team" -> dims[1] = text(p);
            case "customer" -> dims[2] = text(p);
            case "tier" -> dims[3] = text(p);
            case "experiment" -> dims[4] = text(p);
            case "environment" -> dims[5] = text(p);
            case "session" -> dims[6] = text(p);
            case "requested_model" -> requestedModel = nullableText(p);
            case "routed_model" -> routedModel = nullableText(p);
            case "key" -> key = nullableText(p);
            case "guardrails" -> guardrails = text(p);
            case "attempt_outcome" -> attemptLine = !UsageRecord.isRequestLine(nullableText(p));
            case "input_tokens", "cached_input_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens",
                    "output_tokens" -> {
                // reasoning_tokens is part of output_tokens (OpenAI completion_tokens_details): not added again,
                // as TokenUsage.total() does for live settlement.
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                    return false;
                }
                tokens += p.getLongValue();
            }
            default -> p.skipChildren();
        }
        return true;
    }

    private @Nullable LedgerSpend build() {
        if (startedAt.isEmpty() || usageSource.isEmpty() || cost.isEmpty()) {
            return null;
        }
        Attribution a = new Attribution(dim(0), dim(1), dim(2), dim(3), dim(4), dim(5), dim(6));
        return new LedgerSpend(LedgerInstants.parse(startedAt), a, requestedModel, routedModel, key, guardrails,
                !"none".equals(usageSource), new Amount(new BigDecimal(cost), tokens, attemptLine ? 0 : 1));
    }

    /** A dimension's value; a missing one is {@code unattributed}, as the live guard saw it. */
    private String dim(int i) {
        String v = dims[i];
        return v == null ? Attribution.UNATTRIBUTED : v;
    }

    /** A string value; a number is taken as written ({@code cost_usd} is a string, but be lenient). */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getText();
        }
        throw new IOException("expected a string, got " + t);
    }

    private static @Nullable String nullableText(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : text(p);
    }

    private void reset() {
        startedAt = "";
        usageSource = "";
        cost = "";
        Arrays.fill(dims, null);
        requestedModel = null;
        routedModel = null;
        key = null;
        guardrails = "";
        attemptLine = false;
        tokens = 0;
    }
}
