package io.meridian.server;

import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.HandlerRegistry;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline given over HTTP has its stage configs checked against the schemas of the coordinator's handlers, as
 * {@code meridian validate} does: a {@code database_write} without {@code sql} is refused before anything is
 * stored or started, with the stage id and, where the pipeline is text, its line and column.
 */
class StageConfigRoutesTest {
    /** Line 5 column 5 is the stage's {@code config} key. */
    static final String WITHOUT_SQL = """
            id: p
            stages:
              - id: save
                type: database_write
                config:
                  datasource: main
            """;
    static final String VALID = """
            id: p
            stages:
              - id: save
                type: database_write
                config:
                  sql: "insert into t values (1)"
            """;
    static final String MISSING = "database_write: config.sql is required (a string)";

    TestServer api;

    @BeforeEach
    void start() throws Exception {
        // As `meridian server` does: the handlers on the classpath (the built-ins) give types and schemas.
        HandlerRegistry handlers = HandlerRegistry.fromClasspath(getClass().getClassLoader());
        api = new TestServer(handlers.types());
        api.server.configSchemas(handlers.configSchemas());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anExecutionFromPipelineTextIsRefusedWithTheStageAndItsPosition() throws Exception {
        var r = api.call("POST", "/v1/executions", CLIENT, Json.write(Map.of("pipeline_text", WITHOUT_SQL,
                "pipeline_file", "p.yaml")));
        JsonNode problem = refused(r);
        assertThat(problem.path("line").asInt()).isEqualTo(5);
        assertThat(problem.path("column").asInt()).isEqualTo(5);
        assertThat(message(r)).contains("p.yaml:5:5: stage 'save': " + MISSING);
        assertThat(startedExecutions()).isZero();
    }

    @Test
    void anExecutionFromAnInlinePipelineIsRefused() throws Exception {
        var r = api.call("POST", "/v1/executions", CLIENT, """
                {"pipeline": {"id": "p", "stages": [{"id": "save", "type": "database_write",
                  "config": {"sql": 7, "datasorce": "main"}}]}}""");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("validation_failed");
        assertThat(json(r).path("error").path("details").findValuesAsString("message")).containsExactlyInAnyOrder(
                "database_write: config.sql must be a string, got number",
                "database_write: unknown config key 'datasorce' (did you mean 'datasource'?)");
        assertThat(startedExecutions()).isZero();
    }

    @Test
    void aPipelineIsNotRegisteredWithABadConfig() throws Exception {
        var r = api.call("POST", "/v1/pipelines", CLIENT, WITHOUT_SQL, Map.of("Content-Type", "application/yaml"));
        JsonNode problem = refused(r);
        assertThat(problem.path("line").asInt()).isEqualTo(5);
        assertThat(api.call("GET", "/v1/pipelines/p", CLIENT, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theSeedRouteChecksConfigsToo() throws Exception {
        var r = api.call("POST", "/execute/distributed", CLIENT, Json.write(Map.of("pipelineText", WITHOUT_SQL,
                "pipelineFile", "p.yaml")));
        refused(r);
        assertThat(startedExecutions()).isZero();
    }

    @Test
    void aValidPipelineIsStillAcceptedOnEveryRoute() throws Exception {
        assertThat(api.call("POST", "/v1/pipelines", CLIENT, VALID, Map.of("Content-Type", "application/yaml"))
                .statusCode()).isEqualTo(201);
        assertThat(api.call("POST", "/v1/executions", CLIENT, Json.write(Map.of("pipeline_text", VALID,
                "pipeline_file", "p.yaml"))).statusCode()).isEqualTo(201);
        assertThat(api.call("POST", "/v1/executions", CLIENT, "{\"pipeline_id\": \"p\"}").statusCode())
                .isEqualTo(201);
        assertThat(api.call("POST", "/execute/distributed", CLIENT, Json.write(Map.of("pipelineText", VALID,
                "pipelineFile", "p.yaml"))).statusCode()).isEqualTo(201);
        // A template passes any type check (rows must be an array): it is resolved at run time.
        var templated = api.call("POST", "/v1/executions", CLIENT, """
                {"pipeline": {"id": "q", "inputs": {"rows": {"default": [[1]]}}, "stages": [{"id": "save",
                  "type": "database_write", "config": {"sql": "insert into t values (?)", "rows": "{{input.rows}}"}}]}}
                """);
        assertThat(templated.statusCode()).as(templated.body()).isEqualTo(201);
        assertThat(startedExecutions()).isEqualTo(4);
    }

    /** Checks a 400 validation_failed naming stage 'save' and a missing sql; returns that problem. */
    private static JsonNode refused(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("validation_failed");
        JsonNode details = json(r).path("error").path("details");
        assertThat(details.size()).isEqualTo(1);
        JsonNode problem = details.get(0);
        assertThat(problem.path("stage_id").asString()).isEqualTo("save");
        assertThat(problem.path("message").asString()).isEqualTo(MISSING);
        return problem;
    }

    private int startedExecutions() throws Exception {
        return json(api.call("GET", "/v1/executions", CLIENT, null)).path("items").size();
    }
}
