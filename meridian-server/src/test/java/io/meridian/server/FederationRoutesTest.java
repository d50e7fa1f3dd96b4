package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.federation.RegionConfig;
import io.meridian.engine.federation.RegionFailure;
import io.meridian.engine.federation.RegionTask;
import io.meridian.engine.federation.RegionalPipeline;
import io.meridian.model.json.Json;
import io.meridian.server.federation.HttpRegionExecutor;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FederationRoutesTest {
    final TestServer t;

    FederationRoutesTest() throws Exception {
        t = new TestServer();
    }

    @AfterEach
    void close() {
        t.close();
    }

    static RegionTask task(String requestId) {
        return new RegionTask(requestId, "global", "process", "noop", Json.object().put("echo", "{{not a template}}"),
                Map.of(), 30);
    }

    static String body(RegionTask task) {
        var body = Json.object();
        body.set("pipeline", RegionalPipeline.pipeline(task));
        body.set("inputs", RegionalPipeline.inputs(task));
        body.put("request_id", task.requestId());
        return Json.write(body);
    }

    @Test
    void aRegionKeyRunsStagesOnceAndReachesNothingElse() throws Exception {
        var first = t.call("POST", "/v1/federation/stages", TestServer.REGION, body(task("fed:x:process:p0:eu:0")));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String id = TestServer.json(first).path("execution_id").asString();
        assertThat(TestServer.json(first).path("pipeline_id").asString()).isEqualTo("fed.global.process");
        var again = t.call("POST", "/v1/federation/stages", TestServer.REGION, body(task("fed:x:process:p0:eu:0")));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(again).path("execution_id").asString()).isEqualTo(id);
        assertThat(t.call("GET", "/v1/federation/stages/" + id, TestServer.REGION, null).statusCode()).isEqualTo(200);
        assertThat(TestServer.json(t.call("GET", "/v1/federation/load", TestServer.REGION, null))
                .path("active_runs").asInt()).isEqualTo(1);
        assertThat(t.call("POST", "/v1/federation/stages/" + id + "/cancel", TestServer.REGION, "{}").statusCode())
                .isEqualTo(200);

        assertThat(t.call("GET", "/v1/executions", TestServer.REGION, null).statusCode()).isEqualTo(403);
        assertThat(t.call("GET", "/v1/workers", TestServer.REGION, null).statusCode()).isEqualTo(403);
        assertThat(t.call("POST", "/v1/federation/stages", TestServer.CLIENT, body(task("r2"))).statusCode())
                .isEqualTo(403);
        String plain = Json.write(Json.object().put("request_id", "r3").set("pipeline",
                Json.parse("{\"id\": \"other\", \"stages\": [{\"id\": \"s\", \"type\": \"noop\"}]}")));
        var refused = t.call("POST", "/v1/federation/stages", TestServer.REGION, plain);
        assertThat(refused.statusCode()).isEqualTo(400);
        String started = TestServer.json(t.call("POST", "/v1/executions", TestServer.CLIENT,
                "{\"pipeline\": {\"id\": \"other\", \"stages\": [{\"id\": \"s\", \"type\": \"noop\"}]}}"))
                .path("execution_id").asString();
        assertThat(t.call("GET", "/v1/federation/stages/" + started, TestServer.REGION, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aFederatedPipelineIsRefusedWhereNoFederationIsConfigured() throws Exception {
        var r = t.call("POST", "/v1/executions", TestServer.CLIENT, """
                {"pipeline": {"id": "p", "stages": [{"id": "process", "type": "noop",
                  "federation": {"strategy": "parallel", "regions": ["eu-west-1"]}}]}}""");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.message(r)).contains("stage 'process': federated, but this coordinator has no federation");
        var health = TestServer.json(t.call("GET", "/v1/federation/health", TestServer.CLIENT, null));
        assertThat(health.path("configured").asBoolean()).isFalse();
    }

    @Test
    void theHttpExecutorProbesWithTheRegionKeyAndAWrongKeyIsRefusedWithoutShowingIt() throws Exception {
        String endpoint = "http://127.0.0.1:" + t.server.port();
        HttpRegionExecutor executor = new HttpRegionExecutor(Duration.ofSeconds(1));
        var good = RegionConfig.of("eu-west-1", endpoint, TestServer.REGION, null);
        assertThat(executor.probe(good).reachable()).isTrue();
        var wrong = RegionConfig.of("ap-northeast-1", endpoint, "stolen-guess-123", null);
        assertThat(executor.probe(wrong).reachable()).isFalse();
        assertThatThrownBy(() -> executor.run(wrong, task("fed:y:process:p0:ap:0")))
                .isInstanceOfSatisfying(RegionFailure.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("refused our key").doesNotContain("stolen-guess-123");
                });
        var down = RegionConfig.of("us-east-1", "http://127.0.0.1:9", TestServer.REGION, null);
        assertThat(executor.probe(down).reachable()).isFalse();
        assertThatThrownBy(() -> executor.run(down, task("z"))).isInstanceOf(RegionFailure.class)
                .hasMessageContaining("unreachable").hasMessageNotContaining(TestServer.REGION);
    }
}
