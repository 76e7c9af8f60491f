package dev.spendgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Content parts: OpenAI {@code text} and {@code image_url} parts to Anthropic {@code text} and {@code image}
 * blocks and back. A {@code data:} URL is Anthropic's {@code base64} source; an http(s) URL is its {@code url}
 * source. OpenAI's {@code detail} has no Anthropic counterpart and changes the tokens billed, so only
 * {@code auto} passes; Anthropic's {@code cache_control} is a cost hint (OpenAI caches by itself) and is dropped.
 */
final class ContentParts {

    private static final String DATA_PREFIX = "data:";
    private static final String BASE64_MARK = ";base64,";

    private ContentParts() {
    }

    /** OpenAI content (string or parts) as Anthropic content (string or blocks). */
    static JsonNode toAnthropic(JsonNode content, String path, boolean imagesAllowed) {
        if (content.isTextual()) {
            return content;
        }
        if (!content.isArray()) {
            throw new UntranslatableException(path, path + " must be a string or an array of content parts.");
        }
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String at = path + "[" + i + "]";
            String type = part.path("type").asText();
            if ("text".equals(type)) {
                blocks.addObject().put("type", "text").put("text", part.path("text").asText());
            } else if ("image_url".equals(type) && imagesAllowed) {
                blocks.add(image(part.path("image_url"), at));
            } else {
                throw new UntranslatableException(at + ".type", "Content part type '" + type + "' at " + at
                        + " cannot be sent to an Anthropic model" + (imagesAllowed ? "" : " in this message")
                        + ". Use text" + (imagesAllowed ? " or image_url" : "") + " parts.");
            }
        }
        return blocks;
    }

    private static ObjectNode image(JsonNode imageUrl, String at) {
        String detail = imageUrl.path("detail").asText("auto");
        if (!"auto".equals(detail)) {
            throw new UntranslatableException(at + ".image_url.detail", "image_url.detail '" + detail
                    + "' has no Anthropic equivalent. Remove it (or use 'auto').");
        }
        String url = imageUrl.path("url").asText();
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url.startsWith(DATA_PREFIX) && url.contains(BASE64_MARK)) {
            int mark = url.indexOf(BASE64_MARK);
            source.put("type", "base64").put("media_type", url.substring(DATA_PREFIX.length(), mark))
                    .put("data", url.substring(mark + BASE64_MARK.length()));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url").put("url", url);
        } else {
            throw new UntranslatableException(at + ".image_url.url",
                    "image_url.url must be an http(s) URL or a base64 data: URL.");
        }
        return block;
    }

    /** One Anthropic user block ({@code text} or {@code image}) as an OpenAI content part. */
    static ObjectNode toOpenAiPart(JsonNode block, String at) {
        String type = block.path("type").asText();
        if ("text".equals(type)) {
            return Json.object().put("type", "text").put("text", block.path("text").asText());
        }
        if ("image".equals(type)) {
            JsonNode source = block.path("source");
            String kind = source.path("type").asText();
            String url;
            if ("base64".equals(kind)) {
                url = DATA_PREFIX + source.path("media_type").asText() + BASE64_MARK + source.path("data").asText();
            } else if ("url".equals(kind)) {
                url = source.path("url").asText();
            } else {
                throw new UntranslatableException(at + ".source.type", "Image source type '" + kind
                        + "' cannot be sent to an OpenAI model. Use a base64 or url source.");
            }
            ObjectNode part = Json.object().put("type", "image_url");
            part.putObject("image_url").put("url", url);
            return part;
        }
        throw new UntranslatableException(at + ".type", "Content block type '" + type + "' at " + at
                + " cannot be sent to an OpenAI model. Use text or image blocks.");
    }

    /** Text of a string or an array of text blocks/parts (system prompts, tool results), refusing anything else. */
    static String joinText(JsonNode content, String path) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new UntranslatableException(path, path + " must be a string or an array of text parts.");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            if (!"text".equals(part.path("type").asText())) {
                throw new UntranslatableException(path + "[" + i + "].type", "Only text parts can be translated at "
                        + path + "; found '" + part.path("type").asText() + "'.");
            }
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }
}
