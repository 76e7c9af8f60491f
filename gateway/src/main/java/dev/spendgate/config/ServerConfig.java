package dev.spendgate.config;

import java.time.Duration;

/**
 * Listener and limit settings.
 *
 * @param host             bind address of both listeners
 * @param port             proxy port (0 = any free port)
 * @param adminPort        admin port serving /metrics, /healthz, /readyz (0 = any free port)
 * @param maxBodyBytes     largest accepted request body; larger gets 413
 * @param maxResponseBytes largest non-streaming response body the gateway buffers to meter it
 * @param shutdownGrace    how long in-flight requests and streams may run on after a shutdown signal
 */
public record ServerConfig(
        String host,
        int port,
        int adminPort,
        long maxBodyBytes,
        long maxResponseBytes,
        Duration shutdownGrace) {
}
