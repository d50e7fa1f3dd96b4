package io.meridian.worker.stages;

import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import tools.jackson.databind.JsonNode;

/**
 * {@code fail}: for testing retries. Fails the first {@code times} attempts (every attempt when absent) with
 * {@code message}; {@code non_retryable: true} makes the failure final. On success: {@code {"attempt": n}}.
 */
public final class FailStage implements TaskHandler {
    @Override
    public String type() {
        return "fail";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder()
                .optional("message", ConfigSchema.Kind.STRING)
                .optional("times", ConfigSchema.Kind.INTEGER)
                .optional("non_retryable", ConfigSchema.Kind.BOOLEAN)
                .build();
    }

    @Override
    public JsonNode execute(TaskContext context) throws TaskFailure {
        JsonNode c = context.config();
        String message = c.path("message").asString("failed on purpose (stage type 'fail')");
        boolean always = !c.has("times");
        if (always || context.attempt() <= c.get("times").asInt()) {
            throw new TaskFailure("handler_error", message + " (attempt " + context.attempt() + ")",
                    c.path("non_retryable").asBoolean(false));
        }
        var out = Json.object();
        out.put("attempt", context.attempt());
        return out;
    }
}
