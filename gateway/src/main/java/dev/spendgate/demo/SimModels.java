package dev.spendgate.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models the simulator knows. Requests for a known alias are answered with the dated snapshot name the real
 * API echoes (e.g. {@code gpt-4o-mini} -> {@code gpt-4o-mini-2024-07-18}), so the gateway's price lookup is
 * exercised with real-looking names; unknown names are echoed as sent.
 */
final class SimModels {

    /** Alias -> snapshot name echoed in responses, in listing order. */
    static final Map<String, String> OPENAI = new LinkedHashMap<>();
    static final Map<String, String> ANTHROPIC = new LinkedHashMap<>();

    static {
        OPENAI.put("gpt-4o", "gpt-4o-2024-08-06");
        OPENAI.put("gpt-4o-mini", "gpt-4o-mini-2024-07-18");
        OPENAI.put("gpt-4.1", "gpt-4.1-2025-04-14");
        OPENAI.put("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14");
        OPENAI.put("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14");
        OPENAI.put("gpt-5", "gpt-5-2025-08-07");
        OPENAI.put("gpt-5-mini", "gpt-5-mini-2025-08-07");
        OPENAI.put("gpt-5-nano", "gpt-5-nano-2025-08-07");
        OPENAI.put("o3", "o3-2025-04-16");
        OPENAI.put("o4-mini", "o4-mini-2025-04-16");
        OPENAI.put("gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct");
        OPENAI.put("text-embedding-3-small", "text-embedding-3-small");
        OPENAI.put("text-embedding-3-large", "text-embedding-3-large");
        ANTHROPIC.put("claude-sonnet-4-5", "claude-sonnet-4-5-20250929");
        ANTHROPIC.put("claude-haiku-4-5", "claude-haiku-4-5-20251001");
        ANTHROPIC.put("claude-opus-4-1", "claude-opus-4-1-20250805");
        ANTHROPIC.put("claude-sonnet-4", "claude-sonnet-4-20250514");
    }

    private SimModels() {
    }

    /** The name echoed in the response body for a requested model. */
    static String snapshot(String requested) {
        String openAi = OPENAI.get(requested);
        if (openAi != null) {
            return openAi;
        }
        return ANTHROPIC.getOrDefault(requested, requested);
    }

    /**
     * Whether the model reasons before answering. Only o-series and gpt-5 models report
     * {@code completion_tokens_details.reasoning_tokens > 0} (OpenAI reasoning guide).
     */
    static boolean reasons(String model) {
        return model.startsWith("gpt-5") || model.matches("o\\d.*");
    }
}
