package dev.spendgate.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.api.ApiFormat;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/models} in the caller's format: OpenAI's {@code {"object":"list","data":[...]}} of model ids, or
 * Anthropic's paged {@code {"data":[...],"has_more":false,...}} of snapshot ids when the caller authenticates the
 * Anthropic way. Lists exactly the models in {@link SimModels}.
 */
final class ModelListSimulator implements SimEndpoint {

    /** 2024-05-13, a fixed creation time: the listing should not change between calls. */
    private static final long CREATED = 1_715_558_400L;

    private final ApiFormat format;

    ModelListSimulator(ApiFormat format) {
        this.format = format;
    }

    @Override
    public SimReply reply(SimCall call) {
        if (format == ApiFormat.OPENAI) {
            ObjectNode body = SimJson.object().put("object", "list");
            ArrayNode data = body.putArray("data");
            for (String id : SimModels.OPENAI.keySet()) {
                data.addObject().put("id", id).put("object", "model").put("created", CREATED)
                        .put("owned_by", "system");
            }
            return new SimReply.Body(200, SimHeaders.openAi(call.idRng(), SimHeaders.JSON),
                    SimJson.pretty(body) + "\n", SimPacing.IMMEDIATE, 0);
        }
        ObjectNode body = SimJson.object();
        ArrayNode data = body.putArray("data");
        for (Map.Entry<String, String> model : SimModels.ANTHROPIC.entrySet()) {
            String snapshot = model.getValue();
            String date = snapshot.substring(snapshot.length() - 8);
            data.addObject().put("type", "model").put("id", snapshot).put("display_name", display(model.getKey()))
                    .put("created_at", date.substring(0, 4) + "-" + date.substring(4, 6) + "-"
                            + date.substring(6) + "T00:00:00Z");
        }
        body.put("has_more", false).put("first_id", data.path(0).path("id").asText())
                .put("last_id", data.path(data.size() - 1).path("id").asText());
        return new SimReply.Body(200, SimHeaders.anthropic(call.idRng(), SimHeaders.JSON), SimJson.compact(body),
                SimPacing.IMMEDIATE, 0);
    }

    /** {@code claude-sonnet-4-5} -> {@code Claude Sonnet 4.5}. */
    private static String display(String alias) {
        String[] parts = alias.split("-");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            boolean number = Character.isDigit(parts[i].charAt(0));
            boolean afterNumber = i > 0 && Character.isDigit(parts[i - 1].charAt(0));
            sb.append(i == 0 ? "" : number && afterNumber ? "." : " ");
            sb.append(number ? parts[i] : parts[i].substring(0, 1).toUpperCase(Locale.ROOT) + parts[i].substring(1));
        }
        return sb.toString();
    }
}
