package dev.spendgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spendgate.attribution.Dimension;
import dev.spendgate.config.MatchConfig;
import dev.spendgate.guard.Amount;
import dev.spendgate.guard.Limits;
import dev.spendgate.metrics.BudgetReading;
import java.math.BigDecimal;

/** JSON nodes of the budget values {@link BudgetsView} shows; USD as plain decimal strings, never doubles. */
final class BudgetJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BudgetJson() {
    }

    /** {@code {"usd": "0.25", "tokens": 2000, "requests": 1}}. */
    static ObjectNode amount(Amount a) {
        return NODES.objectNode().put("usd", usd(a.usd())).put("tokens", a.tokens()).put("requests", a.requests());
    }

    /** The limits that are set, e.g. {@code {"usd": "50"}}. */
    static ObjectNode limits(Limits l) {
        ObjectNode n = NODES.objectNode();
        if (l.usd() != null) {
            n.put("usd", usd(l.usd()));
        }
        if (l.tokens() != null) {
            n.put("tokens", l.tokens());
        }
        if (l.requests() != null) {
            n.put("requests", l.requests());
        }
        return n;
    }

    /** What may still be committed against each limit that is set (at least 0). */
    static ObjectNode remaining(BudgetReading r) {
        ObjectNode n = NODES.objectNode();
        BigDecimal usd = r.remainingUsd();
        if (usd != null) {
            n.put("usd", usd(usd));
        }
        Long tokens = r.remainingTokens();
        if (tokens != null) {
            n.put("tokens", tokens);
        }
        Long requests = r.remainingRequests();
        if (requests != null) {
            n.put("requests", requests);
        }
        return n;
    }

    /** The match conditions: dimension values, then {@code models} and {@code key} when set. */
    static ObjectNode match(MatchConfig m) {
        ObjectNode n = NODES.objectNode();
        for (Dimension d : Dimension.values()) { // a stable order, whatever map the config holds
            String value = m.attributes().get(d);
            if (value != null) {
                n.put(d.key(), value);
            }
        }
        if (!m.models().isEmpty()) {
            m.models().stream().sorted().forEach(n.putArray("models")::add);
        }
        if (m.key() != null) {
            n.put("key", m.key());
        }
        return n;
    }

    private static String usd(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
