package io.meridian.engine.federation;

import io.meridian.model.pipeline.GeoPoint;
import java.util.List;

/**
 * One region of the federation: a coordinator cluster at {@code endpoint} (or {@code local}: this cluster, run
 * in-process), reached with {@code apiKey}. The key is a secret: {@link #toString()} never shows it.
 *
 * @param priority         lower is preferred when other rules tie
 * @param weight           share of partitioned items that carry no location (data locality)
 * @param maxConcurrent    stage runs this coordinator sends it at once; a region at its limit is not chosen
 * @param timeoutSeconds   per attempt, unless the stage sets its own
 * @param location         where it is, for {@code nearest}; null when unknown
 * @param costPerExecution for {@code cost_optimized}
 */
public record RegionConfig(String name, String endpoint, String apiKey, int priority, double weight,
                           int maxConcurrent, int timeoutSeconds, List<String> tags, GeoPoint location,
                           double costPerExecution, double costPerToken) {

    public static final String LOCAL = "local";

    public RegionConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a region needs a name");
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("region '" + name + "' needs an endpoint (a URL, or 'local')");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        weight = weight <= 0 ? 1.0 : weight;
        maxConcurrent = maxConcurrent <= 0 ? 10 : maxConcurrent;
        timeoutSeconds = timeoutSeconds <= 0 ? 300 : timeoutSeconds;
    }

    /** A region with default priority, weight, limits and costs. */
    public static RegionConfig of(String name, String endpoint, String apiKey, GeoPoint location) {
        return new RegionConfig(name, endpoint, apiKey, 1, 1.0, 10, 300, List.of(), location, 0, 0);
    }

    /** This cluster itself: its stages run in-process, without HTTP. */
    public boolean isLocal() {
        return LOCAL.equals(endpoint);
    }

    public RegionConfig withLimits(int newMaxConcurrent, int newTimeoutSeconds) {
        return new RegionConfig(name, endpoint, apiKey, priority, weight, newMaxConcurrent, newTimeoutSeconds, tags,
                location, costPerExecution, costPerToken);
    }

    @Override
    public String toString() {
        return "RegionConfig[name=" + name + ", endpoint=" + endpoint + ", api_key=" + (apiKey == null ? "none" : "***")
                + ", priority=" + priority + ", weight=" + weight + ", max_concurrent=" + maxConcurrent
                + ", timeout_seconds=" + timeoutSeconds + ", tags=" + tags + ", location=" + location
                + ", cost_per_execution=" + costPerExecution + ", cost_per_token=" + costPerToken + "]";
    }
}
