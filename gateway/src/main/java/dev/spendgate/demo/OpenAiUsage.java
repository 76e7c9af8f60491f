package dev.spendgate.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenAI usage objects: {@code CompletionUsage} (chat, legacy) and {@code ResponseUsage} (OAS, wire fixtures). */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** Chat / legacy completions usage; {@code cached_tokens} and {@code reasoning_tokens} are subsets. */
    static ObjectNode completion(SimUsage usage) {
        ObjectNode node = SimJson.object();
        node.put("prompt_tokens", usage.prompt())
                .put("completion_tokens", usage.output())
                .put("total_tokens", usage.total());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheRead()).put("audio_tokens", 0);
        node.putObject("completion_tokens_details")
                .put("reasoning_tokens", usage.reasoning())
                .put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0)
                .put("rejected_prediction_tokens", 0);
        return node;
    }

    /** Responses API usage (input/output naming, same subset rules). */
    static ObjectNode response(SimUsage usage) {
        ObjectNode node = SimJson.object();
        node.put("input_tokens", usage.prompt());
        node.putObject("input_tokens_details").put("cached_tokens", usage.cacheRead());
        node.put("output_tokens", usage.output());
        node.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoning());
        node.put("total_tokens", usage.total());
        return node;
    }

    /** An SSE frame in OpenAI's chat framing: {@code data: <json>} and a blank line. */
    static String frame(ObjectNode event) {
        return "data: " + SimJson.compact(event) + "\n\n";
    }

    static final String DONE = "data: [DONE]\n\n";
}
