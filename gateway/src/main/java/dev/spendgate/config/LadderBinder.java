package dev.spendgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spendgate.config.LadderStep.Action;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a budget's {@code actions:} ladder. Steps ascend strictly by {@code at} (0 < at <= 10, where 1.0 is the
 * limit; above 1 lets a budget overrun on purpose before blocking); {@code block} may only be the last step,
 * since nothing above it could ever be reached; {@code downgrade} names its model with {@code to}.
 */
final class LadderBinder {

    static final List<String> STEP_KEYS = List.of("at", "action", "to");
    /** Without {@code actions:}, a budget blocks at its limit. */
    static final List<LadderStep> DEFAULT = List.of(new LadderStep(BigDecimal.ONE, Action.BLOCK, null));

    private static final BigDecimal MAX_AT = BigDecimal.TEN;
    private static final String AT_EXPECTED = "a utilisation 0 < at <= 10, e.g. 0.8 for 80%";
    private static final String ACTION_EXPECTED = "one of [warn, downgrade, block]";
    private static final String LIST_EXPECTED = "a list of steps such as [{at: 0.8, action: warn}, "
            + "{at: 1.0, action: block}]";

    private LadderBinder() {
    }

    /** The ladder of {@code budget}; {@code matched} are the budget's match.models, for the format check. */
    static List<LadderStep> actions(YamlSection budget, GuardrailRefs refs, Set<String> matched) {
        JsonNode raw = budget.raw("actions");
        if (raw == null) {
            return DEFAULT;
        }
        if (raw.isArray() && raw.isEmpty()) {
            budget.errors().invalid(budget.path("actions"), raw,
                    LIST_EXPECTED + " (at least one step; use enforce: false to only observe)");
        }
        List<JsonNode> items = budget.items("actions", LIST_EXPECTED);
        List<LadderStep> steps = new ArrayList<>();
        BigDecimal previous = null;
        for (int i = 0; i < items.size(); i++) {
            String path = YamlSection.item(budget.path("actions"), i);
            if (!items.get(i).isObject()) {
                budget.errors().invalid(path, items.get(i), "a step {at: ..., action: ...}");
                continue;
            }
            YamlSection s = YamlSection.of(items.get(i), path, budget.errors(), STEP_KEYS);
            BigDecimal at = at(s, previous);
            Action action = action(s, i == items.size() - 1);
            String to = to(s, action, refs, matched);
            previous = at == null ? previous : at;
            if (at != null && action != null && (action != Action.DOWNGRADE || to != null)) {
                steps.add(new LadderStep(at, action, to));
            }
        }
        return List.copyOf(steps);
    }

    private static @Nullable BigDecimal at(YamlSection s, @Nullable BigDecimal previous) {
        if (s.raw("at") == null) {
            s.errors().missing(s.path("at"), AT_EXPECTED);
            return null;
        }
        BigDecimal at = s.decimal("at", AT_EXPECTED);
        if (at != null && (at.signum() <= 0 || at.compareTo(MAX_AT) > 0)) {
            s.errors().invalid(s.path("at"), s.raw("at"), AT_EXPECTED);
            return null;
        }
        if (at != null && previous != null && at.compareTo(previous) <= 0) {
            s.errors().invalid(s.path("at"), s.raw("at"),
                    "a threshold above the previous step's " + previous.toPlainString() + "; steps ascend by at");
            return null;
        }
        return at;
    }

    private static @Nullable Action action(YamlSection s, boolean last) {
        String text = s.required("action", ACTION_EXPECTED);
        if (text == null) {
            return null;
        }
        for (Action a : Action.values()) {
            if (a.label().equals(text.toLowerCase(Locale.ROOT))) {
                if (a == Action.BLOCK && !last) {
                    s.errors().invalid(s.path("action"), s.raw("action"),
                            "block only as the last step; the steps after it could never be reached");
                }
                return a;
            }
        }
        s.errors().invalid(s.path("action"), s.raw("action"), ACTION_EXPECTED);
        return null;
    }

    private static @Nullable String to(YamlSection s, @Nullable Action action, GuardrailRefs refs,
            Set<String> matched) {
        if (action != Action.DOWNGRADE) {
            if (action != null && s.raw("to") != null) {
                s.errors().invalid(s.path("to"), s.raw("to"), "no 'to' unless action is downgrade");
            }
            return null;
        }
        if (s.raw("to") == null) {
            s.errors().missing(s.path("to"), "the model alias to downgrade to, e.g. to: gpt-4o-mini");
            return null;
        }
        String to = refs.model(s, "to");
        if (to != null) {
            refs.checkSameFormat(s, "to", to, matched);
        }
        return to;
    }
}
