package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.meridian.client.ApiException;
import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Federation with real processes: three coordinators on loopback (us-east-1 at home, eu-west-1, ap-northeast-1),
 * each with a worker. The seeds' global-analytics pipeline across them; every aggregation; nearest; a wrong key
 * refused and never shown; partial failures visible downstream; kill -9 of a region mid-run and its fallback
 * finishing the work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {
    Path dir;
    FederatedRegions regions;
    HttpServer sales;
    MeridianClient home;

    @BeforeAll
    void startRegions(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        byte[] body = Files.readAllBytes(CliIT.example("data/global-sales.json"));
        sales = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sales.createContext("/sales.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        sales.start();
        regions = new FederatedRegions(dir).start("""
                http: {allow: ["127.0.0.1"]}
                datasources:
                  analytics: {url: "jdbc:sqlite:%s"}
                """.formatted(dir.resolve("analytics.db")));
        home = new MeridianClient(CoordinatorAddresses.parse(regions.url("us-east-1")), FederatedRegions.ADMIN);
    }

    @AfterAll
    void stop() {
        if (regions != null) {
            regions.close();
        }
        if (sales != null) {
            sales.stop(0);
        }
    }

    JsonNode runToEnd(String yaml, JsonNode inputs) {
        String id = home.startExecution(yaml, "pipeline.yaml", inputs, null).executionId();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50))
                .until(() -> home.execution(id).status().matches(
                        "succeeded|failed|cancelled"));
        return Json.toTree(home.execution(id));
    }

    @Test
    @Order(1)
    void theGlobalAnalyticsPipelineRunsAcrossThreeRegions() throws Exception {
        String yaml = Files.readString(CliIT.example("federation/global-analytics.yaml"));
        JsonNode x = runToEnd(yaml, Json.object().put("data_url",
                "http://127.0.0.1:" + sales.getAddress().getPort() + "/sales.json"));
        assertThat(x.path("status").asString()).as(x.toString()).isEqualTo("succeeded");
        JsonNode process = x.path("stages").path("process").path("output");
        assertThat(process.path("successful_regions")).hasSize(3);
        assertThat(process.path("has_partial_failure").asBoolean()).isFalse();
        // data locality: each region processed only the orders placed near it
        for (JsonNode row : process.path("result")) {
            assertThat(row.path("cities").size()).isEqualTo(3);
        }
        Map<String, Double> stored = new HashMap<>();
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("analytics.db"));
             var rs = conn.createStatement().executeQuery("SELECT region, revenue FROM region_revenue")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getDouble(2));
            }
        }
        Map<String, Double> expected = new HashMap<>();
        for (JsonNode order : Json.parse(Files.readString(CliIT.example("data/global-sales.json")))) {
            expected.merge(order.path("region").asString(), order.path("amount").asDouble(), Double::sum);
        }
        assertThat(stored.keySet()).isEqualTo(expected.keySet());
        expected.forEach((r, revenue) -> assertThat(stored.get(r)).isCloseTo(revenue, org.assertj.core.data.Offset.offset(0.001)));
        // each remote region ran its part as a federated run of its own
        MeridianClient eu = new MeridianClient(CoordinatorAddresses.parse(regions.url("eu-west-1")), FederatedRegions.ADMIN);
        assertThat(eu.executions(10).items().stream().map(e -> e.pipelineId()).toList())
                .contains("fed.global-analytics.process");
    }

    @Test
    @Order(2)
    void everyAggregationStrategy() {
        String yaml = """
                id: aggregations
                stages:
                  - id: merged
                    type: region_echo
                    config: {output: by_region}
                    federation: {strategy: parallel, regions: [us-east-1, eu-west-1, ap-northeast-1], aggregation: merge}
                  - id: summed
                    type: region_echo
                    config: {output: one}
                    federation: {strategy: parallel, regions: [us-east-1, eu-west-1, ap-northeast-1],
                                 aggregation: reduce, reducer: sum}
                  - id: fastest
                    type: region_echo
                    config: {output: region, millis_by_region: {us-east-1: 3000, ap-northeast-1: 3000}}
                    federation: {strategy: parallel, regions: [us-east-1, eu-west-1, ap-northeast-1], aggregation: first}
                  - id: everyone
                    type: region_echo
                    config: {output: region}
                    federation: {strategy: parallel, regions: [us-east-1, eu-west-1, ap-northeast-1], aggregation: all}
                  - id: voted
                    type: region_echo
                    config: {output: constant, value: {answer: 42}}
                    federation: {strategy: parallel, regions: [us-east-1, eu-west-1, ap-northeast-1], aggregation: majority}
                  - id: split
                    type: region_echo
                    config: {output: region}
                    federation: {strategy: parallel, regions: [us-east-1, eu-west-1], aggregation: majority}
                failure_policy: continue
                """;
        JsonNode stages = runToEnd(yaml, Json.object()).path("stages");
        assertThat(stages.path("merged").path("output").path("result"))
                .isEqualTo(Json.parse("{\"us-east-1\": 1, \"eu-west-1\": 1, \"ap-northeast-1\": 1}"));
        assertThat(stages.path("summed").path("output").path("result").asInt()).isEqualTo(3);
        assertThat(stages.path("fastest").path("output").path("result").asString()).isEqualTo("eu-west-1");
        assertThat(stages.path("fastest").path("output").path("cancelled_regions")).hasSize(2);
        assertThat(stages.path("everyone").path("output").path("result"))
                .isEqualTo(Json.parse("[\"us-east-1\", \"eu-west-1\", \"ap-northeast-1\"]"));
        assertThat(stages.path("voted").path("output").path("result").path("answer").asInt()).isEqualTo(42);
        assertThat(stages.path("split").path("status").asString()).isEqualTo("failed");
        assertThat(stages.path("split").path("error").asString())
                .contains("majority vote tied among 2 results", "\"us-east-1\" from us-east-1", "\"eu-west-1\" from eu-west-1");
    }

    @Test
    @Order(3)
    void nearestPicksUsEastForNewYorkAndTokyoForTokyo() {
        String yaml = """
                id: nearest
                stages:
                  - id: new_york
                    type: region_echo
                    config: {output: region}
                    federation: {regions: [us-east-1, eu-west-1, ap-northeast-1],
                                 source_location: {lat: 40.7128, lon: -74.0060}}
                  - id: tokyo
                    type: region_echo
                    config: {output: region, input: {lat: 35.68, lon: 139.69}}
                    federation: {strategy: nearest, regions: [us-east-1, eu-west-1, ap-northeast-1]}
                  - id: cheapest
                    type: region_echo
                    config: {output: region}
                    federation: {strategy: cost_optimized, regions: [us-east-1, eu-west-1, ap-northeast-1]}
                """;
        JsonNode stages = runToEnd(yaml, Json.object()).path("stages");
        assertThat(stages.path("new_york").path("output").path("result").asString()).isEqualTo("us-east-1");
        assertThat(stages.path("tokyo").path("output").path("result").asString()).isEqualTo("ap-northeast-1");
        assertThat(stages.path("cheapest").path("output").path("result").asString()).isEqualTo("eu-west-1");
    }

    @Test
    @Order(4)
    void unknownRegionsAreRefusedAtSubmissionNamingTheStage() {
        String yaml = """
                id: typo
                stages:
                  - id: process
                    type: region_echo
                    federation: {strategy: parallel, regions: [us-east-1, eu-wset-1], fallback_region: mars-1}
                """;
        try {
            home.startExecution(yaml, "typo.yaml", Json.object(), null);
            throw new AssertionError("the submission should have been refused");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("stage 'process': unknown region 'eu-wset-1' (did you mean 'eu-west-1'?)",
                    "stage 'process': fallback_region 'mars-1' is not a known region");
        }
    }

    @Test
    @Order(5)
    void aWrongKeyIsRefusedThePartialFailureIsVisibleDownstreamAndNoKeyIsEverShown() throws Exception {
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(regions.url("eu-west-1") + "/v1/federation/load"))
                .header("Authorization", "Bearer " + FederatedRegions.FORGED).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> regionKeyElsewhere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(regions.url("eu-west-1") + "/v1/executions"))
                .header("Authorization", "Bearer " + FederatedRegions.KEYS.get("eu-west-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(regionKeyElsewhere.statusCode()).isEqualTo(403);

        String yaml = """
                id: partial
                stages:
                  - id: spread
                    type: region_echo
                    config: {output: region}
                    federation: {strategy: parallel, regions: [us-east-1, eu-west-1, eu-forged], aggregation: all}
                  - id: report
                    type: json_transform
                    depends_on: [spread]
                    config:
                      input: "{{stages.spread.output}}"
                      expression: "{partial: .has_partial_failure, failed: .failed_regions, ok: .successful_regions}"
                """;
        JsonNode x = runToEnd(yaml, Json.object());
        assertThat(x.path("status").asString()).as(x.toString()).isEqualTo("succeeded");
        JsonNode report = x.path("stages").path("report").path("output");
        assertThat(report).isEqualTo(Json.parse(
                "{\"partial\": true, \"failed\": [\"eu-forged\"], \"ok\": [\"us-east-1\", \"eu-west-1\"]}"));
        assertThat(x.path("stages").path("spread").path("output").path("errors").path("eu-forged").asString())
                .contains("refused our key");

        var table = regions.cli("regions");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains("REGION", "us-east-1", "eu-west-1", "ap-northeast-1", "healthy",
                "eu-forged", "unreachable");
        var json = regions.cli("regions", "--json");
        String everything = x.toString() + json.stdout() + table.stdout() + regions.logs("us-east-1")
                + regions.logs("eu-west-1") + regions.logs("ap-northeast-1");
        for (String key : FederatedRegions.KEYS.values()) {
            assertThat(everything).doesNotContain(key);
        }
        assertThat(everything).doesNotContain(FederatedRegions.FORGED);
    }

    @Test
    @Order(6)
    void killingARegionMidRunHandsItsWorkToTheFallbackRegion() throws Exception {
        String yaml = """
                id: failover
                stages:
                  - id: work
                    type: region_echo
                    config: {output: region, millis_by_region: {ap-northeast-1: 20000, eu-west-1: 200}}
                    federation: {strategy: parallel, regions: [eu-west-1, ap-northeast-1], aggregation: all,
                                 max_retries: 1, fallback_region: us-east-1, timeout_seconds: 60}
                """;
        String id = home.startExecution(yaml, "failover.yaml", Json.object(), null).executionId();
        MeridianClient ap = new MeridianClient(CoordinatorAddresses.parse(regions.url("ap-northeast-1")),
                FederatedRegions.KEYS.get("ap-northeast-1"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> ap.get("/v1/federation/load").path("active_runs").asInt() > 0);
        long killedAt = System.nanoTime();
        regions.processes.get("ap-northeast-1").kill9();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> home.execution(id).status().matches("succeeded|failed"));
        long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        JsonNode work = Json.toTree(home.execution(id).stages().get("work"));
        assertThat(work.path("status").asString()).as(work.toString()).isEqualTo("succeeded");
        assertThat(work.path("output").path("result")).isEqualTo(Json.parse("[\"eu-west-1\", \"us-east-1\"]"));
        assertThat(work.path("output").path("failed_regions")).isEqualTo(Json.parse("[\"ap-northeast-1\"]"));
        assertThat(work.path("output").path("fallbacks").path("ap-northeast-1").asString()).isEqualTo("us-east-1");
        System.out.println("Fail-over after kill -9 of ap-northeast-1: stage finished " + failoverMs + " ms later");
        assertThat(failoverMs).isLessThan(15_000);
    }

    @Test
    @Order(7)
    void aHomeCoordinatorKilledMidStageResumesItWithoutRunningTheRegionTwice() throws Exception {
        String yaml = """
                id: resumed
                stages:
                  - id: work
                    type: region_echo
                    config: {output: region, millis: 3000}
                    federation: {strategy: nearest, regions: [eu-west-1]}
                """;
        String id = home.startExecution(yaml, "resumed.yaml", Json.object(), null).executionId();
        MeridianClient eu = new MeridianClient(CoordinatorAddresses.parse(regions.url("eu-west-1")),
                FederatedRegions.KEYS.get("eu-west-1"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> eu.get("/v1/federation/load").path("active_runs").asInt() > 0);
        regions.processes.get("us-east-1").kill9();
        regions.restart("us-east-1");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> home.execution(id).status().matches("succeeded|failed"));
        JsonNode work = Json.toTree(home.execution(id).stages().get("work"));
        assertThat(work.path("status").asString()).as(work.toString()).isEqualTo("succeeded");
        assertThat(work.path("output").path("result").asString()).isEqualTo("eu-west-1");
        MeridianClient euAdmin = new MeridianClient(CoordinatorAddresses.parse(regions.url("eu-west-1")),
                FederatedRegions.ADMIN);
        assertThat(euAdmin.executions(50).items().stream().map(e -> e.pipelineId())
                .filter("fed.resumed.work"::equals)).as("runs in eu-west-1").hasSize(1);
    }
}
