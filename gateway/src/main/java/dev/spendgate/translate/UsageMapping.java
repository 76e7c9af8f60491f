package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Token usage between the two formats. Anthropic's {@code input_tokens} excludes cache reads and writes while
 * OpenAI's {@code prompt_tokens} includes cached tokens, so the sums differ by direction:
 * prompt = input + cache_read + cache_creation, cached = cache_read; and back, input = prompt - cached.
 */
final class UsageMapping {

    private UsageMapping() {
    }

    /** OpenAI {@code usage} from Anthropic counts. */
    static ObjectNode openAi(long input, long cacheRead, long cacheCreation, long output) {
        long prompt = input + cacheRead + cacheCreation;
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", output);
        usage.put("total_tokens", prompt + output);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        return usage;
    }

    /** OpenAI {@code usage} from an Anthropic {@code usage} object. */
    static ObjectNode openAi(JsonNode anthropic) {
        return openAi(anthropic.path("input_tokens").asLong(), anthropic.path("cache_read_input_tokens").asLong(),
                anthropic.path("cache_creation_input_tokens").asLong(), anthropic.path("output_tokens").asLong());
    }

    /** Anthropic {@code usage} from an OpenAI {@code usage} object; OpenAI reports no cache writes. */
    static ObjectNode anthropic(JsonNode openAi) {
        long cached = openAi.path("prompt_tokens_details").path("cached_tokens").asLong();
        ObjectNode usage = Json.object();
        usage.put("input_tokens", Math.max(0, openAi.path("prompt_tokens").asLong() - cached));
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", cached);
        usage.put("output_tokens", openAi.path("completion_tokens").asLong());
        return usage;
    }
}
