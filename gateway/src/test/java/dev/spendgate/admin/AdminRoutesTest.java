package dev.spendgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

class AdminRoutesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private DisposableServer server;

    @AfterEach
    void stop() {
        server.disposeNow(TIMEOUT);
    }

    @Test
    void budgetsRouteServesTheViewAsJson() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> AdminRoutes.register(r, () -> "", () -> true, () -> "{\"budgets\":[]}"))
                .bindNow(TIMEOUT);
        List<String> got = HttpClient.create().host("127.0.0.1").port(server.port()).responseTimeout(TIMEOUT)
                .get().uri("/admin/budgets")
                .responseSingle((res, body) -> body.asString().map(b -> List.of(Integer.toString(res.status().code()),
                        res.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE), b)))
                .block(TIMEOUT);

        assertThat(got).containsExactly("200", "application/json", "{\"budgets\":[]}");
    }
}
