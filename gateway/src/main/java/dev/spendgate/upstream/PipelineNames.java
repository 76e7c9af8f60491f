package dev.spendgate.upstream;

/**
 * Names of the handlers the proxy's data path installs, in pipeline order (STYLE 2.2).
 *
 * <p>Client connections (the proxy listener): {@link #SERVER_CODEC} (HTTP/1.1 framing), {@link #EXPECT_CONTINUE}
 * (answers {@code Expect: 100-continue}), {@link #CLIENT} (the gateway's client connection: one request at a time,
 * keep-alive and {@code Connection: close}, the flow).
 *
 * <p>Upstream connections (per provider, per event loop): {@link #TLS} (https base URLs only), {@link #CODEC},
 * {@link #DECOMPRESSOR} (a provider that gzips anyway is still metered), {@link #CALL} (the connection's current
 * exchange).
 */
public final class PipelineNames {

    /** Client side: HTTP/1.1 server codec. */
    public static final String SERVER_CODEC = "spendgate.serverCodec";
    /** Client side: 100-continue. */
    public static final String EXPECT_CONTINUE = "spendgate.expectContinue";
    /** Client side: the gateway's handler. */
    public static final String CLIENT = "spendgate.client";
    /** Upstream: TLS. */
    public static final String TLS = "spendgate.tls";
    /** Upstream: HTTP/1.1 client codec. */
    public static final String CODEC = "spendgate.codec";
    /** Upstream: content decompression. */
    public static final String DECOMPRESSOR = "spendgate.decompressor";
    /** Upstream: the connection's current exchange. */
    public static final String CALL = "spendgate.call";

    private PipelineNames() {
    }
}
