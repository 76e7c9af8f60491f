package dev.spendgate.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * WireMock as the provider, replaying the byte-exact wire fixtures: a request for {@code model} (streaming or
 * not) on a path gets that fixture's bytes with the provider's content type.
 */
public final class FixtureProvider implements AutoCloseable {

    private final WireMockServer server;

    private FixtureProvider() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    /** Starts WireMock on a free port. */
    public static FixtureProvider start() {
        return new FixtureProvider();
    }

    /** Answers POST {@code path} whose body names {@code model} and has (or lacks) {@code stream: true}. */
    public FixtureProvider replay(String path, String model, boolean stream, String fixture) {
        String type = fixture.endsWith(".sse") ? "text/event-stream; charset=utf-8" : "application/json";
        server.stubFor(post(urlEqualTo(path))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .withRequestBody(stream ? matchingJsonPath("$.stream", equalTo("true"))
                        : matchingJsonPath("$.stream", absent()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", type)
                        .withHeader("x-request-id", "req_fixture").withBody(WireFixtures.bytes(fixture))));
        return this;
    }

    /** The WireMock server, for other stubs and for verifying what the provider received. */
    public WireMockServer wireMock() {
        return server;
    }

    /** The host root, e.g. {@code http://localhost:1234} (the Anthropic base URL). */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The OpenAI base URL ({@code /v1} appended). */
    public String openAiBaseUrl() {
        return server.baseUrl() + "/v1";
    }

    /** A gateway whose openai and anthropic providers are this WireMock. */
    public TestGateway gateway() {
        return TestGateway.start(openAiBaseUrl(), baseUrl(), "");
    }

    @Override
    public void close() {
        server.stop();
    }
}
