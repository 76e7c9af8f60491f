package dev.spendgate.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code name:} of the entries of one guardrails list (budgets, rate limits, caps or keys): required, made of
 * letters, digits, '.', '_' and '-' (names become metric labels, ledger values and admin API paths), and unique
 * within the list (a duplicate would merge two entries' state).
 */
final class UniqueNames {

    static final String PATTERN = "[A-Za-z0-9._-]+";
    private static final String EXPECTED = "a name of letters, digits, '.', '_' or '-'";

    private final String list;
    private final Map<String, String> firstPath = new HashMap<>();

    /** @param list the list's path, e.g. {@code guardrails.budgets}, for "already used by" messages */
    UniqueNames(String list) {
        this.list = list;
    }

    /** The entry's valid, unique name; null (reported) when missing, malformed or already taken. */
    @Nullable String take(YamlSection entry) {
        String name = entry.required("name", EXPECTED + ", unique in " + list);
        if (name == null) {
            return null;
        }
        if (!name.matches(PATTERN)) {
            entry.errors().invalid(entry.path("name"), entry.raw("name"), EXPECTED);
            return null;
        }
        String first = firstPath.putIfAbsent(name, entry.path());
        if (first != null) {
            entry.errors().invalid(entry.path("name"), entry.raw("name"), "a name not already used by " + first);
            return null;
        }
        return name;
    }

    /** Every name taken so far. */
    Set<String> names() {
        return Set.copyOf(firstPath.keySet());
    }
}
