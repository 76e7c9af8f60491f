package dev.spendgate.demo;

import dev.spendgate.config.ConfigLoader;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.server.GatewayServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded default: simulated OpenAI and Anthropic providers, the gateway in front of them (configured by the
 * bundled {@code demo.yaml}), and a traffic generator across features, tiers, customers and an experiment. Needs
 * no API key and no network.
 */
public final class DemoMode implements AutoCloseable {

    private final SimulatedProvider simulator;
    private final GatewayServer gateway;
    private final TrafficGenerator traffic;
    private final GatewayConfig config;

    private DemoMode(SimulatedProvider simulator, GatewayServer gateway, TrafficGenerator traffic,
            GatewayConfig config) {
        this.simulator = simulator;
        this.gateway = gateway;
        this.traffic = traffic;
        this.config = config;
    }

    /** Starts everything with the process environment; {@code args} may carry {@code --rps N}. */
    public static DemoMode start(String[] args) {
        return start(args, System.getenv());
    }

    /**
     * Starts everything; {@code env} fills the demo config's references ({@code GATEWAY_PORT}, {@code ADMIN_PORT},
     * {@code LEDGER_DIR}); the simulator's URLs are added to it.
     */
    public static DemoMode start(String[] args, Map<String, String> environment) {
        double rps = 8;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--rps")) {
                rps = Double.parseDouble(args[i + 1]);
            }
        }
        SimulatedProvider simulator = SimulatedProvider.start(SimulatorOptions.realistic());
        Map<String, String> env = new HashMap<>(environment);
        env.put("SIM_OPENAI_BASE_URL", simulator.openAiBaseUrl());
        env.put("SIM_ANTHROPIC_BASE_URL", simulator.anthropicBaseUrl());
        GatewayConfig config = ConfigLoader.loadResource("demo.yaml", env);
        GatewayServer gateway = GatewayServer.start(config);
        TrafficGenerator traffic = TrafficGenerator.start(TrafficOptions.defaults(
                URI.create("http://127.0.0.1:" + gateway.port())).withRate(rps)
                .withMaxConcurrency(64));
        return new DemoMode(simulator, gateway, traffic, config);
    }

    /** What to tell the person who started the demo. */
    public String banner() {
        return """
                spendgate demo running (simulated providers, no API keys, no network):
                  proxy    http://127.0.0.1:%d/v1   (point an OpenAI SDK here; Anthropic SDK: http://127.0.0.1:%d)
                  metrics  http://127.0.0.1:%d/metrics
                  ledger   %s/usage-YYYY-MM-DD.jsonl
                Ctrl-C stops it (in-flight requests finish, the ledger is flushed).""".formatted(gateway.port(),
                gateway.port(), gateway.adminPort(), config.ledger().dir().toAbsolutePath().normalize());
    }

    /** The running gateway. */
    public GatewayServer gateway() {
        return gateway;
    }

    @Override
    public void close() {
        traffic.drain(Duration.ofSeconds(5));
        traffic.stop();
        gateway.close();
        simulator.close();
    }
}
