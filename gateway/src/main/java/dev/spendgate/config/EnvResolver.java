package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} references in every string value of a YAML tree, in place,
 * from the given environment (shell parameter-expansion syntax, POSIX "2.6.2 Parameter Expansion": {@code :-}
 * also applies the default when the variable is set but empty). <code>$${</code> is a literal <code>${</code>. An unset
 * variable without default is an error naming the path and the variable, never a value.
 */
final class EnvResolver {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;
    private final ConfigErrors errors;

    EnvResolver(Map<String, String> env, ConfigErrors errors) {
        this.env = env;
        this.errors = errors;
    }

    /** Resolves all string values below {@code node}, whose config path is {@code path} ("" for the root). */
    void resolve(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String childPath = path.isEmpty() ? key : path + "." + key;
                JsonNode child = object.get(key);
                String replaced = child.isTextual() ? substitute(child.asText(), childPath) : null;
                if (replaced != null) {
                    object.set(key, TextNode.valueOf(replaced));
                } else {
                    resolve(child, childPath);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = path + "[" + i + "]";
                JsonNode child = array.get(i);
                String replaced = child.isTextual() ? substitute(child.asText(), childPath) : null;
                if (replaced != null) {
                    array.set(i, TextNode.valueOf(replaced));
                } else {
                    resolve(child, childPath);
                }
            }
        }
    }

    /** The text with references replaced, or null when it contains none. */
    private @Nullable String substitute(String text, String path) {
        if (!text.contains("${")) {
            return null;
        }
        errors.envOrigin(path, text);
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (!text.startsWith("${", i)) {
                out.append(text.charAt(i));
                i++;
                continue;
            }
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                errors.envFailed(path);
                errors.add(path, "unterminated '${' in '" + text
                        + "' (expected: ${VAR} or ${VAR:-default}; write $${ for a literal ${)");
                return text;
            }
            out.append(lookup(text.substring(i + 2, end), path));
            i = end + 1;
        }
        return out.toString();
    }

    private String lookup(String reference, String path) {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            errors.envFailed(path);
            errors.add(path, "'${" + reference + "}' is not a valid reference"
                    + " (expected: ${VAR} or ${VAR:-default}, VAR made of letters, digits and _)");
            return "";
        }
        String value = env.get(name);
        if (value != null && (sep < 0 || !value.isEmpty())) {
            return value;
        }
        if (sep >= 0) {
            return reference.substring(sep + 2);
        }
        errors.envFailed(path);
        errors.add(path, "environment variable " + name + " is not set"
                + " (expected: set " + name + ", or write ${" + name + ":-default})");
        return "";
    }
}
