package io.meridian.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meridian.engine.federation.RegionConfig;
import io.meridian.engine.federation.RegionTask;
import io.meridian.model.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The region client sends a federated stage's trace context with the run it starts in a region, and none without. */
class RegionTraceContextTest {
    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    final List<String> received = new CopyOnWriteArrayList<>();
    HttpServer region;

    @AfterEach
    void stop() {
        region.stop(0);
    }

    @Test
    void aTracedTaskCarriesItsTraceparentToTheRegion() throws Exception {
        startRegion();
        HttpRegionExecutor executor = new HttpRegionExecutor(Duration.ofSeconds(1));
        RegionConfig config = RegionConfig.of("eu", "http://127.0.0.1:" + region.getAddress().getPort(), "key", null);
        RegionTask task = new RegionTask("fed:x1:s:0", "p", "s", "noop", Json.object(), Map.of(), 30, TRACEPARENT);

        assertThat(executor.run(config, task).path("ok").asBoolean()).isTrue();
        assertThat(executor.run(config, task.withRequestId("fed:x1:s:1")).path("ok").asBoolean()).isTrue();
        assertThat(executor.run(config, new RegionTask("fed:x2:s:0", "p", "s", "noop", Json.object(), Map.of(), 30))
                .path("ok").asBoolean()).isTrue();
        assertThat(received).containsExactly(TRACEPARENT, TRACEPARENT, "none");
    }

    private void startRegion() throws IOException {
        region = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        region.createContext("/v1/federation/stages", ex -> {
            if (ex.getRequestMethod().equals("POST")) {
                String header = ex.getRequestHeaders().getFirst("traceparent");
                received.add(header == null ? "none" : header);
                answer(ex, "{\"execution_id\": \"r1\"}");
            } else {
                answer(ex, "{\"status\": \"succeeded\", \"stages\": {\"s\": {\"output\": {\"ok\": true}}}}");
            }
        });
        region.start();
    }

    private static void answer(HttpExchange ex, String json) throws IOException {
        try (ex) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }
}
