package io.meridian.worker.stages;

import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import tools.jackson.databind.JsonNode;

/**
 * {@code delay}: waits {@code seconds} (or {@code millis}), checking every 100 ms whether the job was cancelled
 * or ran past its deadline. Output {@code {"slept_ms": N}}.
 */
public final class DelayStage implements TaskHandler {
    private static final long CHECK_MILLIS = 100;

    @Override
    public String type() {
        return "delay";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder()
                .optional("seconds", ConfigSchema.Kind.NUMBER)
                .optional("millis", ConfigSchema.Kind.INTEGER)
                .build();
    }

    @Override
    public JsonNode execute(TaskContext context) throws Exception {
        JsonNode c = context.config();
        long millis = c.has("millis") ? c.get("millis").asLong() : Math.round(c.path("seconds").asDouble(1) * 1000);
        if (millis < 0) {
            throw TaskFailure.badConfig("delay: 'seconds'/'millis' must not be negative, got " + millis + " ms");
        }
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        context.log("waiting " + millis + " ms");
        while (System.nanoTime() < end) {
            context.progress("waited " + (System.nanoTime() - start) / 1_000_000 + " of " + millis + " ms");
            if (context.isCancelled()) {
                throw new TaskFailure("cancelled", "delay stopped: the job was cancelled or passed its deadline", false);
            }
            Thread.sleep(Math.min(CHECK_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        var out = Json.object();
        out.put("slept_ms", (System.nanoTime() - start) / 1_000_000);
        return out;
    }
}
