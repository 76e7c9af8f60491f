package dev.spendgate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spendgate.config.ModelConfig;
import dev.spendgate.inspect.ClientRequest;
import dev.spendgate.metering.CostCalculator;
import dev.spendgate.metering.TokenEstimator;
import dev.spendgate.metering.TokenUsage;
import dev.spendgate.metering.UsageSource;
import dev.spendgate.stream.ParsedUsage;
import dev.spendgate.stream.StreamUsage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a response carried into the request's usage, usage source and exact cost.
 *
 * <p>Rules (../shared/reference/semantics.md): provider-reported usage is taken as is. When none arrived (cut
 * stream, client disconnect, an upstream that reports nothing) the input is counted from the request and the
 * output from the text that was generated, with a real tokenizer, and the source is {@code estimated}. A stream
 * cut after partial usage (Anthropic's {@code message_start}) keeps the reported input and takes the larger of the
 * provisional and the counted output. A stream the provider ended with an {@code error} event keeps the provider's
 * own figures: that is what it reported for the turn.
 */
final class Metering {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Metering.class);
    /** No single request comes near this; a provider reporting more is broken, and its figure is not billed. */
    private static final long MAX_PLAUSIBLE_TOKENS = 100_000_000L;

    private final TokenEstimator estimator;

    Metering(TokenEstimator estimator) {
        this.estimator = estimator;
    }

    /** Meters a buffered (non-streaming) 2xx response. Does not consume or release {@code body}. */
    void meterBody(RequestContext ctx, ParsedUsage parsed, ByteBuf body) {
        ctx.servedModel = parsed.servedModel();
        if (plausible(ctx, parsed.usage())) {
            apply(ctx, parsed.usage(), UsageSource.PROVIDER);
        } else {
            apply(ctx, estimate(ctx, null, responseText(body)), UsageSource.ESTIMATED);
        }
    }

    /** Meters a stream, whole or cut, from what the relay saw. */
    void meterStream(RequestContext ctx, StreamUsage seen, boolean cut) {
        if (seen.servedModel() != null) {
            ctx.servedModel = seen.servedModel();
        }
        TokenUsage reported = plausible(ctx, seen.usage()) ? seen.usage() : null;
        if (reported == null) {
            apply(ctx, estimate(ctx, null, seen.outputText()), UsageSource.ESTIMATED);
        } else if (cut && seen.errorType() == null && !seen.complete()) {
            apply(ctx, estimate(ctx, reported, seen.outputText()), UsageSource.ESTIMATED);
        } else {
            apply(ctx, reported, UsageSource.PROVIDER);
        }
    }

    private static boolean plausible(RequestContext ctx, @Nullable TokenUsage usage) {
        if (usage == null) {
            return false;
        }
        if (usage.total() < 0 || usage.total() > MAX_PLAUSIBLE_TOKENS) {
            LOG.warn("{} provider {} reported implausible usage {}; estimating instead", ctx.requestId, ctx.provider,
                    usage);
            return false;
        }
        return true;
    }

    private void apply(RequestContext ctx, TokenUsage usage, UsageSource source) {
        ctx.usage = usage;
        ctx.usageSource = source;
        ModelConfig model = ctx.model;
        ctx.cost = model == null ? java.math.BigDecimal.ZERO : CostCalculator.cost(usage, model.price());
    }

    private TokenUsage estimate(RequestContext ctx, @Nullable TokenUsage partial, String outputText) {
        String model = ctx.model == null ? "" : ctx.model.upstreamModel();
        long output = outputText.isEmpty() ? 0 : estimator.estimateOutput(model, outputText);
        if (partial != null) {
            return new TokenUsage(partial.input(), partial.cacheRead(), partial.cacheWrite5m(),
                    partial.cacheWrite1h(), Math.max(partial.output(), output), partial.reasoning());
        }
        ClientRequest request = ctx.request;
        long input = request == null ? 0 : estimator.estimateInput(ctx.endpoint, model, request.json());
        return new TokenUsage(input, 0, 0, 0, output, 0);
    }

    /** All generated text in a response body, for estimation when the provider reported no usage. */
    private static String responseText(ByteBuf body) {
        try (ByteBufInputStream in = new ByteBufInputStream(body.duplicate())) {
            StringBuilder text = new StringBuilder();
            collectText(MAPPER.readTree((java.io.InputStream) in), text);
            return text.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static void collectText(@Nullable JsonNode node, StringBuilder out) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> collectText(n, out));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            boolean textField = f.getKey().equals("content") || f.getKey().equals("text")
                    || f.getKey().equals("arguments") || f.getKey().equals("thinking");
            if (textField && v.isTextual()) {
                out.append(v.asText());
            } else if (v.isContainerNode()) {
                collectText(v, out);
            }
        }
    }
}
