package dev.spendgate.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formats of the review: money to the cent, small unit costs to micro-dollars, shares in percent. */
final class Fmt {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Fmt() {
    }

    /** {@code $12.35}, {@code -$0.40}: rounded half-even to the cent. */
    static String usd(BigDecimal v) {
        BigDecimal r = v.setScale(2, RoundingMode.HALF_EVEN);
        return (r.signum() < 0 ? "-$" : "$") + r.abs().toPlainString();
    }

    /** Like {@link #usd} with an explicit sign: {@code +$1.20}. */
    static String signedUsd(BigDecimal v) {
        String s = usd(v);
        return s.startsWith("-") ? s : "+" + s;
    }

    /** A unit cost (per request, per session) to six decimals: {@code $0.012345}. */
    static String unit(BigDecimal v) {
        return "$" + v.setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A ratio as a percentage with one decimal: {@code 12.5%}. */
    static String pct(BigDecimal ratio) {
        return ratio.multiply(HUNDRED).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }

    /** The relative change {@code after/before - 1} as {@code +12.5%}, or {@code new} / {@code gone}. */
    static String relative(BigDecimal before, BigDecimal after) {
        if (before.signum() == 0) {
            return after.signum() == 0 ? "–" : "new";
        }
        if (after.signum() == 0) {
            return "gone";
        }
        String s = pct(Totals.share(after.subtract(before), before));
        return s.startsWith("-") ? s : "+" + s;
    }

    /** A per-request token count with one decimal. */
    static String tokens(BigDecimal v) {
        return v.setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Escapes a value for a Markdown table cell. */
    static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /** Escapes a value for a CSV field (RFC 4180). */
    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Escapes text for SVG. */
    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
