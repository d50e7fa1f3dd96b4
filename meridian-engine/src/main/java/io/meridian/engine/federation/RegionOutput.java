package io.meridian.engine.federation;

import tools.jackson.databind.JsonNode;

/** One region's successful result, as aggregation sees it. */
public record RegionOutput(String region, JsonNode output) {}
