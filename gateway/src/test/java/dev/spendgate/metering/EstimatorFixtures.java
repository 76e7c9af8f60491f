package dev.spendgate.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** One shared estimator (its tokenizer tables take a moment to load) and the request fixtures in wire/. */
final class EstimatorFixtures {

    static final TokenEstimator EST = new TokenEstimator();
    static final ObjectMapper JSON = new ObjectMapper();

    private EstimatorFixtures() {
    }

    static JsonNode wire(String name) throws IOException {
        try (InputStream in = EstimatorFixtures.class.getResourceAsStream("/wire/" + name)) {
            assertThat(in).as(name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
