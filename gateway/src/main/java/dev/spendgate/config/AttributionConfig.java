package dev.spendgate.config;

import dev.spendgate.attribution.Dimension;
import java.util.Map;

/**
 * Attribution header names and value limits.
 *
 * @param headers   header name for every dimension (all seven present)
 * @param maxLength longest accepted value, in characters
 */
public record AttributionConfig(Map<Dimension, String> headers, int maxLength) {
}
