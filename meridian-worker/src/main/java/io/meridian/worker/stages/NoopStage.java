package io.meridian.worker.stages;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import tools.jackson.databind.JsonNode;

/** {@code noop}: does nothing. Output {@code {"ok": true}}, plus {@code echo} when the config sets it. */
public final class NoopStage implements TaskHandler {
    @Override
    public String type() {
        return "noop";
    }

    @Override
    public JsonNode execute(TaskContext context) {
        var out = Json.object();
        out.put("ok", true);
        if (context.config().has("echo")) {
            out.set("echo", context.config().get("echo"));
        }
        return out;
    }
}
