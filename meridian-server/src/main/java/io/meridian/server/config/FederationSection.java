package io.meridian.server.config;

import java.util.List;

/** The {@code federation} section of {@code meridian.yaml}; {@link FederationSettings} turns it into the engine's. */
public record FederationSection(String defaultStrategy, Double healthIntervalSeconds, Breaker breaker,
                                List<Region> regions) {
    public FederationSection {
        breaker = breaker == null ? new Breaker(null, null) : breaker;
        regions = regions == null ? List.of() : regions;
    }

    /** {@code federation.breaker}: failures in a row that open a region's breaker, and how long it stays open. */
    public record Breaker(Integer threshold, Double coolDownSeconds) {}

    /**
     * One region: a coordinator cluster at {@code endpoint} (several comma-separated URLs for a cluster, or
     * {@code local}) with its key given by {@code api_key} (literal or {@code ${ENV}}), {@code api_key_env} or
     * {@code api_key_file}.
     */
    public record Region(String name, String endpoint, String apiKey, String apiKeyEnv, String apiKeyFile,
                         Integer priority, Double weight, Integer maxConcurrent, Integer timeoutSeconds,
                         List<String> tags, Double latitude, Double longitude, Double costPerExecution,
                         Double costPerToken) {
        public Region {
            tags = tags == null ? List.of() : tags;
        }
    }
}
