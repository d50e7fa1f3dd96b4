package io.meridian.worker.stages;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import tools.jackson.databind.JsonNode;

/**
 * {@code noop}: does nothing. Output {@code {"ok": true}}, plus {@code echo} when the config sets it, and
 * {@code started_at} (an ISO instant, microseconds) with {@code timestamp: true}, for latency measurements.
 */
public final class NoopStage implements TaskHandler {
    @Override
    public String type() {
        return "noop";
    }

    @Override
    public JsonNode execute(TaskContext context) {
        var out = Json.object();
        out.put("ok", true);
        if (context.config().path("timestamp").asBoolean(false)) {
            out.put("started_at", java.time.Instant.now().toString());
        }
        if (context.config().has("echo")) {
            out.set("echo", context.config().get("echo"));
        }
        return out;
    }
}
