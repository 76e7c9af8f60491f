package dev.spendgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/responses}. Non-stream: the response object with {@code usage}. Stream: {@code event:} +
 * {@code data:} frames with {@code sequence_number} from 0, ending in {@code response.completed} (or
 * {@code response.incomplete} when {@code max_output_tokens} was reached), the only event carrying usage; there is
 * no {@code [DONE]} (semantics.md 2, wire/openai-responses-stream.sse).
 */
final class OpenAiResponsesSimulator implements SimEndpoint {

    private static final int DEFAULT_CAP = 512;

    @Override
    public SimReply reply(SimCall call) {
        JsonNode body = call.body();
        JsonNode input = body.path("input");
        if (call.model().isEmpty()) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(), "Missing required parameter: 'model'.",
                    "model");
        }
        if (!input.isTextual() && !input.isArray()) {
            return SimErrors.badRequest(ApiFormat.OPENAI, call.idRng(), "Missing required parameter: 'input'.",
                    "input");
        }
        int prompt = SimTokens.text(body.path("instructions").asText("")) + SimTokens.messages(input)
                + SimTokens.tools(body.path("tools"));
        int cap = Math.max(1, call.intField("max_output_tokens", DEFAULT_CAP));
        int output = SimTokens.output(call.rng(), cap);
        int reasoning = SimTokens.reasoning(call.rng(), call.model(), output);
        List<String> tokens = SimText.tokens(call.rng(), output - reasoning);
        SimUsage usage = new SimUsage(prompt, SimTokens.openAiCached(prompt, call.options().cachedFraction()),
                0, 0, output, reasoning);
        Ids ids = new Ids("resp_" + SimIds.hex(call.idRng(), 50), "rs_" + SimIds.hex(call.idRng(), 50),
                "msg_" + SimIds.hex(call.idRng(), 50));
        ResponseObject response = new ResponseObject(call, ids.response(), call.created());
        String status = output >= cap ? "incomplete" : "completed";
        String text = String.join("", tokens);
        ArrayNode finalOutput = SimJson.array();
        if (reasoning > 0) {
            finalOutput.add(ResponseObject.reasoningItem(ids.reasoning()));
        }
        finalOutput.add(ResponseObject.messageItem(ids.message(), status, ResponseObject.textPart(text)));
        if (!call.stream()) {
            ObjectNode node = response.node(status, finalOutput, usage, "default", true);
            return new SimReply.Body(200, SimHeaders.openAi(call.idRng(), SimHeaders.JSON),
                    SimJson.pretty(node) + "\n", call.pacing(output), output);
        }
        List<String> frames = events(response, ids, tokens, text, reasoning > 0, status, finalOutput, usage);
        return new SimReply.Events(SimHeaders.openAi(call.idRng(), SimHeaders.EVENT_STREAM), frames,
                call.pacing(frames.size()));
    }

    private static List<String> events(ResponseObject response, Ids ids, List<String> tokens, String text,
                                       boolean reasons, String status, ArrayNode finalOutput, SimUsage usage) {
        Sequence seq = new Sequence(new ArrayList<>());
        seq.add("response.created").set("response", response.node("in_progress", SimJson.array(), null,
                "auto", false));
        seq.add("response.in_progress").set("response", response.node("in_progress", SimJson.array(), null,
                "auto", false));
        int index = 0;
        if (reasons) {
            seq.add("response.output_item.added").put("output_index", 0)
                    .set("item", ResponseObject.reasoningItem(ids.reasoning()));
            seq.add("response.output_item.done").put("output_index", 0)
                    .set("item", ResponseObject.reasoningItem(ids.reasoning()));
            index = 1;
        }
        seq.add("response.output_item.added").put("output_index", index)
                .set("item", ResponseObject.messageItem(ids.message(), "in_progress", null));
        seq.part("response.content_part.added", ids.message(), index).set("part", ResponseObject.textPart(""));
        for (String token : tokens) {
            ObjectNode delta = seq.part("response.output_text.delta", ids.message(), index).put("delta", token);
            delta.putArray("logprobs");
            delta.put("obfuscation", SimIds.obfuscation(response.call().idRng()));
        }
        seq.part("response.output_text.done", ids.message(), index).put("text", text).putArray("logprobs");
        seq.part("response.content_part.done", ids.message(), index).set("part", ResponseObject.textPart(text));
        seq.add("response.output_item.done").put("output_index", index)
                .set("item", ResponseObject.messageItem(ids.message(), status, ResponseObject.textPart(text)));
        seq.add("response." + status).set("response", response.node(status, finalOutput, usage, "default", false));
        return seq.frames();
    }

    private record Ids(String response, String reasoning, String message) {
    }

    /**
     * Numbers events from 0 and frames them as {@code event: type\ndata: json\n\n}. Frames are rendered lazily by
     * {@link #frames()} because callers fill the event after {@link #add}.
     */
    private record Sequence(List<ObjectNode> events) {

        ObjectNode add(String type) {
            ObjectNode event = SimJson.object().put("type", type).put("sequence_number", events.size());
            events.add(event);
            return event;
        }

        ObjectNode part(String type, String itemId, int outputIndex) {
            return add(type).put("item_id", itemId).put("output_index", outputIndex).put("content_index", 0);
        }

        List<String> frames() {
            List<String> frames = new ArrayList<>(events.size());
            for (ObjectNode event : events) {
                frames.add("event: " + event.path("type").asText() + "\ndata: " + SimJson.compact(event) + "\n\n");
            }
            return frames;
        }
    }
}
