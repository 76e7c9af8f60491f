package dev.spendgate.api;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The proxied endpoints the gateway understands. Metered endpoints carry a {@code model} in the body and return
 * usage; {@link #COUNT_TOKENS} and {@link #OTHER} are passed through unmetered.
 */
public enum Endpoint {
    CHAT_COMPLETIONS("/v1/chat/completions", ApiFormat.OPENAI, true),
    COMPLETIONS("/v1/completions", ApiFormat.OPENAI, true),
    EMBEDDINGS("/v1/embeddings", ApiFormat.OPENAI, true),
    RESPONSES("/v1/responses", ApiFormat.OPENAI, true),
    MESSAGES("/v1/messages", ApiFormat.ANTHROPIC, true),
    COUNT_TOKENS("/v1/messages/count_tokens", ApiFormat.ANTHROPIC, false),
    /** Any other {@code /v1/...} path: forwarded to the default provider of the caller's format. */
    OTHER("", ApiFormat.OPENAI, false);

    private final String path;
    private final ApiFormat format;
    private final boolean metered;

    Endpoint(String path, ApiFormat format, boolean metered) {
        this.path = path;
        this.format = format;
        this.metered = metered;
    }

    /** The request path, e.g. {@code /v1/chat/completions}; empty for {@link #OTHER}. */
    public String path() {
        return path;
    }

    /** The API format of this endpoint ({@link #OTHER} decides by request headers instead). */
    public ApiFormat format() {
        return format;
    }

    /** Whether usage is metered (token counts, cost) for this endpoint. */
    public boolean metered() {
        return metered;
    }

    /** Metric label value, e.g. {@code chat_completions}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The endpoint for an exact POST path, or null when the path is not one of the known ones. */
    public static @Nullable Endpoint ofPath(String path) {
        for (Endpoint e : values()) {
            if (e != OTHER && e.path.equals(path)) {
                return e;
            }
        }
        return null;
    }
}
