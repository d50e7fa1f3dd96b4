package io.meridian.server;

import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.WORKER;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ExecutionQueryRoutesTest {
    final TestServer api = new TestServer();

    ExecutionQueryRoutesTest() throws Exception {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    String start(String pipelineId, int version) throws Exception {
        String text = "id: " + pipelineId + "\nversion: " + version + "\nstages:\n  - id: train\n    type: noop\n";
        var r = api.call("POST", "/v1/executions", CLIENT, Json.write(Map.of("pipeline_text", text,
                "pipeline_file", "p.yaml")));
        assertThat(r.statusCode()).isEqualTo(201);
        return json(r).path("execution_id").asString();
    }

    List<String> ids(String query) throws Exception {
        var r = api.call("GET", "/v1/executions" + query, CLIENT, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).path("items").valueStream().map(x -> x.path("execution_id").asString()).toList();
    }

    @Test
    void executionsAreQueriedByPipelineVersionStatusAndTime() throws Exception {
        String a1 = start("alpha", 1);
        String a2 = start("alpha", 2);
        String b1 = start("beta", 1);
        api.call("POST", "/v1/executions/" + a1 + "/cancel", CLIENT, "{}");

        assertThat(ids("?pipeline_id=alpha")).containsExactly(a2, a1);
        assertThat(ids("?pipeline_id=alpha&pipeline_version=2")).containsExactly(a2);
        assertThat(ids("?status=cancelled")).containsExactly(a1);
        assertThat(ids("?status=running,CANCELLED&pipeline_id=alpha")).containsExactly(a2, a1);
        assertThat(ids("?created_from=2000-01-01&created_to=2100-01-01T00:00:00Z")).containsExactly(b1, a2, a1);
        assertThat(ids("?created_to=2000-01-01T00:00:00%2B02:00")).isEmpty();
        assertThat(ids("")).containsExactly(b1, a2, a1);
    }

    @Test
    void pagesFollowTheCursorToTheEnd() throws Exception {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            started.addFirst(start("paged", 1));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String q = "?pipeline_id=paged&limit=3" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor,
                    StandardCharsets.UTF_8));
            JsonNode page = json(api.call("GET", "/v1/executions" + q, CLIENT, null));
            page.path("items").forEach(x -> seen.add(x.path("execution_id").asString()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(started);
    }

    @Test
    void badParametersAre400WithTheParameterNamed() throws Exception {
        Map<String, String> cases = Map.of(
                "?limit=0", "limit must be an integer from 1 to 1000, got '0'",
                "?limit=1001", "limit must be an integer from 1 to 1000, got '1001'",
                "?limit=many", "limit must be an integer from 1 to 1000, got 'many'",
                "?status=done", "status: unknown status 'done' (use a comma list of running, paused, succeeded, "
                        + "failed, cancelled)",
                "?pipeline_id=p&pipeline_version=v2", "pipeline_version must be a positive integer, got 'v2'",
                "?pipeline_version=2", "pipeline_version needs pipeline_id",
                "?created_from=yesterday", "created_from must be an ISO-8601 time",
                "?created_from=2026-02-01&created_to=2026-01-01", "created_from must be before created_to",
                "?cursor=bm9wZQ", "cursor: cursor 'bm9wZQ' is not one a previous page returned");
        for (var c : cases.entrySet()) {
            var r = api.call("GET", "/v1/executions" + c.getKey(), CLIENT, null);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(code(r)).as(c.getKey()).isEqualTo("invalid_parameter");
            assertThat(message(r)).as(c.getKey()).startsWith(c.getValue());
        }
    }

    @Test
    void checkpointsAreLinkedListedAndShownInTheExecutionDocument() throws Exception {
        String x = start("train", 1);
        assertThat(json(api.call("GET", "/v1/executions/" + x, CLIENT, null)).path("checkpoint_id").isNull()).isTrue();
        var first = api.call("POST", "/v1/executions/" + x + "/checkpoints", WORKER,
                "{\"checkpoint_id\":\"epoch-1\",\"stage_id\":\"train\",\"metadata\":{\"loss\":0.7}}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json(first).path("metadata").path("loss").asDouble()).isEqualTo(0.7);
        assertThat(api.call("POST", "/v1/executions/" + x + "/checkpoints", CLIENT,
                "{\"checkpoint_id\":\"epoch-2\"}").statusCode()).isEqualTo(201);

        JsonNode list = json(api.call("GET", "/v1/executions/" + x + "/checkpoints", CLIENT, null)).path("items");
        assertThat(list.valueStream().map(c -> c.path("checkpoint_id").asString())).containsExactly("epoch-1", "epoch-2");
        assertThat(list.get(0).path("stage_id").asString()).isEqualTo("train");
        assertThat(json(api.call("GET", "/v1/executions/" + x, CLIENT, null)).path("checkpoint_id").asString())
                .isEqualTo("epoch-2");
        assertThat(json(api.call("GET", "/v1/executions?pipeline_id=train", CLIENT, null)).path("items").get(0)
                .path("checkpoint_id").asString()).isEqualTo("epoch-2");
    }

    @Test
    void checkpointsOfUnknownExecutionsOrStagesAreRefused() throws Exception {
        String x = start("train", 1);
        var unknown = api.call("POST", "/v1/executions/nope/checkpoints", CLIENT, "{\"checkpoint_id\":\"c\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.call("GET", "/v1/executions/nope/checkpoints", CLIENT, null).statusCode()).isEqualTo(404);
        var badStage = api.call("POST", "/v1/executions/" + x + "/checkpoints", CLIENT,
                "{\"checkpoint_id\":\"c\",\"stage_id\":\"eval\"}");
        assertThat(badStage.statusCode()).isEqualTo(400);
        assertThat(message(badStage)).contains("stage_id 'eval'");
        var noId = api.call("POST", "/v1/executions/" + x + "/checkpoints", CLIENT, "{}");
        assertThat(message(noId)).isEqualTo("checkpoint_id must not be empty");
    }
}
