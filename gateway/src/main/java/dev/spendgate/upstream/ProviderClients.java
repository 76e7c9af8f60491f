package dev.spendgate.upstream;

import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One {@link ProviderClient} per configured provider, built once from a config snapshot. */
public final class ProviderClients implements AutoCloseable {

    private final Map<String, ProviderClient> clients;

    /** Builds a client for every provider in {@code config}. */
    public ProviderClients(GatewayConfig config) {
        Map<String, ProviderClient> map = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            map.put(p.id(), new ProviderClient(p));
        }
        this.clients = Map.copyOf(map);
    }

    /** The client of provider {@code id}, or null when there is none. */
    public @Nullable ProviderClient get(@Nullable String id) {
        return id == null ? null : clients.get(id);
    }

    @Override
    public void close() {
        clients.values().forEach(ProviderClient::close);
    }
}
