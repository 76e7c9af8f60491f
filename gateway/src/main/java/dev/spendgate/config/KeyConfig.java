package dev.spendgate.config;

import dev.spendgate.attribution.Dimension;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A gateway API key. Only its SHA-256 is configured; the plain key lives in the client, which sends it as
 * {@code Authorization: Bearer <key>} (OpenAI SDKs) or {@code x-api-key} (Anthropic SDKs).
 *
 * @param name        key name (ledger, metrics, budgets' {@code match.key})
 * @param sha256      lower-case hex SHA-256 of the key
 * @param attribution default attribution; a request header may only repeat these values, never change them
 * @param models      model aliases the key may use; empty = all
 * @param require     dimensions requests with this key must carry
 */
public record KeyConfig(
        String name,
        String sha256,
        Map<Dimension, String> attribution,
        Set<String> models,
        List<Dimension> require) {

    @Override
    public String toString() {
        return "KeyConfig[name=" + name + ", sha256=" + sha256.substring(0, Math.min(8, sha256.length()))
                + "..., attribution=" + attribution + ", models=" + models + ", require=" + require + "]";
    }
}
