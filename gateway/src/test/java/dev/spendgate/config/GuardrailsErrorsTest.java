package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GuardrailsErrorsTest {

    private static final String DIMENSIONS = "[feature, team, customer, tier, experiment, environment, session]";
    private static final String AT = "(expected: a utilisation 0 < at <= 10, e.g. 0.8 for 80%)";

    private static List<String> errorsOf(String guardrails) {
        return errorsOf(GuardrailsConfigTest.BASE, guardrails);
    }

    private static List<String> errorsOf(String base, String guardrails) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(base + guardrails, "bad.yaml", GuardrailsConfigTest.ENV));
        assertThat(e).as("config is rejected").isNotNull();
        return e.errors();
    }

    @Test
    void manyMistakesAcrossTheSectionAreAllReportedAtOnce() {
        List<String> errors = errorsOf("""
                guardrails:
                  time_zone: Mars/Olympus
                  default_output_cap: 0
                  require: [feature, region, feature]
                  budget: []
                  budgets:
                    - name: free daily
                      match: {tier: free, region: eu, models: [gpt-4o, gpt-5o], key: nobody}
                      per: tier
                      window: fortnight
                      limit_usd: -1
                      limit_tokens: 1.5
                      enforce: maybe
                    - match: {feature: x}
                      window: rolling
                      limit_requests: 10
                      clamp_max_tokens: {}
                    - {name: dup, window: day, rolling: 1h, clamp_max_tokens: {min: 0}}
                    - {name: dup, per: planet, window: rolling, rolling: 32d, limit_usd: 1}
                    - just-a-string
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "guardrails.budget: unknown key (expected: one of [time_zone, default_output_cap, require, "
                        + "budgets, rate_limits, caps, keys])",
                "guardrails.time_zone: 'Mars/Olympus' (expected: an IANA time zone such as UTC or Europe/Berlin)",
                "guardrails.default_output_cap: '0' (expected: an integer >= 1)",
                "guardrails.require[1]: 'region' (expected: one of " + DIMENSIONS + ")",
                "guardrails.require[2]: 'feature' (expected: each dimension once)",
                "guardrails.budgets[0].name: 'free daily' (expected: a name of letters, digits, '.', '_' or '-')",
                "guardrails.budgets[0].match.region: unknown key (expected: one of [feature, team, customer, tier, "
                        + "experiment, environment, session, models, key])",
                "guardrails.budgets[0].match.models[1]: 'gpt-5o' (expected: a model alias defined under models)",
                "guardrails.budgets[0].match.key: 'nobody' (expected: a key name under guardrails.keys)",
                "guardrails.budgets[0].per: 'tier' (expected: a dimension not fixed by match (match.tier leaves "
                        + "one value, nothing to split by))",
                "guardrails.budgets[0].window: 'fortnight' (expected: one of [day, week, month, rolling])",
                "guardrails.budgets[0].limit_usd: '-1' (expected: a non-negative number of USD, e.g. 50 or 0.50)",
                "guardrails.budgets[0].limit_tokens: '1.5' (expected: an integer >= 0)",
                "guardrails.budgets[0].enforce: 'maybe' (expected: true or false)",
                "guardrails.budgets[1].name: missing (expected: a name of letters, digits, '.', '_' or '-', unique "
                        + "in guardrails.budgets)",
                "guardrails.budgets[1].rolling: missing (expected: a duration 1m..31d such as 30m, 1h or 7d with "
                        + "window: rolling)",
                "guardrails.budgets[1].clamp_max_tokens.min: missing (expected: the smallest output cap to clamp "
                        + "to, e.g. min: 256)",
                "guardrails.budgets[2].rolling: '1h' (expected: rolling only with window: rolling)",
                "guardrails.budgets[2]: no limit (expected: at least one of limit_usd, limit_tokens, limit_requests)",
                "guardrails.budgets[2].clamp_max_tokens.min: '0' (expected: an integer >= 1)",
                "guardrails.budgets[3].name: 'dup' (expected: a name not already used by guardrails.budgets[2])",
                "guardrails.budgets[3].per: 'planet' (expected: one of " + DIMENSIONS + ")",
                "guardrails.budgets[3].rolling: '32d' (expected: a duration 1m..31d such as 30m, 1h or 7d)",
                "guardrails.budgets[4]: 'just-a-string' (expected: a mapping with keys [name, match, per, window, "
                        + "rolling, limit_usd, limit_tokens, limit_requests, enforce, actions, clamp_max_tokens])");
    }

    @Test
    void ladderStepsMustAscendEndInBlockAndNameTheirDowngradeModel() {
        List<String> errors = errorsOf("""
                guardrails:
                  budgets:
                    - name: a
                      limit_usd: 1
                      actions:
                        - {at: 0, action: warn}
                        - {at: 0.9, action: block}
                        - {at: 0.8, action: downgrade}
                        - {at: 11, action: shout}
                    - name: b
                      limit_usd: 1
                      actions: [{at: 0.5, action: warn, to: gpt-4o-mini}, {at: 0.7, action: downgrade, to: o9}, x]
                    - {name: c, limit_usd: 1, actions: []}
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "guardrails.budgets[0].actions[0].at: '0' " + AT,
                "guardrails.budgets[0].actions[1].action: 'block' (expected: block only as the last step; the "
                        + "steps after it could never be reached)",
                "guardrails.budgets[0].actions[2].at: '0.8' (expected: a threshold above the previous step's 0.9; "
                        + "steps ascend by at)",
                "guardrails.budgets[0].actions[2].to: missing (expected: the model alias to downgrade to, e.g. "
                        + "to: gpt-4o-mini)",
                "guardrails.budgets[0].actions[3].at: '11' " + AT,
                "guardrails.budgets[0].actions[3].action: 'shout' (expected: one of [warn, downgrade, block])",
                "guardrails.budgets[1].actions[0].to: 'gpt-4o-mini' (expected: no 'to' unless action is downgrade)",
                "guardrails.budgets[1].actions[1].to: 'o9' (expected: a model alias defined under models)",
                "guardrails.budgets[1].actions[2]: 'x' (expected: a step {at: ..., action: ...})",
                "guardrails.budgets[2].actions: a list (expected: a list of steps such as [{at: 0.8, action: warn}, "
                        + "{at: 1.0, action: block}] (at least one step; use enforce: false to only observe))");
    }

    @Test
    void twoBlockStepsAreRejectedBecauseTheFirstIsNotLast() {
        assertThat(errorsOf("""
                guardrails:
                  budgets: [{name: a, limit_usd: 1, actions: [{at: 1, action: block}, {at: 2, action: block}]}]
                """)).containsExactly("guardrails.budgets[0].actions[0].action: 'block' (expected: block only as "
                + "the last step; the steps after it could never be reached)");
    }

    @Test
    void replacementModelsMustSpeakTheFormatOfTheMatchedModels() {
        List<String> errors = errorsOf("""
                guardrails:
                  budgets:
                    - name: openai-only
                      match: {models: [gpt-4o]}
                      limit_usd: 1
                      actions: [{at: 0.9, action: downgrade, to: claude-haiku-4-5}]
                    - name: mixed
                      match: {models: [gpt-4o, claude-haiku-4-5]}
                      limit_usd: 1
                      actions: [{at: 0.9, action: downgrade, to: gpt-4o-mini}]
                  caps:
                    - {name: c, match: {models: [claude-haiku-4-5]}, max_input_tokens: 10, route_to: gpt-4.1}
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "guardrails.budgets[0].actions[0].to: 'claude-haiku-4-5' (expected: a model of the same API format "
                        + "as match.models (openai), not anthropic)",
                "guardrails.budgets[1].actions[0].to: 'gpt-4o-mini' (expected: a replacement only when match.models "
                        + "all speak one API format; they mix openai and anthropic)",
                "guardrails.caps[0].route_to: 'gpt-4.1' (expected: a model of the same API format as match.models "
                        + "(anthropic), not openai)");
    }

    @Test
    void rateLimitsAndCapsNeedAPositiveLimit() {
        List<String> errors = errorsOf("""
                guardrails:
                  rate_limits:
                    - {name: rl, requests_per_minute: 0, per: customer, match: {customer: acme}}
                    - {name: rl2, enforce: false}
                  caps:
                    - {name: c, route_to: gpt-4.1, max_output_tokens: 0}
                    - {name: c2}
                    - {name: c3, max_input_tokens: -5, burst: 1}
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "guardrails.rate_limits[0].requests_per_minute: '0' (expected: an integer >= 1)",
                "guardrails.rate_limits[0].per: 'customer' (expected: a dimension not fixed by match (match.customer "
                        + "leaves one value, nothing to split by))",
                "guardrails.rate_limits[1]: no limit (expected: at least one of requests_per_minute, "
                        + "tokens_per_minute)",
                "guardrails.caps[0].max_output_tokens: '0' (expected: an integer >= 1)",
                "guardrails.caps[0].route_to: 'gpt-4.1' (expected: route_to only with max_input_tokens)",
                "guardrails.caps[1]: no cap (expected: at least one of max_input_tokens, max_output_tokens)",
                "guardrails.caps[2].burst: unknown key (expected: one of [name, match, max_input_tokens, route_to, "
                        + "max_output_tokens])",
                "guardrails.caps[2].max_input_tokens: '-5' (expected: an integer >= 1)");
    }

    @Test
    void keysAreCheckedAndTheirHashIsNeverShown() {
        String sha = GuardrailsConfigTest.SEARCH_SHA;
        List<String> errors = errorsOf("""
                guardrails:
                  keys:
                    - {name: k1, sha256: sk-gw-plain-key-pasted-here, attribution: {team: a, planet: b}}
                    - {name: k2, sha256: %s, models: [gpt-5o], require: [region]}
                    - {name: k3, sha256: %s, models: []}
                    - {name: k1, sha256: %s}
                  budgets: [{name: b, match: {key: k3}, limit_usd: 1}]
                """.formatted(sha, sha, sha.toUpperCase(Locale.ROOT)));

        String expectedHash = "(expected: the key's SHA-256 as 64 lower-case hex digits (printf %s \"$KEY\" | "
                + "sha256sum), not the key itself)";
        assertThat(errors).containsExactlyInAnyOrder(
                "guardrails.keys[0].sha256: <hidden> " + expectedHash,
                "guardrails.keys[0].attribution.planet: unknown key (expected: one of " + DIMENSIONS + ")",
                "guardrails.keys[1].models[0]: 'gpt-5o' (expected: a model alias defined under models)",
                "guardrails.keys[1].require[0]: 'region' (expected: one of " + DIMENSIONS + ")",
                "guardrails.keys[2].sha256: the same hash as guardrails.keys[1] (expected: one entry per key)",
                "guardrails.keys[2].models: a list (expected: at least one model alias (leave models out for "
                        + "any model))",
                "guardrails.keys[3].name: 'k1' (expected: a name not already used by guardrails.keys[0])",
                "guardrails.keys[3].sha256: <hidden> " + expectedHash);
        assertThat(String.join("\n", errors)).as("neither the pasted key nor a hash leaks")
                .doesNotContain("sk-gw-plain").doesNotContain(sha)
                .doesNotContain(sha.toUpperCase(Locale.ROOT));
    }

    @Test
    void brokenModelOrKeyIsReportedOnlyWhereItIsDefined() {
        String base = GuardrailsConfigTest.BASE.replace("gpt-4o-mini: {provider: openai,",
                "gpt-4o-mini: {provider: opnai,");
        List<String> errors = errorsOf(base, """
                guardrails:
                  keys: [{name: k, sha256: nope}]
                  budgets:
                    - name: b
                      match: {models: [gpt-4o-mini], key: k}
                      limit_usd: 1
                      actions: [{at: 1, action: downgrade, to: gpt-4o-mini}]
                """);

        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e).doesNotStartWith("guardrails.budgets"));
        assertThat(errors.get(0)).startsWith("models.gpt-4o-mini.provider: 'opnai'");
        assertThat(errors.get(1)).startsWith("guardrails.keys[0].sha256: <hidden>");
    }

    @Test
    void listsAndSectionsOfTheWrongShapeAreNamed() {
        assertThat(errorsOf("guardrails: [budgets]\n")).containsExactly("guardrails: a list (expected: a mapping "
                + "with keys [time_zone, default_output_cap, require, budgets, rate_limits, caps, keys])");
        assertThat(errorsOf("guardrails: {budgets: {free: {limit_usd: 1}}, require: feature}\n")).containsExactly(
                "guardrails.require: 'feature' (expected: a list of dimensions, e.g. [feature, team])",
                "guardrails.budgets: a mapping (expected: a list of entries, each starting with '- name: ...')");
    }
}
