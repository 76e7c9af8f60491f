package dev.spendgate.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random request bodies shaped like the APIs' (chat, responses, messages, embeddings, completions), written with
 * random whitespace, escapes, unicode, duplicate keys, nulls and wrong types, for differential and property
 * tests. Every body is valid JSON; {@link #mutate} makes invalid or odd variants.
 */
public final class RandomRequestBodies {

    private static final String[] WS = {"", "", "", " ", "\n", "\t", "\r\n  ", "  "};
    private static final String[] WORDS = {"hello", "world", "Paris", "the", " ", "  ", "\n", "12345", "3.14",
        "é", "naïve", "日本語のテキスト", "中文", "😀", "👩‍💻", "\"quoted\"", "back\\slash", "tab\there", "<|endoftext|>",
        "\u0000", "\u001f", "\u2028", "/", "{\"city\":\"Paris\"}", "   spaces   ", "0000", "ÅÄÖ", "¡¿", "∑∫"};
    private static final String[] MEDIA = {"image_url", "input_image", "image", "document", "file", "input_file",
        "input_audio", "text", "input_text", "output_text", "tool_use", "tool_result"};

    private final Random r;

    /** A generator with a fixed seed (reproducible). */
    public RandomRequestBodies(long seed) {
        this.r = new Random(seed);
    }

    /** One random request body. */
    public String body() {
        List<String> members = new ArrayList<>();
        maybe(members, 0.9, "model", () -> pick(str("gpt-4o-mini"), str("claude-sonnet-4-5"), str(text()),
                "null", "42", "[\"gpt\"]", str("gpt-4o"), "{\"a\":1}"));
        maybe(members, 0.5, "stream", () -> pick("true", "false", "null", "\"true\"", "1"));
        maybe(members, 0.4, "stream_options", this::streamOptions);
        for (String cap : new String[] {"max_completion_tokens", "max_tokens", "max_output_tokens"}) {
            maybe(members, 0.3, cap, this::capValue);
        }
        maybe(members, 0.15, "n", () -> pick("1", "2", "0", "129", "null", "1.0", "\"2\""));
        maybe(members, 0.1, "best_of", () -> pick("1", "3", "200", "null"));
        maybe(members, 0.1, "background", () -> pick("true", "false", "null", "\"true\"", " \"false\" ", "1", "0"));
        maybe(members, 0.4, "temperature", () -> pick("0.7", "0.70", "1e2", "1E-7", "-0.0", "0", "1.5e+3", "2"));
        maybe(members, 0.6, "messages", () -> array(1 + r.nextInt(4), this::message));
        maybe(members, 0.2, "tools", () -> array(1 + r.nextInt(2), this::tool));
        maybe(members, 0.05, "functions", () -> array(1, this::tool));
        maybe(members, 0.2, "input", this::input);
        maybe(members, 0.1, "prompt", this::input);
        maybe(members, 0.15, "instructions", () -> str(text()));
        maybe(members, 0.15, "system", () -> r.nextBoolean() ? str(text()) : array(2, this::part));
        maybe(members, 0.2, "metadata", () -> object("k", str(text()), "nested", array(2, () -> "{\"x\":[1,2.5e1]}")));
        maybe(members, 0.1, "user", () -> str(text()));
        if (r.nextInt(8) == 0 && !members.isEmpty()) {
            members.add(r.nextInt(members.size() + 1), members.get(r.nextInt(members.size()))); // a duplicate key
        }
        java.util.Collections.shuffle(members, r);
        return ws() + "{" + String.join(",", members) + ws() + "}" + ws();
    }

    /** Invalid or odd variants of {@code body}: truncated, a byte changed, garbage inserted or appended. */
    public List<byte[]> mutate(String body) {
        byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<byte[]> out = new ArrayList<>();
        out.add(java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)));
        byte[] flipped = b.clone();
        int at = r.nextInt(b.length);
        flipped[at] = (byte) pick(new int[] {'"', '\\', '{', '}', '[', ']', ',', ':', 0xC3, 0xFF, 0xED, 0, 'x', '1'});
        out.add(flipped);
        String s = body.strip();
        int mid = r.nextInt(s.length() + 1);
        out.add((s.substring(0, mid) + pick(",", "}", "]", "\"", "1e99999999999", "NaN", "{}") + s.substring(mid))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.add((s + pick(" x", "{}", "]", " 1", "\n\n")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out;
    }

    private String streamOptions() {
        return pick("null", "true", "[]", "{}", object("include_usage", pick("true", "false", "null", "\"yes\"")),
                object("x", "[1,{\"include_usage\":false}]", "include_usage", pick("true", "false")),
                "{\"include_usage\":false" + ws() + "," + ws() + "\"include_usage\"" + ws() + ":" + ws() + "true}",
                object("nested", object("include_usage", "false")));
    }

    private String capValue() {
        return pick("128", "0", "10000000", "10000001", "-1", "null", "5.0", "1e2", "\"100\"",
                "9223372036854775807", "18446744073709551666", String.valueOf(r.nextInt(100_000)));
    }

    private String message() {
        String content = r.nextInt(3) == 0 ? array(1 + r.nextInt(3), this::part) : str(text());
        List<String> kv = new ArrayList<>(List.of(key("role"), str(pick("user", "assistant", "system", "tool"))));
        kv.addAll(List.of(key("content"), content));
        if (r.nextInt(5) == 0) {
            kv.addAll(List.of(key("name"), str(text())));
        }
        if (r.nextInt(6) == 0) {
            kv.addAll(List.of(key("tool_calls"), array(1, () -> object("id", str("c1"), "type", str("function"),
                    "function", object("name", str(text()), "arguments", str("{\"a\":" + r.nextInt() + "}"))))));
        }
        return r.nextInt(20) == 0 ? str(text()) : objectOf(kv);
    }

    private String part() {
        String type = pick(MEDIA);
        return switch (type) {
            case "image_url" -> object("type", str(type), "image_url", object("url", str("https://x/" + text()),
                    "detail", str(pick("low", "high", "auto"))));
            case "tool_use" -> object("type", str(type), "name", str(text()), "input",
                    object("q", str(text()), "n", pick("1e-6", "12e1", "1234567890e1", "1e6", "0.5", "7")));
            case "tool_result" -> object("type", str(type), "content", array(2, () -> object("type",
                    str(pick(MEDIA)), "text", str(text()))));
            default -> object("type", str(type), "text", str(text()), "data", str(text()),
                    "source", object("data", str(text() + text())));
        };
    }

    private String tool() {
        return object("type", str("function"), "function", object("name", str(text()), "parameters",
                object("type", str("object"), "properties", object("x", object("minimum", pick("1e-6", "0.000001",
                        "1E+2", "12e1", "-0.0", "1.0"), "maximum", pick("1e6", "100", "9e6", "1234567890e1"))))));
    }

    private String input() {
        return pick(str(text()), array(3, () -> pick(str(text()), "15339", "[1,2,3]", "[]", "{\"a\":1}", "2.5")),
                array(2, this::message), array(2, () -> object("type", str(pick(MEDIA)), "file_data", str(text()))),
                "null", "17");
    }

    /** Random text: words, unicode, characters JSON must escape. */
    private String text() {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            b.append(pick(WORDS));
        }
        if (r.nextInt(10) == 0) {
            b.append("x".repeat(r.nextInt(300)));
        }
        if (r.nextInt(30) == 0) {
            b.append('\ud800'); // a lone surrogate, only writable as an escape
        }
        return b.toString();
    }

    private void maybe(List<String> members, double p, String key, java.util.function.Supplier<String> value) {
        if (r.nextDouble() < p) {
            members.add(ws() + key(key) + ws() + ":" + ws() + value.get());
        }
    }

    private String object(String... kv) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            list.add(key(kv[i]));
            list.add(kv[i + 1]);
        }
        return objectOf(list);
    }

    private String objectOf(List<String> kv) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < kv.size(); i += 2) {
            members.add(ws() + kv.get(i) + ws() + ":" + ws() + kv.get(i + 1) + ws());
        }
        return "{" + String.join(",", members) + "}";
    }

    private String array(int n, java.util.function.Supplier<String> element) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            elements.add(ws() + element.get() + ws());
        }
        return "[" + String.join(",", elements) + "]";
    }

    private String key(String k) {
        return r.nextInt(12) == 0 && k.length() > 1 ? "\"" + k.charAt(0) + String.format("\\u%04x", (int) k.charAt(1))
                + k.substring(2) + "\"" : "\"" + k + "\"";
    }

    /** A JSON string of {@code s}, each character written plainly or escaped at random (where JSON allows). */
    private String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            boolean mustEscape = c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c) && !paired;
            if (mustEscape || r.nextInt(10) == 0) {
                b.append(switch (c) {
                    case '"' -> r.nextBoolean() ? "\\\"" : "\\u0022";
                    case '\\' -> "\\\\";
                    case '\n' -> "\\n";
                    case '/' -> "\\/";
                    default -> String.format("\\u%04x", (int) c);
                });
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private String ws() {
        return WS[r.nextInt(WS.length)];
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    private int pick(int[] options) {
        return options[r.nextInt(options.length)];
    }
}
