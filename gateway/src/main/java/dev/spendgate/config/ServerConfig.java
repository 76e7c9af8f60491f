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
 * @param requestReadTimeout how long a client may take to send a request's head (from its first byte), and the
 *                         longest pause while it sends the body; past it the request gets 408 (or, for a head,
 *                         the connection just closes)
 */
public record ServerConfig(
        String host,
        int port,
        int adminPort,
        long maxBodyBytes,
        long maxResponseBytes,
        Duration shutdownGrace,
        Duration requestReadTimeout) {
}
