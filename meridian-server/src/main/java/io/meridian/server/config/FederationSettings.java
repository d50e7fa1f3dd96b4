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

/**
 * The {@code federation:} section of {@code meridian.yaml} ({@link FederationSection}) as the engine's
 * {@link FederationConfig}. A region's key is given as {@code api_key: ${ENV_NAME}}, {@code api_key_env: ENV_NAME}
 * or {@code api_key_file: path} (relative to the config file), so it need not sit in the file; errors name the
 * region and the variable or file, never the key, at the key's line and column.
 */
public final class FederationSettings {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private FederationSettings() {}

    public static Optional<FederationConfig> read(MeridianConfig config, Map<String, String> env) {
        FederationSection f = config.file().federation();
        if (f == null) {
            return Optional.empty();
        }
        Path base = config.source() == null ? Path.of(".") : config.source().toAbsolutePath().getParent();
        List<RegionConfig> regions = new ArrayList<>();
        for (int i = 0; i < f.regions().size(); i++) {
            regions.add(region(config, "/federation/regions/" + i, f.regions().get(i), env, base));
        }
        // ConfigRules has checked the strategy's name and that there is at least one region.
        FederationStrategy strategy = FederationStrategy.fromWire(
                f.defaultStrategy() == null ? "nearest" : f.defaultStrategy()).orElseThrow();
        return Optional.of(new FederationConfig(regions, strategy,
                seconds(f.healthIntervalSeconds(), 5),
                f.breaker().threshold() == null ? 3 : f.breaker().threshold(),
                seconds(f.breaker().coolDownSeconds(), 30)));
    }

    private static RegionConfig region(MeridianConfig config, String pointer, FederationSection.Region r,
                                       Map<String, String> env, Path base) {
        String at = "federation.regions[" + r.name() + "]";
        GeoPoint location = r.latitude() != null && r.longitude() != null
                ? new GeoPoint(r.latitude(), r.longitude()) : null;
        String key = key(config, pointer, r, at, env, base);
        if (r.endpoint() != null) {
            HttpRegionExecutor.insecureKey(r.endpoint(), key).ifPresent(problem -> {
                throw config.error(pointer + "/endpoint", at + ": " + problem);
            });
        }
        return new RegionConfig(r.name(), r.endpoint(), key, or(r.priority(), 1), or(r.weight(), 1.0),
                or(r.maxConcurrent(), 10), or(r.timeoutSeconds(), 300), r.tags(), location,
                or(r.costPerExecution(), 0.0), or(r.costPerToken(), 0.0));
    }

    private static String key(MeridianConfig config, String pointer, FederationSection.Region r, String at,
                              Map<String, String> env, Path base) {
        if (r.apiKeyFile() != null) {
            Path file = base.resolve(r.apiKeyFile());
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw config.error(pointer + "/api_key_file", at + ".api_key_file: cannot read " + file);
            }
        }
        String variable = r.apiKeyEnv();
        String keyAt = pointer + "/api_key_env";
        if (variable == null && r.apiKey() != null) {
            Matcher m = ENV_REFERENCE.matcher(r.apiKey());
            if (!m.matches()) {
                return r.apiKey(); // a literal key in the file (tests, examples)
            }
            variable = m.group(1);
            keyAt = pointer + "/api_key";
        }
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw config.error(keyAt, at + ": the key refers to environment variable " + variable
                    + ", which is not set");
        }
        return value;
    }

    private static Duration seconds(Double value, double fallback) {
        return Duration.ofMillis(Math.round((value == null ? fallback : value) * 1000));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
