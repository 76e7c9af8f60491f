package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * An Anthropic Messages request as an OpenAI Chat Completions request.
 *
 * <p>Dropped as harmless: {@code service_tier} and {@code cache_control} markers (OpenAI caches prompts by itself)
 * and {@code thinking} of type {@code disabled}. Refused: {@code top_k}, enabled {@code thinking}, more than four
 * stop sequences, server tools, {@code container}/{@code mcp_servers} and any unknown field.
 */
final class MessagesToChatRequest {

    private static final Set<String> KNOWN = Set.of("model", "max_tokens", "system", "messages", "temperature",
            "top_p", "stop_sequences", "stream", "tools", "tool_choice", "metadata", "service_tier", "thinking");

    private MessagesToChatRequest() {
    }

    static ObjectNode translate(JsonNode request, String upstreamModel) {
        refuseUnsupported(request);
        ObjectNode out = Json.object().put("model", upstreamModel);
        AnthropicMessages.translate(Json.field(request, "system"), request.path("messages"), out.putArray("messages"));
        JsonNode cap = Json.field(request, "max_tokens");
        if (cap != null) {
            out.put("max_completion_tokens", cap.asLong());
        }
        for (String name : new String[] {"temperature", "top_p"}) {
            JsonNode value = Json.field(request, name);
            if (value != null) {
                out.set(name, value);
            }
        }
        JsonNode stops = Json.field(request, "stop_sequences");
        if (stops != null && !stops.isEmpty()) {
            if (stops.size() > 4) {
                throw new UntranslatableException("stop_sequences", "OpenAI models accept at most 4 stop "
                        + "sequences; this request has " + stops.size() + ". Send 4 or fewer.");
            }
            out.set("stop", stops);
        }
        if (request.path("stream").asBoolean(false)) {
            out.put("stream", true);
            // so the last chunk carries usage: the gateway meters the upstream stream
            out.putObject("stream_options").put("include_usage", true);
        }
        JsonNode tools = Json.field(request, "tools");
        if (tools != null && !tools.isEmpty()) {
            out.set("tools", ToolMapping.toOpenAiTools(tools));
            JsonNode choice = Json.field(request, "tool_choice");
            if (choice != null) {
                ToolMapping.toOpenAiChoice(choice, out);
            }
        }
        JsonNode user = Json.field(request.path("metadata"), "user_id");
        if (user != null) {
            out.put("user", user.asText());
        }
        return out;
    }

    private static void refuseUnsupported(JsonNode request) {
        Iterator<String> names = request.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw new UntranslatableException(name, "Field '" + name + "' cannot be translated for an OpenAI "
                        + "model (" + ("top_k".equals(name) ? "OpenAI has no top-k sampling"
                        : "no faithful OpenAI equivalent") + "). Remove it.");
            }
        }
        JsonNode thinking = Json.field(request, "thinking");
        if (thinking != null && !"disabled".equals(thinking.path("type").asText())) {
            throw new UntranslatableException("thinking", "Extended thinking cannot be requested from an OpenAI "
                    + "model through this gateway. Remove thinking or set type to disabled.");
        }
    }
}
