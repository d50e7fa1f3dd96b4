package io.meridian.worker.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The worker-side sections of {@code meridian.yaml}: {@code datasources} (NAME: {url, username, password,
 * max_pool_size}), {@code http} ({allow: [...]}) and {@code secrets} ({env_prefix}, default MERIDIAN_SECRET_).
 * The coordinator and the CLI build it from the typed, checked configuration file; {@link #from} reads the same
 * sections from a JSON tree, for tests and embedders.
 */
public record WorkerConfig(Map<String, DataSourceConfig> datasources, List<String> httpAllow, String secretEnvPrefix) {

    /** One JDBC data source. */
    public record DataSourceConfig(String url, String username, String password, int maxPoolSize) {}

    public static WorkerConfig from(JsonNode tree) {
        Map<String, DataSourceConfig> ds = new LinkedHashMap<>();
        tree.path("datasources").properties().forEach(e -> {
            JsonNode d = e.getValue();
            String url = d.path("url").asString("");
            if (!url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("datasources." + e.getKey() + ".url must be a JDBC URL "
                        + "(jdbc:...), got '" + url + "'");
            }
            ds.put(e.getKey(), new DataSourceConfig(url, d.path("username").asString(null),
                    d.path("password").asString(null), d.path("max_pool_size").asInt(4)));
        });
        List<String> allow = new java.util.ArrayList<>();
        tree.path("http").path("allow").forEach(a -> allow.add(a.asString()));
        String prefix = tree.path("secrets").path("env_prefix").asString("MERIDIAN_SECRET_");
        return new WorkerConfig(ds, allow, prefix);
    }
}
