package dev.spendgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderErrorsTest {

    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-secret-123");

    private static List<String> errorsOf(String yaml) {
        return errorsOf(yaml, ENV);
    }

    private static List<String> errorsOf(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "bad.yaml", env));
        assertThat(e).as("config is rejected").isNotNull();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.errors()));
        assertThat(e.source()).isEqualTo("bad.yaml");
        return e.errors();
    }

    private static String minimalWith(String find, String replace) {
        assertThat(ConfigLoaderTest.MINIMAL).contains(find);
        return ConfigLoaderTest.MINIMAL.replace(find, replace);
    }

    @Test
    void fiveDifferentMistakesInOneFileAreAllReported() {
        List<String> errors = errorsOf("""
                server:
                  port: abc
                  max_body_bytes: 10 bananas
                providers:
                  openai:
                    type: openai
                    api_key: ${OPENAI_API_KEY}
                    max_conections: 10
                models:
                  gpt-4o:
                    provider: opnai
                    price: {input: 2.5, output: -1}
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "server.port: 'abc' (expected: an integer 0..65535)",
                "server.max_body_bytes: '10 bananas' (expected: a positive byte count or a size such as 512KB, "
                        + "10MB or 1GiB)",
                "providers.openai.max_conections: unknown key (expected: one of [type, base_url, api_key, "
                        + "auth_header, headers, max_connections, timeouts, circuit_breaker])",
                "providers.openai.base_url: missing (expected: an http(s) URL)",
                "models.gpt-4o.provider: 'opnai' (expected: one of [openai])",
                "models.gpt-4o.price.output: '-1' (expected: a non-negative number, USD per 1M tokens)");
    }

    @Test
    void providerTypeTypoListsTheTypes() {
        assertThat(errorsOf(minimalWith("type: openai", "type: openia")))
                .containsExactly("providers.openai.type: 'openia' (expected: one of [openai, anthropic])");
    }

    @Test
    void unsetVariableIsNamedOnceAndItsPathIsNotReportedAgain() {
        List<String> errors = errorsOf(ConfigLoaderTest.MINIMAL, Map.of());
        assertThat(errors).containsExactly("providers.openai.api_key: environment variable OPENAI_API_KEY is not "
                + "set (expected: set OPENAI_API_KEY, or write ${OPENAI_API_KEY:-default})");
    }

    @Test
    void invalidValueFromTheEnvironmentIsShownAsItsReferenceOnly() {
        assertThat(errorsOf("server: {port: '${GATEWAY_PORT}'}\n" + ConfigLoaderTest.MINIMAL,
                Map.of("GATEWAY_PORT", "abc", "OPENAI_API_KEY", "k"))).containsExactly(
                "server.port: the value of '${GATEWAY_PORT}' (not shown) (expected: an integer 0..65535)");
    }

    @Test
    void demoConfigWithoutSimulatorUrlsNamesEachMissingVariableOnce() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.loadResource("demo.yaml", Map.of()));
        assertThat(e.source()).isEqualTo("classpath:demo.yaml");
        assertThat(e.errors()).containsExactly(
                "providers.sim-openai.base_url: environment variable SIM_OPENAI_BASE_URL is not set (expected: "
                        + "set SIM_OPENAI_BASE_URL, or write ${SIM_OPENAI_BASE_URL:-default})",
                // the demo's busy second deployment of gpt-4o runs on the same simulator
                "providers.sim-openai-busy.base_url: environment variable SIM_OPENAI_BASE_URL is not set (expected: "
                        + "set SIM_OPENAI_BASE_URL, or write ${SIM_OPENAI_BASE_URL:-default})",
                "providers.sim-anthropic.base_url: environment variable SIM_ANTHROPIC_BASE_URL is not set "
                        + "(expected: set SIM_ANTHROPIC_BASE_URL, or write ${SIM_ANTHROPIC_BASE_URL:-default})");
    }

    @Test
    void malformedReferenceIsReported() {
        assertThat(errorsOf(minimalWith("${OPENAI_API_KEY}", "${OPENAI_API_KEY")))
                .singleElement().asString().startsWith("providers.openai.api_key: unterminated '${'");
        assertThat(errorsOf(minimalWith("${OPENAI_API_KEY}", "${1BAD}")))
                .singleElement().asString().startsWith("providers.openai.api_key: '${1BAD}' is not a valid");
    }

    @Test
    void secretValuesNeverAppearInErrors() {
        List<String> errors = errorsOf(minimalWith("base_url: https://api.openai.com/v1",
                "base_url: ${OPENAI_API_KEY}\n    headers: {X-Token: \"a\\nb\"}"));
        assertThat(String.join("\n", errors)).doesNotContain("sk-secret-123").doesNotContain("a\nb");
        assertThat(errors).contains(
                "providers.openai.base_url: the value of '${OPENAI_API_KEY}' (not shown) (expected: an http(s) URL "
                        + "with a host and no user info, query or fragment, e.g. https://api.openai.com/v1)",
                "providers.openai.headers.X-Token: <hidden> (expected: a single-line header value)");
    }

    @Test
    void stateErrorsNameTheirPath() {
        List<String> errors = errorsOf("state: {store: redix, url: 'http://x', timeout: soon,"
                + " on_unavailable: maybe}\n" + minimalWith("price:", "price:"));
        assertThat(errors).contains(
                "state.store: 'redix' (expected: one of memory, redis)",
                "state.url: 'http://x' (expected: a Redis URL such as redis://127.0.0.1:6379/0)",
                "state.on_unavailable: 'maybe' (expected: one of fail_open, fail_closed)");
        assertThat(errors).anyMatch(e -> e.startsWith("state.timeout: 'soon' (expected: a duration"));
    }

    @Test
    void aRedisUrlWithoutAHostOrWithAWordForPortIsRefusedWithoutItsPassword() {
        for (String url : new String[] {"redis://:pw-secret@127.0.0.1:notaport/0", "redis://", "rediss://:6379"}) {
            List<String> errors = errorsOf("state: {store: redis, url: '" + url + "'}\n"
                    + minimalWith("price:", "price:"));
            assertThat(errors).as(url).singleElement().asString().startsWith("state.url: ")
                    .endsWith("(expected: a Redis URL such as redis://127.0.0.1:6379/0)")
                    .doesNotContain("pw-secret");
        }
        assertThat(ConfigLoader.parse("state: {store: redis, url: 'redis://:pw@redis.internal:6380/2'}\n"
                + minimalWith("price:", "price:"), "good.yaml", ENV).state().url())
                .isEqualTo("redis://:pw@redis.internal:6380/2");
    }

    @Test
    void unknownTopLevelAndNestedKeysListTheKnownOnes() {
        List<String> errors = errorsOf("sever: {port: 1}\n" + minimalWith("price:", "prize:"));
        assertThat(errors).contains(
                "sever: unknown key (expected: one of [server, attribution, metrics, ledger, prices, providers, "
                        + "models, defaults, guardrails, routing, state])",
                "models.gpt-4o-mini.prize: unknown key (expected: one of [provider, upstream_model, price, "
                        + "litellm_key, context_window, fallbacks, fallback_on, context_fallback, deployments])");
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() {
        assertThat(errorsOf("server:\n  port: [8080\nproviders: {}\n")).singleElement().asString()
                .startsWith("bad.yaml: YAML syntax error at line 3, column 10: while parsing a flow sequence");
    }

    @Test
    void duplicateKeyIsAnErrorNotLastOneWins() {
        assertThat(errorsOf("server:\n  port: 1\n  port: 2\n")).singleElement().asString()
                .isEqualTo("bad.yaml: duplicate key 'port' at line 3, column 9 (expected: each key once per mapping)");
    }

    @Test
    void emptyOrScalarDocumentIsRejected() {
        assertThat(errorsOf("")).singleElement().asString().startsWith("bad.yaml: not a YAML mapping");
        assertThat(errorsOf("just text")).singleElement().asString().startsWith("bad.yaml: not a YAML mapping");
    }

    @Test
    void rangesAndUnitsAreChecked() {
        List<String> errors = errorsOf("""
                server: {port: 70000, admin_port: -1, shutdown_grace: 30, max_response_bytes: 0,
                  request_read_timeout: 0s}
                metrics: {max_label_values: 0, session_ttl: 0ms}
                ledger: {queue_capacity: 1.5, enabled: maybe}
                attribution: {max_length: 0}
                """ + minimalWith("api_key:", "max_connections: 0\n    timeouts: {idle: 1d}\n    api_key:"));
        assertThat(errors).containsExactlyInAnyOrder(
                "server.port: '70000' (expected: an integer 0..65535)",
                "server.admin_port: '-1' (expected: an integer 0..65535)",
                "server.shutdown_grace: '30' (expected: a duration such as 500ms, 30s, 5m or 1h)",
                "server.max_response_bytes: '0' (expected: a positive byte count or a size such as 512KB, 10MB "
                        + "or 1GiB)",
                "server.request_read_timeout: '0s' (expected: a duration such as 500ms, 30s, 5m or 1h (at least "
                        + "1ms))",
                "metrics.max_label_values: '0' (expected: an integer >= 1)",
                "metrics.session_ttl: '0ms' (expected: a duration such as 500ms, 30s, 5m or 1h (at least 1ms))",
                "ledger.queue_capacity: '1.5' (expected: an integer >= 1)",
                "ledger.enabled: 'maybe' (expected: true or false)",
                "attribution.max_length: '0' (expected: an integer >= 1)",
                "providers.openai.max_connections: '0' (expected: an integer >= 1)",
                "providers.openai.timeouts.idle: '1d' (expected: a duration such as 500ms, 30s, 5m or 1h (at least "
                        + "1ms))");
    }

    @Test
    void samePortForProxyAndAdminIsRejected() {
        assertThat(errorsOf("server: {port: 8000, admin_port: 8000}\n" + ConfigLoaderTest.MINIMAL)).containsExactly(
                "server.admin_port: '8000' (expected: a port other than server.port, or 0 for any free port)");
    }

    @Test
    void attributionHeadersMustBeTokensAndDistinct() {
        List<String> errors = errorsOf("""
                attribution:
                  headers: {team: "X LLM Team", customer: x-llm-feature}
                """ + ConfigLoaderTest.MINIMAL);
        assertThat(errors).containsExactly(
                "attribution.headers.team: 'X LLM Team' (expected: an HTTP header name (RFC 9110 token: letters, "
                        + "digits and !#$%&'*+-.^_`|~))",
                "attribution.headers.customer: 'x-llm-feature' (expected: a header name not already used by "
                        + "attribution.headers.feature)");
    }

    @Test
    void attributionHeadersMayNotBeCredentialOrFramingHeaders() {
        List<String> errors = errorsOf("""
                attribution:
                  headers: {customer: Authorization, feature: Connection, tier: Host, team: Proxy-Connection,
                            session: cookie, experiment: X-Api-Key, environment: Content-Type}
                """ + ConfigLoaderTest.MINIMAL);
        String credentials = "credential headers [authorization, x-api-key, api-key, cookie, proxy-authorization]";
        String framing = "framing and hop-by-hop headers [host, content-length, content-type, transfer-encoding, "
                + "connection, keep-alive, upgrade, te, trailer, expect, proxy-*]";
        String fix = "; attribution values are stored in the ledger and not forwarded, so use a dedicated header "
                + "such as ";
        assertThat(errors).as("the ledger would store the bearer token as the customer, and passthrough "
                + "providers would lose it").containsExactlyInAnyOrder(
                "attribution.headers.customer: 'Authorization' (expected: a header other than the " + credentials
                        + fix + "X-LLM-Customer)",
                "attribution.headers.feature: 'Connection' (expected: a header other than the " + framing
                        + fix + "X-LLM-Feature)",
                "attribution.headers.tier: 'Host' (expected: a header other than the " + framing + fix
                        + "X-LLM-Tier)",
                "attribution.headers.team: 'Proxy-Connection' (expected: a header other than the " + framing
                        + fix + "X-LLM-Team)",
                "attribution.headers.session: 'cookie' (expected: a header other than the " + credentials
                        + fix + "X-LLM-Session)",
                "attribution.headers.experiment: 'X-Api-Key' (expected: a header other than the " + credentials
                        + fix + "X-LLM-Experiment)",
                "attribution.headers.environment: 'Content-Type' (expected: a header other than the " + framing
                        + fix + "X-LLM-Env)");
        assertThat(errorsOf("attribution: {headers: {customer: Proxy-Authorization}}\n" + ConfigLoaderTest.MINIMAL))
                .singleElement().asString().startsWith("attribution.headers.customer: 'Proxy-Authorization' "
                        + "(expected: a header other than the credential headers");
    }

    @Test
    void baseUrlMustBeHttpWithAHost() {
        assertThat(errorsOf(minimalWith("https://api.openai.com/v1", "ftp://files.example.com")))
                .singleElement().asString().startsWith("providers.openai.base_url: 'ftp://files.example.com' "
                        + "(expected: an http(s) URL");
        assertThat(errorsOf(minimalWith("https://api.openai.com/v1", "https://user:pw@host/v1")))
                .singleElement().asString().startsWith("providers.openai.base_url: ");
    }

    @Test
    void anthropicBaseUrlEndingInV1IsRejectedBecausePathsWouldDoubleIt() {
        assertThat(errorsOf("""
                providers:
                  claude: {type: anthropic, base_url: "https://api.anthropic.com/v1/", api_key: passthrough}
                models: {m: {provider: claude, price: {input: 1, output: 5}}}
                """)).containsExactly("providers.claude.base_url: 'https://api.anthropic.com/v1/' (expected: for "
                + "anthropic, the URL without /v1, e.g. https://api.anthropic.com)");
    }

    @Test
    void providerHeadersAndAuthHeaderAreChecked() {
        List<String> errors = errorsOf(minimalWith("api_key:", """
                auth_header: bearer
                    headers: {"Bad Name": x, Content-Length: "5", X-A: "1", x-a: "2"}
                    api_key:"""));
        assertThat(errors).containsExactly(
                "providers.openai.auth_header: 'bearer' (expected: one of [authorization, x-api-key, api-key])",
                "providers.openai.headers.Bad Name: invalid header name (expected: " + HttpTokens.NAME_EXPECTED + ")",
                "providers.openai.headers.Content-Length: set by the gateway (expected: a header other than [host, "
                        + "content-length, content-type, transfer-encoding, connection, keep-alive, upgrade, te, "
                        + "trailer, expect, proxy-*] and the credential header; use api_key for credentials)",
                "providers.openai.headers.x-a: duplicate header (expected: each header once; header names ignore "
                        + "case, 'X-A' is already set)");
    }

    @Test
    void missingSectionsAndRequiredFieldsAreNamed() {
        List<String> errors = errorsOf("providers: {p: {type: openai, base_url: 'http://h'}}\n");
        assertThat(errors).containsExactly(
                "providers.p.api_key: missing (expected: an API key reference such as ${OPENAI_API_KEY}, or "
                        + "passthrough to forward the caller's own key)",
                "models: missing (expected: at least one model, e.g. models: {gpt-4o-mini: {provider: openai, "
                        + "price: {input: 0.15, cached_input: 0.075, output: 0.6}}})");
        assertThat(errorsOf("models: {}\n")).first().asString().startsWith("providers: missing");
    }

    @Test
    void modelOfABrokenProviderReportsOnlyTheProvider() {
        List<String> errors = errorsOf(minimalWith("type: openai", "type: gemini"));
        assertThat(errors).containsExactly("providers.openai.type: 'gemini' (expected: one of [openai, anthropic])");
    }

    @Test
    void defaultsMustNameAProviderOfTheRightType() {
        String yaml = """
                defaults: {openai_provider: claude, anthropic_provider: nowhere}
                providers:
                  claude: {type: anthropic, base_url: "https://api.anthropic.com", api_key: passthrough}
                """ + ConfigLoaderTest.MINIMAL.substring(ConfigLoaderTest.MINIMAL.indexOf("  openai:"));
        assertThat(errorsOf(yaml)).containsExactly(
                "defaults.openai_provider: 'claude' (expected: a provider of type openai, one of [openai])",
                "defaults.anthropic_provider: 'nowhere' (expected: a provider of type anthropic, one of [claude])");
    }

    @Test
    void unreadableFileIsReportedWithItsPath() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Path.of("does-not-exist.yaml"), Map.of()));
        assertThat(e.errors()).singleElement().asString()
                .startsWith("does-not-exist.yaml: cannot read the config file (NoSuchFileException");
        ConfigException r = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.loadResource("nope.yaml", Map.of()));
        assertThat(r.errors()).containsExactly("nope.yaml: no such resource (expected: a YAML file on the classpath)");
    }
}
