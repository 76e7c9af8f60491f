package dev.spendgate.upstream;

import dev.spendgate.config.GatewayConfig;
import dev.spendgate.config.ProviderConfig;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One {@link ProviderClient} per configured provider, built once from a config snapshot. Names are resolved by
 * Netty's asynchronous DNS resolver (hosts file first, then the system's name servers, answers cached by TTL), so
 * no event loop ever blocks on a lookup.
 */
public final class ProviderClients implements AutoCloseable {

    private final Map<String, ProviderClient> clients;
    private final AddressResolverGroup<InetSocketAddress> dns;

    /** Builds a client for every provider in {@code config}, on {@code transport}. */
    public ProviderClients(GatewayConfig config, Transport transport) {
        this.dns = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel()));
        Map<String, ProviderClient> map = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            map.put(p.id(), new ProviderClient(p, transport, dns));
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
        dns.close();
    }
}
