package dev.spendgate.flow;

import dev.spendgate.attribution.AttributionParser;
import dev.spendgate.config.GatewayConfig;
import dev.spendgate.upstream.ProviderClients;

/**
 * Everything built from one config snapshot: attribution headers, routes, provider clients, guardrails. A request
 * reads the current snapshot once and uses it to the end; a reload builds a new one and swaps it in.
 */
final class FlowSnapshot {

    final GatewayConfig config;
    final ProviderClients clients;
    final AttributionParser attribution;
    final Router router;
    final GuardStage guards;
    final UpstreamExchange upstream;
    final AttemptLoop attempts;

    FlowSnapshot(GatewayConfig config, ProviderClients clients, FlowComponents components, Metering metering) {
        this.config = config;
        this.clients = clients;
        this.attribution = new AttributionParser(config.attribution());
        this.router = new Router(config, clients, components.estimator());
        this.guards = new GuardStage(config, attribution, components.guards(), components.estimator());
        this.upstream = new UpstreamExchange(config, attribution, metering, config.server().maxResponseBytes());
        components.breakers().update(config.providers());
        components.routeMeters().bind(components.breakers());
        this.attempts = new AttemptLoop(upstream, router, guards, config.routing().retry(), components.breakers(),
                new AttemptEvents(components.routeMeters(), components.meters(), components.ledger(), metering));
    }

    long maxBodyBytes() {
        return config.server().maxBodyBytes();
    }
}
