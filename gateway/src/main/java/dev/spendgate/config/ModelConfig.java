package dev.spendgate.config;

import dev.spendgate.metering.ModelPrice;

/**
 * One entry of the {@code models:} table.
 *
 * @param alias         what clients send as {@code model}
 * @param provider      provider id
 * @param upstreamModel the model id sent to the provider (defaults to the alias)
 * @param price         per-1M-token prices (from YAML, or from the LiteLLM price map when YAML names none)
 */
public record ModelConfig(String alias, String provider, String upstreamModel, ModelPrice price) {
}
