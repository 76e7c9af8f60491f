package dev.spendgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.route.CircuitBreakers;
import dev.spendgate.route.RoutesView;
import java.io.UncheckedIOException;

/** The body of {@code GET /admin/routes}: {@link RoutesView} of the running config, as indented JSON. */
public final class RoutesJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RoutesJson() {
    }

    /** The routing table as the gateway understands it now, with live breaker states; never secrets. */
    public static String of(GatewayConfig config, CircuitBreakers breakers) {
        try {
            return MAPPER.writeValueAsString(RoutesView.of(config, breakers));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
