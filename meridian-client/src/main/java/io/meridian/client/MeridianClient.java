package io.meridian.client;

import io.meridian.model.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Java client of the coordinator's REST API ({@code /v1}). Responses are the API's JSON documents. Every
 * execution start carries a request id (generated when the caller gives none), so a retry after a lost response
 * returns the same execution instead of starting another.
 */
public final class MeridianClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpTransport transport;

    public MeridianClient(CoordinatorAddresses coordinators, String token) {
        this.transport = new HttpTransport(coordinators, token, Duration.ofSeconds(30));
    }

    /** Starts a pipeline given as file text (JSON or YAML, by {@code fileName}'s extension). */
    public JsonNode startExecution(String pipelineText, String fileName, JsonNode inputs, String requestId) {
        ObjectNode body = Json.object();
        body.put("pipeline_text", pipelineText);
        body.put("pipeline_file", fileName);
        body.set("inputs", inputs == null ? Json.object() : inputs);
        body.put("request_id", requestId == null ? UUID.randomUUID().toString() : requestId);
        return transport.send("POST", "/v1/executions", body, TIMEOUT);
    }

    public JsonNode execution(String id) {
        return get("/v1/executions/" + encode(id));
    }

    public JsonNode executions(int limit) {
        return get("/v1/executions?limit=" + limit);
    }

    /** {@code action} is cancel, pause or resume. */
    public JsonNode executionAction(String id, String action) {
        return post("/v1/executions/" + encode(id) + "/" + action, Json.object());
    }

    public JsonNode workers() {
        return get("/v1/workers");
    }

    public JsonNode queueStats() {
        return get("/v1/queue/stats");
    }

    /** {@code action} is pause, resume or drain; {@code type} (nullable) limits pause/resume to one stage type. */
    public JsonNode queueAction(String action, String type) {
        return post("/v1/queue/" + action + (type == null ? "" : "?type=" + encode(type)), Json.object());
    }

    public JsonNode cleanQueue(java.util.List<String> states, long olderThanSeconds) {
        ObjectNode body = Json.object();
        states.forEach(body.putArray("states")::add);
        body.put("older_than_seconds", olderThanSeconds);
        return post("/v1/queue/clean", body);
    }

    public JsonNode jobs(String statuses, int limit) {
        return get("/v1/queue/jobs?status=" + encode(statuses) + "&limit=" + limit);
    }

    public JsonNode get(String path) {
        return transport.send("GET", path, null, TIMEOUT);
    }

    public JsonNode post(String path, Object body) {
        return transport.send("POST", path, body, TIMEOUT);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
