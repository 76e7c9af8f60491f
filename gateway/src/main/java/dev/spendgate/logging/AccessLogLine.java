package dev.spendgate.logging;

import dev.spendgate.ledger.UsageRecord;
import org.jspecify.annotations.Nullable;

/**
 * The access-log line of a finished request: ids, attribution labels, tokens, cost and latency as logfmt
 * {@code key=value} pairs; never prompt text, customer ids or credentials. Built with one StringBuilder instead of
 * an SLF4J message with 18 arguments (an Object array, boxed numbers, a formatter pass and the substituted
 * message copied again): {@code null} for an absent value, {@code none} for an absent provider or model, the cost
 * as a plain decimal, milliseconds with two decimals (as {@code %.2f} prints them), and {@code -} for the time to
 * first token of a non-streamed response.
 *
 * <p>Text fields (request id, endpoint, attribution labels, provider, models) come from callers and providers, so
 * a value that contains a space, {@code =}, {@code "}, a backslash or a control character is written quoted with
 * escapes, as JSON strings are: {@code feature="evil outcome=success"}; a quote and a backslash get a backslash,
 * CR, LF and TAB are written {@code \r}, {@code \n}, {@code \t}, and other control characters as a backslash, u
 * and four hex digits. A header such as {@code X-LLM-Feature: a outcome=success} cannot forge a field or a line.
 * Plain values, the common case, are appended as they are after one scan, with no copy.
 */
public final class AccessLogLine {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AccessLogLine() {
    }

    /** The line of {@code r}. */
    public static String of(UsageRecord r) {
        StringBuilder b = new StringBuilder(320);
        text(b.append("request_id="), r.requestId());
        text(b.append(" endpoint="), r.endpoint());
        text(b.append(" feature="), r.feature());
        text(b.append(" team="), r.team());
        text(b.append(" tier="), r.tier());
        text(b.append(" provider="), orNone(r.provider()));
        text(b.append(" model="), orNone(r.requestedModel()));
        text(b.append(" served_model="), r.servedModel());
        b.append(" stream=").append(r.stream())
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

    /** Appends {@code v} as a logfmt value: as it is when plain, else quoted with escapes ({@code null} as null). */
    static void text(StringBuilder b, @Nullable String v) {
        if (v == null) {
            b.append("null");
            return;
        }
        int n = v.length();
        int i = 0;
        while (i < n && !needsQuoting(v.charAt(i))) {
            i++;
        }
        if (i == n) {
            b.append(v);
            return;
        }
        b.append('"').append(v, 0, i);
        for (; i < n; i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (isControl(c)) {
                        b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** Whether {@code c} cannot appear in a plain value: field syntax, quoting syntax or a control character. */
    private static boolean needsQuoting(char c) {
        return c == ' ' || c == '=' || c == '"' || c == '\\' || isControl(c);
    }

    /** C0, DEL, C1 and the Unicode line and paragraph separators: they could end the line or hide text. */
    private static boolean isControl(char c) {
        return c < ' ' || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }

    private static String orNone(@Nullable String v) {
        return v == null ? "none" : v;
    }
}
