package dev.spendgate.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A change of spend between two periods split into four parts that add up exactly to the change.
 *
 * <p>Method (a chain of factor substitutions, also called sequential or "Laspeyres-ordered" attribution). The
 * cost of a group is written as
 * <pre>
 *   C = R × (i + w·o) × u
 * </pre>
 * with R requests, i input tokens per request, o output tokens per request, w the output weight (an output token
 * counts as w input tokens; default 4, the output/input price ratio of most OpenAI and Anthropic models) and
 * u = C / (I + w·O), the cost per input-equivalent token: what the model mix, prices and caching make a token
 * cost. Replacing the previous period's factors by the current ones one at a time, in the order R, i, o, u,
 * gives four steps whose sum telescopes to C₁ − C₀:
 * <pre>
 *   requests         = C₀·R₁/R₀ − C₀
 *   input/request    = R₁(i₁ + w·o₀)u₀ − C₀·R₁/R₀
 *   output/request   = R₁(i₁ + w·o₁)u₀ − R₁(i₁ + w·o₀)u₀
 *   model mix/price  = C₁ − R₁(i₁ + w·o₁)u₀
 * </pre>
 * The first three parts are rounded to {@value #SCALE} decimals; the last takes the remainder, so the parts sum
 * to the exact change. The order matters (each factor is valued at the previous period's later factors); it is
 * fixed so that reports are comparable week to week. A group without requests in one of the periods puts the
 * whole change under requests (it appeared or disappeared); a group without tokens in one period puts it under
 * model mix/price (its cost cannot be spread over tokens).
 *
 * @param change         C₁ − C₀, exact
 * @param requests       the part due to the number of requests
 * @param inputPerRequest  the part due to input tokens per request
 * @param outputPerRequest the part due to output tokens per request
 * @param mixAndPrice    the part due to the cost of a token: model mix, prices, caching (the remainder)
 */
public record ChangeDecomposition(BigDecimal change, BigDecimal requests, BigDecimal inputPerRequest,
        BigDecimal outputPerRequest, BigDecimal mixAndPrice) {

    /** Decimals of the substituted parts (micro-dollars). */
    public static final int SCALE = 6;

    /** The default output weight: an output token counts as four input tokens. */
    public static final BigDecimal DEFAULT_OUTPUT_WEIGHT = BigDecimal.valueOf(4);

    /** Decomposes the change from {@code before} to {@code after}. */
    public static ChangeDecomposition of(Totals before, Totals after, BigDecimal outputWeight) {
        BigDecimal c0 = before.cost();
        BigDecimal c1 = after.cost();
        BigDecimal change = c1.subtract(c0);
        BigDecimal zero = BigDecimal.ZERO.setScale(SCALE);
        if (before.requests() == 0 || after.requests() == 0) {
            return new ChangeDecomposition(change, change, zero, zero, zero);
        }
        BigDecimal e0 = equivalents(before, outputWeight);
        BigDecimal e1 = equivalents(after, outputWeight);
        if (e0.signum() == 0 || e1.signum() == 0) {
            return new ChangeDecomposition(change, zero, zero, zero, change);
        }
        BigDecimal u0 = c0.divide(e0, Totals.RATIO);
        BigDecimal r1 = BigDecimal.valueOf(after.requests());
        BigDecimal v1 = c0.multiply(r1).divide(BigDecimal.valueOf(before.requests()), Totals.RATIO);
        BigDecimal perRequest = after.inputPerRequest().add(outputWeight.multiply(before.outputPerRequest()));
        BigDecimal v2 = r1.multiply(perRequest).multiply(u0, Totals.RATIO);
        BigDecimal v3 = e1.multiply(u0, Totals.RATIO);
        BigDecimal requests = v1.subtract(c0).setScale(SCALE, RoundingMode.HALF_EVEN);
        BigDecimal input = v2.subtract(v1).setScale(SCALE, RoundingMode.HALF_EVEN);
        BigDecimal output = v3.subtract(v2).setScale(SCALE, RoundingMode.HALF_EVEN);
        BigDecimal mix = change.subtract(requests).subtract(input).subtract(output);
        return new ChangeDecomposition(change, requests, input, output, mix);
    }

    /** Input-equivalent tokens: I + w·O. */
    static BigDecimal equivalents(Totals t, BigDecimal outputWeight) {
        return BigDecimal.valueOf(t.inputTokens()).add(outputWeight.multiply(BigDecimal.valueOf(t.outputTokens())));
    }
}
