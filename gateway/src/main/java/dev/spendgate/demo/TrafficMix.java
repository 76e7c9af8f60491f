package dev.spendgate.demo;

import dev.spendgate.attribution.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The demo's request mix. Shares of traffic, by feature (team; API; models):
 * <ul>
 *   <li>22% {@code summarize} (content; chat; gpt-4o vs gpt-4o-mini by experiment arm), long documents, so
 *       cached tokens show up</li>
 *   <li>22% {@code chat-assistant} (support; Anthropic messages; claude-haiku-4-5 for free tier, else
 *       claude-sonnet-4-5, of which the gateway's experiment {@code assistant-haiku-test} in {@code demo.yaml}
 *       serves half the customers with claude-haiku-4-5), cached system prompt, multi-turn sessions</li>
 *   <li>16% {@code search} (discovery; Responses API; gpt-4.1-nano)</li>
 *   <li>16% {@code classify} (trust-safety; chat; gpt-4.1-nano, tiny outputs; streams without include_usage)</li>
 *   <li>16% {@code embed-docs} (discovery; embeddings; text-embedding-3-small, float or base64)</li>
 *   <li>8% no attribution headers at all (chat; gpt-4o-mini): unattributed spend must be visible</li>
 * </ul>
 * Experiment header format: {@code X-LLM-Experiment: <experiment>:<arm>}, here {@code summarize-model-test:control}
 * (gpt-4o) or {@code summarize-model-test:treatment} (gpt-4o-mini); the arm is fixed per customer. 90% of traffic
 * is {@code production}, 10% {@code staging}. Thread-safe: {@link #next()} is synchronized.
 */
final class TrafficMix {

    static final String EXPERIMENT = "summarize-model-test";
    static final String API_KEY = "demo-key";
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private final SplittableRandom rng;
    private final TrafficCustomers customers = new TrafficCustomers();

    TrafficMix(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    synchronized PlannedRequest next() {
        double r = rng.nextDouble();
        if (r < 0.08) {
            return unattributed();
        }
        TrafficCustomers.Pick who = customers.pick(rng);
        String env = rng.nextDouble() < 0.9 ? "production" : "staging";
        if (r < 0.30) {
            return summarize(who, env);
        } else if (r < 0.52) {
            return chatAssistant(who, env);
        } else if (r < 0.68) {
            return search(who, env);
        } else if (r < 0.84) {
            return classify(who, env);
        }
        return embedDocs(who, env);
    }

    private PlannedRequest summarize(TrafficCustomers.Pick who, String env) {
        boolean control = Math.floorMod(who.customer().hashCode(), 2) == 0;
        String model = control ? "gpt-4o" : "gpt-4o-mini";
        boolean stream = chance(0.4);
        String body = TrafficBodies.chat(model, "Summarize the document in five bullet points.",
                SimText.prose(rng, 600 + rng.nextInt(4400)), 300, stream, chance(0.7));
        Map<String, String> headers = attributed("summarize", "content", who, env,
                EXPERIMENT + ":" + (control ? "control" : "treatment"));
        return openAi("/v1/chat/completions", headers, body, "summarize");
    }

    private PlannedRequest chatAssistant(TrafficCustomers.Pick who, String env) {
        String model = who.tier().equals("free") ? "claude-haiku-4-5" : "claude-sonnet-4-5";
        List<String> turns = new ArrayList<>();
        for (int i = 0; i < who.turn(); i++) {
            turns.add(SimText.prose(rng, 20 + rng.nextInt(120)));
        }
        String body = TrafficBodies.messages(model, SimText.prose(rng, 1200 + rng.nextInt(1800)), turns, 600,
                chance(0.7));
        Map<String, String> headers = attributed("chat-assistant", "support", who, env, null);
        headers.put("x-api-key", API_KEY);
        headers.put("anthropic-version", ANTHROPIC_VERSION);
        headers.put("content-type", "application/json");
        return new PlannedRequest("/v1/messages", headers, body, "chat-assistant");
    }

    private PlannedRequest search(TrafficCustomers.Pick who, String env) {
        String body = TrafficBodies.responses("gpt-4.1-nano", "Answer from the search results; cite them.",
                SimText.prose(rng, 80 + rng.nextInt(520)), 400, chance(0.5));
        return openAi("/v1/responses", attributed("search", "discovery", who, env, null), body, "search");
    }

    private PlannedRequest classify(TrafficCustomers.Pick who, String env) {
        String body = TrafficBodies.chat("gpt-4.1-nano", "Label the ticket: billing, bug, question or spam.",
                SimText.prose(rng, 100 + rng.nextInt(300)), 5, chance(0.15), false);
        return openAi("/v1/chat/completions", attributed("classify", "trust-safety", who, env, null), body,
                "classify");
    }

    private PlannedRequest embedDocs(TrafficCustomers.Pick who, String env) {
        List<String> inputs = new ArrayList<>();
        int count = 1 + rng.nextInt(12);
        for (int i = 0; i < count; i++) {
            inputs.add(SimText.prose(rng, 50 + rng.nextInt(350)));
        }
        String body = TrafficBodies.embeddings("text-embedding-3-small", inputs, chance(0.7) ? "base64" : "float");
        return openAi("/v1/embeddings", attributed("embed-docs", "discovery", who, env, null), body, "embed-docs");
    }

    private PlannedRequest unattributed() {
        boolean stream = chance(0.5);
        String body = TrafficBodies.chat("gpt-4o-mini", "You are a helpful assistant.",
                SimText.prose(rng, 200 + rng.nextInt(1300)), 400, stream, chance(0.5));
        return openAi("/v1/chat/completions", new LinkedHashMap<>(), body, PlannedRequest.UNATTRIBUTED);
    }

    private static PlannedRequest openAi(String path, Map<String, String> headers, String body, String feature) {
        headers.put("authorization", "Bearer " + API_KEY);
        headers.put("content-type", "application/json");
        return new PlannedRequest(path, headers, body, feature);
    }

    private static Map<String, String> attributed(String feature, String team, TrafficCustomers.Pick who,
                                                  String env, @Nullable String experiment) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Dimension.FEATURE.defaultHeader(), feature);
        headers.put(Dimension.TEAM.defaultHeader(), team);
        headers.put(Dimension.CUSTOMER.defaultHeader(), who.customer());
        headers.put(Dimension.TIER.defaultHeader(), who.tier());
        if (experiment != null) {
            headers.put(Dimension.EXPERIMENT.defaultHeader(), experiment);
        }
        headers.put(Dimension.ENVIRONMENT.defaultHeader(), env);
        headers.put(Dimension.SESSION.defaultHeader(), who.session());
        return headers;
    }

    private boolean chance(double p) {
        return rng.nextDouble() < p;
    }
}
