package dev.spendgate.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.spendgate.api.Endpoint;
import java.util.List;
import java.util.Locale;

/**
 * Counts tokens locally when a provider reports no usage (a cut stream, a client that went away, an OpenAI stream
 * without {@code include_usage}), so spend is estimated instead of lost ({@link UsageSource#ESTIMATED}).
 *
 * <p>Tokenizers (JTokkit, a port of OpenAI's tiktoken):
 * <ul>
 *   <li>{@code o200k_base}: gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o-series, and the default for unknown models;</li>
 *   <li>{@code cl100k_base}: gpt-3.5, gpt-4 / gpt-4-turbo, text-embedding-*;</li>
 *   <li>Claude: {@code o200k_base} as an approximation. Anthropic publishes no tokenizer (only the
 *       {@code /v1/messages/count_tokens} endpoint), so Claude estimates are approximate by design.</li>
 * </ul>
 * Text is encoded as ordinary text: a user's {@code <|endoftext|>} is just characters, never a special token.
 *
 * <p>Thread-safe and meant to be built once: the o200k table (a few MB) is loaded in the constructor, cl100k on
 * first use. Encoding is CPU work proportional to the text; estimate large prompts off the event loop.
 */
public final class TokenEstimator {

    /** o200k_base model prefixes; checked before the cl100k ones since "gpt-4o" also starts with "gpt-4". */
    private static final List<String> O200K_PREFIXES = List.of(
            "gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "chatgpt-", "gpt-oss", "o1", "o3", "o4", "codex");
    private static final List<String> CL100K_PREFIXES = List.of(
            "gpt-3.5", "gpt-35", "gpt-4", "text-embedding-", "davinci-002", "babbage-002");

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final Encoding o200k = registry.getEncoding(EncodingType.O200K_BASE);

    /** Loads the default tokenizer. */
    public TokenEstimator() {
    }

    /**
     * Loads the tokenizers of {@code models} now (cl100k is otherwise read from the jar on first use, which is file
     * I/O and tens of milliseconds of parsing: never on an event loop). Called at start-up and on reload.
     */
    public void preload(Iterable<String> models) {
        for (String model : models) {
            encodingFor(model);
        }
    }

    /** Tokens of {@code text} in the tokenizer of {@code model}. */
    public int countText(String model, String text) {
        return encodingFor(model).countTokensOrdinary(text);
    }

    /**
     * Estimated input tokens of a request body, framing overhead included (see {@link RequestTokenCounter}).
     * Images, audio and files are not counted. Unmetered endpoints ({@code count_tokens}, other) give 0.
     */
    public long estimateInput(Endpoint endpoint, String model, JsonNode requestBody) {
        RequestTokenCounter counter = new RequestTokenCounter(encodingFor(model));
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> counter.chat(requestBody);
            case RESPONSES -> counter.responses(requestBody);
            case EMBEDDINGS -> counter.inputs(requestBody.path("input"));
            case COMPLETIONS -> counter.inputs(requestBody.path("prompt"));
            case MESSAGES -> counter.anthropicMessages(requestBody);
            case COUNT_TOKENS, OTHER -> 0;
        };
    }

    /** Estimated output tokens of generated {@code text} (e.g. the text streamed before a cut). */
    public long estimateOutput(String model, String text) {
        return countText(model, text);
    }

    /** The tokenizer name used for {@code model}, e.g. {@code o200k_base}. */
    public String encodingName(String model) {
        return encodingFor(model).getName();
    }

    private Encoding encodingFor(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        m = m.substring(m.lastIndexOf('/') + 1); // "openai/gpt-4o", "azure/gpt-4" -> the model id
        for (String p : O200K_PREFIXES) {
            if (m.startsWith(p)) {
                return o200k;
            }
        }
        for (String p : CL100K_PREFIXES) {
            if (m.startsWith(p)) {
                return registry.getEncoding(EncodingType.CL100K_BASE);
            }
        }
        return o200k;
    }
}
