package dev.spendgate.logging;

import dev.spendgate.ledger.UsageRecord;
import org.jspecify.annotations.Nullable;

/**
 * The access-log line of a finished request: ids, attribution labels, tokens, cost and latency as
 * {@code key=value} pairs; never prompt text, customer ids or credentials. Built with one StringBuilder instead of
 * an SLF4J message with 18 arguments (an Object array, boxed numbers, a formatter pass and the substituted
 * message copied again), and it is exactly the text that message produced: {@code null} for an absent value,
 * {@code none} for an absent provider or model, the cost as a plain decimal, milliseconds with two decimals
 * (as {@code %.2f} prints them), and {@code -} for the time to first token of a non-streamed response.
 */
public final class AccessLogLine {

    private AccessLogLine() {
    }

    /** The line of {@code r}. */
    public static String of(UsageRecord r) {
        StringBuilder b = new StringBuilder(320);
        b.append("request_id=").append(r.requestId())
                .append(" endpoint=").append(r.endpoint())
                .append(" feature=").append(r.feature())
                .append(" team=").append(r.team())
                .append(" tier=").append(r.tier())
                .append(" provider=").append(orNone(r.provider()))
                .append(" model=").append(orNone(r.requestedModel()))
                .append(" served_model=").append(r.servedModel())
                .append(" stream=").append(r.stream())
                .append(" status=").append(r.httpStatus())
                .append(" outcome=").append(r.outcome())
                .append(" usage_source=").append(r.usageSource())
                .append(" input=").append(r.inputTokens())
                .append(" cached_input=").append(r.cachedInputTokens())
                .append(" output=").append(r.outputTokens())
                .append(" cost_usd=").append(r.costUsd().toPlainString())
                .append(" latency_ms=");
        millis(b, r.latencyMs());
        b.append(" ttft_ms=");
        Double ttft = r.ttftMs();
        if (ttft == null) {
            b.append('-');
        } else {
            millis(b, ttft);
        }
        return b.toString();
    }

    /** Two decimals, as {@code %.2f} prints them, without a Formatter. */
    public static String millis(double ms) {
        StringBuilder b = new StringBuilder(12);
        millis(b, ms);
        return b.toString();
    }

    private static void millis(StringBuilder b, double ms) {
        long hundredths = Math.round(ms * 100);
        long fraction = Math.abs(hundredths % 100);
        if (hundredths < 0 && hundredths > -100) {
            b.append('-');
        }
        b.append(hundredths / 100).append(fraction < 10 ? ".0" : ".").append(fraction);
    }

    private static String orNone(@Nullable String v) {
        return v == null ? "none" : v;
    }
}
