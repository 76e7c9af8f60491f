package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAI Chat Completions request as an Anthropic Messages request.
 *
 * <p>Dropped as harmless (they change neither the output nor what is billed): {@code store}, {@code metadata}
 * (OpenAI's dashboard tags), {@code service_tier}, {@code seed} (best effort only, no guarantee to lose),
 * {@code stream_options} (Anthropic streams always carry usage), {@code prompt_cache_key},
 * {@code safety_identifier}, {@code prediction} (a latency hint), {@code response_format} of type text and
 * {@code n}/{@code presence_penalty}/{@code frequency_penalty} at their defaults. Any other field is refused:
 * an unknown field cannot be proved harmless.
 */
final class ChatToMessagesRequest {

    /** Fields translated, checked or dropped as harmless; any other field is refused. */
    private static final Set<String> KNOWN = Set.of("store", "metadata", "service_tier", "seed",
            "stream_options", "prompt_cache_key", "safety_identifier", "prediction", "model", "messages", "user",
            "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop", "stream", "tools",
            "tool_choice", "parallel_tool_calls", "n", "response_format", "presence_penalty", "frequency_penalty",
            "logprobs", "top_logprobs");

    private ChatToMessagesRequest() {
    }

    static ObjectNode translate(JsonNode chat, String upstreamModel, long defaultMaxTokens) {
        refuseUnsupported(chat);
        ObjectNode out = Json.object().put("model", upstreamModel);
        JsonNode cap = Json.field(chat, "max_completion_tokens");
        cap = cap != null ? cap : Json.field(chat, "max_tokens");
        out.put("max_tokens", cap != null ? cap.asLong() : defaultMaxTokens);
        ChatMessages.translate(chat.path("messages"), out);
        JsonNode temperature = Json.field(chat, "temperature");
        if (temperature != null) {
            if (temperature.asDouble() > 1.0) {
                throw new UntranslatableException("temperature", "temperature " + temperature.asText()
                        + " is above 1, the Anthropic maximum (OpenAI allows 0..2). Use a value from 0 to 1.");
            }
            out.set("temperature", temperature);
        }
        copy(chat, "top_p", out, "top_p");
        JsonNode stop = Json.field(chat, "stop");
        if (stop != null) {
            out.set("stop_sequences", stop.isArray() ? stop : Json.MAPPER.createArrayNode().add(stop.asText()));
        }
        copy(chat, "stream", out, "stream");
        JsonNode tools = Json.field(chat, "tools");
        if (tools != null && !tools.isEmpty()) {
            out.set("tools", ToolMapping.toAnthropicTools(tools));
        }
        ObjectNode choice = ToolMapping.toAnthropicChoice(Json.field(chat, "tool_choice"),
                Json.field(chat, "parallel_tool_calls"));
        if (choice != null && out.has("tools")) {
            out.set("tool_choice", choice);
        }
        JsonNode user = Json.field(chat, "user");
        if (user != null) {
            out.putObject("metadata").put("user_id", user.asText());
        }
        return out;
    }

    private static void refuseUnsupported(JsonNode chat) {
        if (chat.path("n").asInt(1) != 1) {
            throw new UntranslatableException("n", "n > 1 (several choices) is not supported by Anthropic models. "
                    + "Send n=1 and repeat the request for more samples.");
        }
        if (chat.path("logprobs").asBoolean(false) || Json.field(chat, "top_logprobs") != null) {
            String param = chat.path("logprobs").asBoolean(false) ? "logprobs" : "top_logprobs";
            throw new UntranslatableException(param, "Anthropic models do not return log probabilities. Remove "
                    + "logprobs and top_logprobs.");
        }
        JsonNode format = Json.field(chat, "response_format");
        if (format != null && !"text".equals(format.path("type").asText())) {
            throw new UntranslatableException("response_format.type", "response_format '"
                    + format.path("type").asText() + "' cannot be guaranteed by an Anthropic model. Remove it and "
                    + "describe the format in the prompt, or use a tool with an input schema.");
        }
        for (String penalty : new String[] {"presence_penalty", "frequency_penalty"}) {
            if (chat.path(penalty).asDouble(0) != 0) {
                throw new UntranslatableException(penalty, penalty + " has no Anthropic equivalent. Remove it.");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = chat.fields();
        while (fields.hasNext()) {
            String name = fields.next().getKey();
            if (!KNOWN.contains(name)) {
                throw new UntranslatableException(name, "Field '" + name + "' cannot be translated for an "
                        + "Anthropic model (" + reason(name) + "). Remove it.");
            }
        }
    }

    private static String reason(String name) {
        return switch (name) {
            case "audio", "modalities" -> "Anthropic models do not produce audio";
            case "functions", "function_call" -> "deprecated; use tools and tool_choice";
            case "logit_bias" -> "Anthropic has no token biasing";
            case "reasoning_effort", "verbosity" -> "no faithful Anthropic equivalent";
            case "web_search_options" -> "OpenAI's built-in web search";
            default -> "unknown to the translator, so it cannot be proved harmless";
        };
    }

    private static void copy(JsonNode from, String name, ObjectNode to, String as) {
        JsonNode value = Json.field(from, name);
        if (value != null) {
            to.set(as, value);
        }
    }
}
