package io.meridian.server.config;

import io.meridian.engine.federation.FederationConfig;
import io.meridian.engine.federation.RegionConfig;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.GeoPoint;
import io.meridian.server.federation.HttpRegionExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code federation:} section of {@code meridian.yaml}: {@code default_strategy}, {@code health_interval_seconds},
 * {@code breaker: {threshold, cool_down_seconds}} and {@code regions}, each with name, endpoint (a URL, several
 * comma-separated for a cluster, or {@code local}), the key, priority, weight, max_concurrent, timeout_seconds, tags,
 * latitude, longitude, cost_per_execution and cost_per_token. The key is given as {@code api_key: ${ENV_NAME}},
 * {@code api_key_env: ENV_NAME} or {@code api_key_file: path} (relative to the config file), so it need not sit in
 * the file; errors name the region and the variable or file, never the key.
 */
public final class FederationSettings {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private FederationSettings() {}

    public static Optional<FederationConfig> read(MeridianConfig config, Map<String, String> env) {
        JsonNode f = config.tree().path("federation");
        if (f.isMissingNode() || f.isNull()) {
            return Optional.empty();
        }
        Path base = config.source() == null ? Path.of(".") : config.source().toAbsolutePath().getParent();
        List<RegionConfig> regions = new ArrayList<>();
        for (JsonNode r : f.path("regions")) {
            regions.add(region(r, env, base));
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("federation.regions: list at least one region (the local cluster is one "
                    + "with endpoint: local)");
        }
        String strategy = f.path("default_strategy").asString("nearest");
        FederationStrategy defaultStrategy = FederationStrategy.fromWire(strategy).orElseThrow(() ->
                new IllegalArgumentException("federation.default_strategy: unknown strategy '" + strategy
                        + "'; expected one of " + String.join(", ", FederationStrategy.NAMES)));
        JsonNode breaker = f.path("breaker");
        return Optional.of(new FederationConfig(regions, defaultStrategy,
                Duration.ofMillis(Math.round(f.path("health_interval_seconds").asDouble(5) * 1000)),
                breaker.path("threshold").asInt(3),
                Duration.ofMillis(Math.round(breaker.path("cool_down_seconds").asDouble(30) * 1000))));
    }

    private static RegionConfig region(JsonNode r, Map<String, String> env, Path base) {
        String name = r.path("name").asString(null);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("federation.regions: every region needs a name");
        }
        String at = "federation.regions[" + name + "]";
        List<String> tags = r.path("tags").valueStream().map(JsonNode::asString).toList();
        GeoPoint location = r.has("latitude") && r.has("longitude")
                ? new GeoPoint(r.get("latitude").asDouble(), r.get("longitude").asDouble()) : null;
        String endpoint = r.path("endpoint").asString(null);
        String key = key(r, at, env, base);
        if (endpoint != null) {
            HttpRegionExecutor.insecureKey(endpoint, key).ifPresent(problem -> {
                throw new IllegalArgumentException(at + ": " + problem);
            });
        }
        return new RegionConfig(name, endpoint, key,
                r.path("priority").asInt(1), r.path("weight").asDouble(1.0), r.path("max_concurrent").asInt(10),
                r.path("timeout_seconds").asInt(300), tags, location, r.path("cost_per_execution").asDouble(0),
                r.path("cost_per_token").asDouble(0));
    }

    private static String key(JsonNode r, String at, Map<String, String> env, Path base) {
        if (r.hasNonNull("api_key_file")) {
            Path file = base.resolve(r.get("api_key_file").asString());
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(at + ".api_key_file: cannot read " + file);
            }
        }
        String variable = r.path("api_key_env").asString(null);
        if (variable == null && r.hasNonNull("api_key")) {
            Matcher m = ENV_REFERENCE.matcher(r.get("api_key").asString());
            if (!m.matches()) {
                return r.get("api_key").asString(); // a literal key in the file (tests, examples)
            }
            variable = m.group(1);
        }
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(at + ": the key refers to environment variable " + variable
                    + ", which is not set");
        }
        return value;
    }
}
