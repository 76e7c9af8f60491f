package dev.spendgate.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Reproducible mutations of an event's JSON for the scan-versus-tree tests: single bytes flipped, inserted or
 * dropped (structure, escapes, control bytes, broken UTF-8), and snippets that keep the JSON valid but odd
 * (number forms a count may take, escaped or non-ASCII strings, repeated or escaped keys, objects where arrays
 * are expected).
 */
final class Mutations {

    private static final byte[] BYTES = {'{', '}', '[', ']', ',', ':', '"', '\\', '0', '1', '9', '-', '+', '.', 'e',
        'E', 't', 'n', 'u', 'l', ' ', '\n', '\t', '\r', 1, 0x7F, (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82,
        (byte) 0xF0, (byte) 0x9F, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0xC0, (byte) 0x80};
    private static final String[] NUMBERS = {"0", "-0", "-3", "7", "1.5", "2.0", "1e3", "1E+2", "-1e-5",
        "123456789012345678", "1234567890123456789", "99999999999999999999", "01", "1.", "null", "\"7\"", "true"};
    private static final String[] STRINGS = {"\"\"", "\"\\u0065rror\"", "\"caf\\u00e9\"", "\"\\ud83d\\ude00\"",
        "\"\\ud800\"", "\"a\\\"b\"", "\"line\\nbreak\\t\\/\"", "\"é ✓ 😀\"", "\"\\\\\"", "null", "42", "{}", "[]",
        "\"error\"", "\"text_delta\"", "\"message_start\"", "\"response.completed\"", "\"\\u0000\"",
        "\"usage\\\":{\\\"prompt_tokens\\\":9}\""};
    private static final String[] MEMBERS = {"\"usage\":null,", "\"usage\":{\"prompt_tokens\":3,\"input_tokens\":4,"
        + "\"output_tokens\":5,\"completion_tokens\":6},", "\"model\":\"other-model\",", "\"model\":\"\",",
        "\"type\":\"error\",", "\"type\":\"\",", "\"error\":{\"type\":\"e\",\"code\":\"c\"},", "\"error\":\"x\",",
        "\"choices\":{\"a\":{\"delta\":{\"content\":\"o\"}}},", "\"tool_calls\":{\"a\":{\"function\":"
        + "{\"arguments\":\"z\"}}},", "\"us\\u0061ge\":{\"prompt_tokens\":8},", "\"text\":\"t\",",
        "\"delta\":{\"type\":\"text_delta\",\"text\":\"d\"},", "\"content\":\"c\",", "\"cache_creation\":{},",
        "\"response\":{\"model\":\"r\",\"usage\":{\"input_tokens\":1.5}},", " \"x\" : [ 1 , { } ] ,"};

    private Mutations() {
    }

    static byte[] apply(byte[] data, Random random) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        return switch (random.nextInt(6)) {
            case 0, 1 -> bytes(data, random);
            case 2 -> latin1(replaceToken(text, random, "-0123456789.eE+", NUMBERS));
            case 3 -> latin1(replaceString(text, random));
            default -> latin1(insertMember(text, random));
        };
    }

    private static byte[] bytes(byte[] data, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = data.length == 0 ? 0 : random.nextInt(data.length);
        out.write(data, 0, at);
        switch (random.nextInt(3)) {
            case 0 -> out.write(BYTES[random.nextInt(BYTES.length)]);
            case 1 -> {
                out.write(BYTES[random.nextInt(BYTES.length)]);
                at++;
            }
            default -> at++;
        }
        if (at < data.length) {
            out.write(data, at, data.length - at);
        }
        return out.toByteArray();
    }

    /** Replaces a random run of {@code chars} (a number) with one of {@code options}. */
    private static String replaceToken(String text, Random random, String chars, String[] options) {
        int start = random.nextInt(Math.max(1, text.length()));
        while (start < text.length() && chars.indexOf(text.charAt(start)) < 0) {
            start++;
        }
        int end = start;
        while (end < text.length() && chars.indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        return text.substring(0, start) + utf8(options[random.nextInt(options.length)]) + text.substring(end);
    }

    /** Replaces a random string literal (maybe a key) with another JSON value. */
    private static String replaceString(String text, Random random) {
        int start = text.indexOf('"', random.nextInt(Math.max(1, text.length())));
        if (start < 0) {
            return text;
        }
        int end = start + 1;
        while (end < text.length() && text.charAt(end) != '"') {
            end += text.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, text.length());
        return text.substring(0, start) + utf8(STRINGS[random.nextInt(STRINGS.length)]) + text.substring(end);
    }

    /** Inserts a member right after a random '{'. */
    private static String insertMember(String text, Random random) {
        int at = text.indexOf('{', random.nextInt(Math.max(1, text.length())));
        if (at < 0) {
            at = text.indexOf('{');
        }
        if (at < 0) {
            return text;
        }
        return text.substring(0, at + 1) + utf8(MEMBERS[random.nextInt(MEMBERS.length)]) + text.substring(at + 1);
    }

    /** The UTF-8 bytes of {@code s} as a Latin-1 string, so that the mutated text maps back to the same bytes. */
    private static String utf8(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
