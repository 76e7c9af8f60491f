package dev.spendgate.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.Encoding;
import java.util.Set;

/**
 * Walks one request body and counts the tokens of what the model reads. Chat framing follows OpenAI's cookbook
 * ("How to count tokens with tiktoken", {@code num_tokens_from_messages}): 3 tokens per message, the role and
 * every string field encoded, 1 more for a {@code name}, and 3 to prime the reply; that matches the API's
 * {@code prompt_tokens} for plain text chats. Tool definitions, tool calls and tool results are counted as their
 * JSON text, an approximation of the providers' internal rendering. Other shapes reuse the same framing as the
 * closest documented approximation.
 */
final class RequestTokenCounter {

    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PER_NAME = 1;
    static final int REPLY_PRIMING = 3;

    private final Encoding enc;

    RequestTokenCounter(Encoding enc) {
        this.enc = enc;
    }

    /** OpenAI Chat Completions: {@code messages} (+ {@code tools}/{@code functions} definitions). */
    long chat(JsonNode body) {
        long n = 0;
        for (JsonNode msg : body.path("messages")) {
            n += TOKENS_PER_MESSAGE + text(msg.path("role")) + content(msg.path("content"));
            if (msg.hasNonNull("name")) {
                n += text(msg.path("name")) + TOKENS_PER_NAME;
            }
            for (JsonNode call : msg.path("tool_calls")) {
                n += text(call.path("function").path("name")) + text(call.path("function").path("arguments"));
            }
            JsonNode legacyCall = msg.path("function_call");
            n += text(legacyCall.path("name")) + text(legacyCall.path("arguments"));
        }
        return n + (body.path("messages").isEmpty() ? 0 : REPLY_PRIMING) + json(body.path("tools"))
                + json(body.path("functions"));
    }

    /** OpenAI Responses: {@code instructions} + {@code input} (a string or a list of items) + {@code tools}. */
    long responses(JsonNode body) {
        long n = text(body.path("instructions"));
        JsonNode input = body.path("input");
        if (input.isTextual()) {
            // A string input is one user message.
            n += TOKENS_PER_MESSAGE + text(input);
        }
        for (JsonNode item : input) {
            String type = item.path("type").asText("message");
            switch (type) {
                case "message" -> n += TOKENS_PER_MESSAGE + text(item.path("role")) + content(item.path("content"));
                case "function_call" -> n += text(item.path("name")) + text(item.path("arguments"));
                case "function_call_output" -> n += content(item.path("output"));
                case "input_image", "input_file" -> n += media(type, item);
                default -> {
                    // reasoning items: not estimated
                }
            }
        }
        return n + REPLY_PRIMING + json(body.path("tools"));
    }

    /**
     * Embeddings {@code input} / completions {@code prompt}: a string, a list of strings, a list of token ids or
     * a list of token-id lists. Token ids are counted as they are, without encoding.
     */
    long inputs(JsonNode input) {
        if (input.isTextual()) {
            return text(input);
        }
        long n = 0;
        for (JsonNode e : input) {
            if (e.isTextual()) {
                n += text(e);
            } else if (e.isIntegralNumber()) {
                n += 1;
            } else if (e.isArray()) {
                n += e.size();
            }
        }
        return n;
    }

    /** Anthropic Messages: {@code system} (string or text blocks) + {@code messages} + {@code tools}. */
    long anthropicMessages(JsonNode body) {
        long n = content(body.path("system"));
        for (JsonNode msg : body.path("messages")) {
            n += TOKENS_PER_MESSAGE + text(msg.path("role")) + content(msg.path("content"));
        }
        return n + (body.path("messages").isEmpty() ? 0 : REPLY_PRIMING) + json(body.path("tools"));
    }

    /**
     * A content value: a string, or a list of parts of which text is counted ({@code text}, {@code input_text},
     * {@code output_text}), tool use as name + JSON input, and tool results recursively.
     */
    private long content(JsonNode content) {
        if (content.isTextual()) {
            return text(content);
        }
        long n = 0;
        for (JsonNode part : content) {
            if (part.isTextual()) {
                n += text(part);
                continue;
            }
            n += text(part.path("text"));
            String type = part.path("type").asText("");
            if (type.equals("tool_use")) {
                n += text(part.path("name")) + json(part.path("input"));
            } else if (type.equals("tool_result")) {
                n += content(part.path("content"));
            } else {
                n += media(type, part);
            }
        }
        return n;
    }

    /** A high-detail image at the largest size providers bill (OpenAI 2048 px: 85 + 170 x 6 tiles ~ 1105). */
    static final long IMAGE_TOKENS = 1_600;
    /** A low-detail OpenAI image. */
    static final long LOW_DETAIL_IMAGE_TOKENS = 85;
    /** Part types charged as an image ({@link #IMAGE_TOKENS}, or {@link #LOW_DETAIL_IMAGE_TOKENS}). */
    static final Set<String> IMAGE_TYPES = Set.of("image_url", "input_image", "image");
    /** Part types charged by the length of their data (at least {@link #IMAGE_TOKENS}). */
    static final Set<String> DOCUMENT_TYPES = Set.of("document", "file", "input_file", "input_audio");

    /**
     * Images, audio and documents are not text, but they are billed as input: without their size the estimate is
     * a ceiling per image (Anthropic bills up to about 1,600 tokens for a 1568 px image, OpenAI about 1,105 for a
     * high-detail one), and for documents and audio one token per 3 bytes of their (base64) data, which bounds
     * what PDFs and audio clips are billed. Only used for caps and worst-case reservations.
     */
    private static long media(String type, JsonNode part) {
        if (IMAGE_TYPES.contains(type)) {
            String detail = part.path("image_url").path("detail").asText(part.path("detail").asText(""));
            return detail.equals("low") ? LOW_DETAIL_IMAGE_TOKENS : IMAGE_TOKENS;
        }
        return DOCUMENT_TYPES.contains(type) ? Math.max(IMAGE_TOKENS, dataLength(part) / 3) : 0;
    }

    private static long dataLength(JsonNode node) {
        long longest = 0;
        if (node.isTextual()) {
            return node.asText().length();
        }
        for (JsonNode child : node) {
            longest = Math.max(longest, dataLength(child));
        }
        return longest;
    }

    private long text(JsonNode node) {
        return node.isTextual() ? enc.countTokensOrdinary(node.asText()) : 0;
    }

    private long json(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? 0 : enc.countTokensOrdinary(node.toString());
    }
}
