package dev.spendgate.config;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.spendgate.attribution.Dimension;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Checks that span fields or sections, once each section has been mapped on its own. */
final class ConfigValidator {

    private ConfigValidator() {
    }

    static void validate(GatewayConfig config, ConfigErrors errors) {
        ServerConfig server = config.server();
        if (server.port() != 0 && server.port() == server.adminPort()) {
            errors.invalid("server.admin_port", IntNode.valueOf(server.adminPort()),
                    "a port other than server.port, or 0 for any free port");
        }
        // Header names are case-insensitive (RFC 9110 section 5.1): two dimensions on one header would make
        // one of them unreachable.
        Map<String, Dimension> seen = new HashMap<>();
        for (Map.Entry<Dimension, String> e : config.attribution().headers().entrySet()) {
            Dimension first = seen.putIfAbsent(e.getValue().toLowerCase(Locale.ROOT), e.getKey());
            if (first != null) {
                errors.invalid("attribution.headers." + e.getKey().key(), TextNode.valueOf(e.getValue()),
                        "a header name not already used by attribution.headers." + first.key());
            }
        }
    }
}
