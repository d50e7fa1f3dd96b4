package io.meridian.it;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import tools.jackson.databind.JsonNode;

/**
 * A test stage type that says which region ran it (the process's MERIDIAN_REGION_NAME). Config: {@code millis}
 * (work time), {@code millis_by_region} ({region: millis}), {@code output}: {@code region} (the name),
 * {@code one} (the number 1), {@code by_region} ({name: 1}), {@code constant} (config {@code value}); otherwise
 * {@code {region, items}} where items is the size of a list input.
 */
public final class RegionEchoHandler implements TaskHandler {
    @Override
    public String type() {
        return "region_echo";
    }

    @Override
    public JsonNode execute(TaskContext context) throws Exception {
        String region = System.getenv().getOrDefault("MERIDIAN_REGION_NAME", "unknown");
        var config = context.config();
        Thread.sleep(config.path("millis_by_region").path(region).asLong(config.path("millis").asLong(0)));
        return switch (config.path("output").asString("")) {
            case "region" -> Json.MAPPER.valueToTree(region);
            case "one" -> Json.MAPPER.valueToTree(1);
            case "by_region" -> Json.object().put(region, 1);
            case "constant" -> config.path("value");
            default -> Json.object().put("region", region).put("items", config.path("input").size());
        };
    }
}
