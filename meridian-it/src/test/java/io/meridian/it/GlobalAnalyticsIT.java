package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.meridian.model.json.Json;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The seeds' global-analytics pipeline, offline: collect over HTTP, aggregate with jq, store rows in SQLite. */
class GlobalAnalyticsIT {
    @TempDir
    Path dir;
    HttpServer server;

    @BeforeEach
    void serveSales() throws Exception {
        byte[] sales = Files.readAllBytes(CliIT.example("data/sales.json"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sales.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, sales.length);
            ex.getResponseBody().write(sales);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void collectsAggregatesAndStoresPerRegionRevenueOnce() throws Exception {
        Path db = dir.resolve("analytics.db");
        Path config = dir.resolve("meridian.yaml");
        Files.writeString(config, """
                http: {allow: ["127.0.0.1"]}
                datasources:
                  analytics: {url: "jdbc:sqlite:%s"}
                """.formatted(db));
        String url = "data_url=http://127.0.0.1:" + server.getAddress().getPort() + "/sales.json";
        var r = CliProcess.run(dir, "run", CliIT.example("global-analytics.yaml").toString(), "--config",
                config.toString(), "--input", url, "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();

        JsonNode doc = Json.parse(r.stdout());
        JsonNode regions = doc.path("stages").path("process").path("output");
        assertThat(regions.size()).isEqualTo(3);
        Map<String, Double> expected = expectedRevenue();
        Map<String, Double> stored = new HashMap<>();
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = conn.createStatement().executeQuery("SELECT region, revenue FROM region_revenue")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getDouble(2));
            }
        }
        assertThat(stored.keySet()).isEqualTo(expected.keySet());
        expected.forEach((region, revenue) -> assertThat(stored.get(region)).isCloseTo(revenue,
                org.assertj.core.data.Offset.offset(0.001)));
    }

    @Test
    void withoutTheAllowListTheLoopbackCallIsRefusedAndTheRunFails() throws Exception {
        String url = "data_url=http://127.0.0.1:" + server.getAddress().getPort() + "/sales.json";
        var r = CliProcess.run(dir, "run", CliIT.example("global-analytics.yaml").toString(), "--input", url);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("collect", "loopback", "allow-listed");
    }

    private static Map<String, Double> expectedRevenue() throws Exception {
        Map<String, Double> sums = new HashMap<>();
        for (JsonNode order : Json.parse(Files.readString(CliIT.example("data/sales.json")))) {
            sums.merge(order.path("region").asString(), order.path("amount").asDouble(), Double::sum);
        }
        return sums;
    }
}
