package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiFormat;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/chat/completions}. Non-stream: a pretty-printed {@code chat.completion} (wire/openai-chat.json).
 * Stream: per choice a role chunk, one chunk per token, a finish chunk with {@code delta:{}}; then, only with
 * {@code stream_options.include_usage}, a usage chunk with {@code choices:[]} while all other chunks carry
 * {@code "usage":null}; then {@code data: [DONE]} (OAS {@code ChatCompletionStreamOptions},
 * wire/openai-chat-stream.sse, wire/openai-chat-stream-no-usage.sse).
 */
final class OpenAiChatSimulator implements SimEndpoint {

    private static final int DEFAULT_CAP = 512;

    @Override
    public SimReply reply(SimCall call) {
        JsonNode messages = call.body().path("messages");
        if (call.model().isEmpty()) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(), "you must provide a model parameter", null);
        }
        if (!messages.isArray() || messages.isEmpty()) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(),
                    "Missing required parameter: 'messages'.", "messages");
        }
        int prompt = SimTokens.messages(messages) + SimTokens.tools(call.body().path("tools"));
        int cap = call.intField("max_completion_tokens", call.intField("max_tokens", DEFAULT_CAP));
        OpenAiChoices choices = OpenAiChoices.draw(call, prompt, Math.max(1, cap), call.intField("n", 1));
        String id = "chatcmpl-" + SimIds.alnum(call.idRng(), 29);
        String fingerprint = "fp_" + SimIds.hex(call.idRng(), 10);
        return call.stream() ? stream(call, choices, id, fingerprint) : complete(call, choices, id, fingerprint);
    }

    private static SimReply complete(SimCall call, OpenAiChoices choices, String id, String fingerprint) {
        ObjectNode body = SimJson.object();
        body.put("id", id).put("object", "chat.completion").put("created", call.created())
                .put("model", SimModels.snapshot(call.model()));
        ArrayNode array = body.putArray("choices");
        for (int i = 0; i < choices.texts().size(); i++) {
            ObjectNode choice = array.addObject().put("index", i);
            choice.putObject("message").put("role", "assistant")
                    .put("content", String.join("", choices.texts().get(i)))
                    .putNull("refusal")
                    .putArray("annotations");
            choice.putNull("logprobs").put("finish_reason", choices.finishReasons().get(i));
        }
        body.set("usage", OpenAiUsage.completion(choices.usage()));
        body.put("service_tier", "default").put("system_fingerprint", fingerprint);
        int tokens = choices.usage().output();
        return new SimReply.Body(200, SimHeaders.openAi(call.idRng(), SimHeaders.JSON), SimJson.pretty(body) + "\n",
                call.pacing(tokens), tokens);
    }

    private static SimReply stream(SimCall call, OpenAiChoices choices, String id, String fingerprint) {
        boolean includeUsage = call.body().path("stream_options").path("include_usage").asBoolean(false);
        Chunks chunks = new Chunks(call, id, call.created(), fingerprint, includeUsage);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < choices.texts().size(); i++) {
            ObjectNode role = SimJson.object().put("role", "assistant").put("content", "").putNull("refusal");
            frames.add(chunks.choice(i, role, null));
            for (String token : choices.texts().get(i)) {
                frames.add(chunks.choice(i, SimJson.object().put("content", token), null));
            }
            frames.add(chunks.choice(i, SimJson.object(), choices.finishReasons().get(i)));
        }
        if (includeUsage) {
            frames.add(chunks.usage(OpenAiUsage.completion(choices.usage())));
        }
        frames.add(OpenAiUsage.DONE);
        return new SimReply.Events(SimHeaders.openAi(call.idRng(), SimHeaders.EVENT_STREAM), frames,
                call.pacing(frames.size()));
    }

    /** Builds chunk frames in the field order of the Oct 2025 captures (FIXTURES.md, REC-OAI). */
    private record Chunks(SimCall call, String id, long created, String fingerprint, boolean includeUsage) {

        String choice(int index, ObjectNode delta, @Nullable String finishReason) {
            ObjectNode chunk = head();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", index);
            choice.set("delta", delta);
            choice.putNull("logprobs").put("finish_reason", finishReason);
            if (includeUsage) {
                chunk.putNull("usage");
            }
            return tail(chunk);
        }

        String usage(ObjectNode usage) {
            ObjectNode chunk = head();
            chunk.putArray("choices");
            chunk.set("usage", usage);
            return tail(chunk);
        }

        private ObjectNode head() {
            return SimJson.object().put("id", id).put("object", "chat.completion.chunk")
                    .put("created", created).put("model", SimModels.snapshot(call.model()))
                    .put("service_tier", "default").put("system_fingerprint", fingerprint);
        }

        private String tail(ObjectNode chunk) {
            chunk.put("obfuscation", SimIds.obfuscation(call.idRng()));
            return OpenAiUsage.frame(chunk);
        }
    }
}
