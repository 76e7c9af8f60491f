package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiFormat;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/completions}, the legacy {@code text_completion} API. Same usage rules as chat, including
 * the usage chunk only with {@code stream_options.include_usage}. {@code max_tokens} defaults to 16 as in the
 * legacy API reference; {@code model} follows {@code choices} in the legacy chunk layout.
 */
final class OpenAiCompletionsSimulator implements SimEndpoint {

    private static final int DEFAULT_CAP = 16;

    @Override
    public SimReply reply(SimCall call) {
        JsonNode prompt = call.body().path("prompt");
        if (call.model().isEmpty()) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(), "you must provide a model parameter", null);
        }
        if (!prompt.isTextual() && !prompt.isArray()) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(),
                    "Missing required parameter: 'prompt'.", "prompt");
        }
        int cap = Math.max(1, call.intField("max_tokens", DEFAULT_CAP));
        OpenAiChoices choices = OpenAiChoices.draw(call, Math.max(1, SimTokens.inputs(prompt)), cap,
                call.intField("n", 1));
        String id = "cmpl-" + SimIds.alnum(call.idRng(), 29);
        long created = call.created();
        if (!call.stream()) {
            ObjectNode body = head(call, id, created);
            ArrayNode array = body.putArray("choices");
            for (int i = 0; i < choices.texts().size(); i++) {
                array.add(choice(i, String.join("", choices.texts().get(i)), choices.finishReasons().get(i)));
            }
            body.put("model", SimModels.snapshot(call.model()));
            body.set("usage", OpenAiUsage.completion(choices.usage()));
            int tokens = choices.usage().output();
            return new SimReply.Body(200, SimHeaders.openAi(call.idRng(), SimHeaders.JSON),
                    SimJson.pretty(body) + "\n", call.pacing(tokens), tokens);
        }
        boolean includeUsage = call.body().path("stream_options").path("include_usage").asBoolean(false);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < choices.texts().size(); i++) {
            for (String token : choices.texts().get(i)) {
                frames.add(chunk(call, id, created, choice(i, token, null), includeUsage, null));
            }
            frames.add(chunk(call, id, created, choice(i, "", choices.finishReasons().get(i)), includeUsage, null));
        }
        if (includeUsage) {
            frames.add(chunk(call, id, created, null, true, OpenAiUsage.completion(choices.usage())));
        }
        frames.add(OpenAiUsage.DONE);
        return new SimReply.Events(SimHeaders.openAi(call.idRng(), SimHeaders.EVENT_STREAM), frames,
                call.pacing(frames.size()));
    }

    private static ObjectNode head(SimCall call, String id, long created) {
        return SimJson.object().put("id", id).put("object", "text_completion").put("created", created);
    }

    private static ObjectNode choice(int index, String text, @Nullable String finishReason) {
        ObjectNode choice = SimJson.object().put("text", text).put("index", index);
        return choice.putNull("logprobs").put("finish_reason", finishReason);
    }

    /** A stream chunk; {@code choice == null} is the usage chunk with {@code choices:[]}. */
    private static String chunk(SimCall call, String id, long created, @Nullable ObjectNode choice,
                                boolean includeUsage, @Nullable ObjectNode usage) {
        ObjectNode chunk = head(call, id, created);
        ArrayNode choices = chunk.putArray("choices");
        if (choice != null) {
            choices.add(choice);
        }
        chunk.put("model", SimModels.snapshot(call.model()));
        if (usage != null) {
            chunk.set("usage", usage);
        } else if (includeUsage) {
            chunk.putNull("usage");
        }
        return OpenAiUsage.frame(chunk);
    }
}
