package dev.spendgate.config;

import java.time.Duration;

/**
 * Per-provider timeouts.
 *
 * @param connect   TCP (and TLS) connect
 * @param firstByte request sent to response headers
 * @param idle      longest silence between two reads of the response body (stream events)
 * @param total     whole exchange, first byte of request to last byte of response
 */
public record TimeoutsConfig(Duration connect, Duration firstByte, Duration idle, Duration total) {
}
