package dev.spendgate.inspect;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway reads from a client request body: the fields that decide routing, streaming and metering,
 * read by one streaming pass ({@link RequestInspector}). The parsed tree is built only when something needs the
 * whole body (translation, token counting, rare rewrites) and then kept.
 */
public final class ClientRequest {

    private final byte[] raw;
    private final RequestScan scan;
    private final @Nullable String model;
    private final boolean stream;
    private final boolean includeUsage;
    private final @Nullable Long outputCap;
    private final long choices;
    /** The parsed body, built on first use; racing threads would parse the same bytes into equal trees. */
    private volatile @Nullable ObjectNode json;

    ClientRequest(byte[] raw, RequestScan scan, @Nullable ObjectNode json, @Nullable String model, boolean stream,
            boolean includeUsage, @Nullable Long outputCap, long choices) {
        this.raw = raw;
        this.scan = scan;
        this.json = json;
        this.model = model;
        this.stream = stream;
        this.includeUsage = includeUsage;
        this.outputCap = outputCap;
        this.choices = choices;
    }

    /**
     * The parsed body (exact decimals), parsed on first use. Read it, never change it: it is shared by every
     * attempt and by metering.
     */
    public ObjectNode json() {
        ObjectNode tree = json;
        if (tree == null) {
            tree = RequestInspector.tree(raw);
            json = tree;
        }
        return tree;
    }

    /** The body bytes exactly as received (forwarded unchanged when no rewrite is needed). */
    public byte[] raw() {
        return raw;
    }

    /** The {@code model} field, or null when absent. */
    public @Nullable String model() {
        return model;
    }

    /** Whether {@code stream: true}. */
    public boolean stream() {
        return stream;
    }

    /** Whether the client asked for {@code stream_options.include_usage: true}. */
    public boolean includeUsage() {
        return includeUsage;
    }

    /**
     * The request's output cap per choice ({@code max_completion_tokens}, {@code max_tokens} or
     * {@code max_output_tokens}; the largest when several are set), or null when unset.
     */
    public @Nullable Long outputCap() {
        return outputCap;
    }

    /** Outputs the request asks for ({@code n} / {@code best_of}, at least 1): the worst case is cap x choices. */
    public long choices() {
        return choices;
    }

    /**
     * An upper bound of the input tokens that {@code TokenEstimator.estimateInput} gives for this body, for any
     * endpoint and model (see {@code metering.InputTokenBounds}), computed in the streaming pass: no tokenizer.
     */
    public long inputTokenBound() {
        return scan.inputTokenBound;
    }

    /** As {@code json().path("background").asBoolean(false)} (Responses background mode), without the tree. */
    public boolean background() {
        ScannedField f = scan.background;
        if (f == null || f.token == JsonToken.VALUE_NULL || f.token == JsonToken.VALUE_FALSE) {
            return false;
        }
        return f.token == JsonToken.VALUE_TRUE || json().path("background").asBoolean(false);
    }

    /** Where the fields lie in {@link #raw()}, for splicing. */
    RequestScan scan() {
        return scan;
    }

    @Override
    public String toString() {
        return "ClientRequest[model=" + model + ", stream=" + stream + ", includeUsage=" + includeUsage
                + ", outputCap=" + outputCap + ", choices=" + choices + ", bytes=" + raw.length + "]";
    }
}
