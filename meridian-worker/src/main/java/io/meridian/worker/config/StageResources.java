package io.meridian.worker.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meridian.worker.runtime.TaskResources;
import io.meridian.worker.stages.HttpPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What built-in stages need from their environment, opened from {@link WorkerConfig}: pooled data sources
 * (a {@code default} one, an SQLite file in the data directory, always exists), the HTTP allow-list and
 * secrets read from environment variables ({@code MERIDIAN_SECRET_<NAME>}).
 */
public final class StageResources implements TaskResources, AutoCloseable {
    private final Map<String, Object> resources = new LinkedHashMap<>();
    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();
    private final Map<String, String> env;
    private final String secretPrefix;

    private StageResources(Map<String, String> env, String secretPrefix) {
        this.env = env;
        this.secretPrefix = secretPrefix;
    }

    public static StageResources open(WorkerConfig config, Path dataDir, Map<String, String> env) {
        StageResources r = new StageResources(env, config.secretEnvPrefix());
        Map<String, WorkerConfig.DataSourceConfig> ds = new LinkedHashMap<>(config.datasources());
        ds.putIfAbsent("default", new WorkerConfig.DataSourceConfig(
                "jdbc:sqlite:" + dataDir.resolve("data.db").toAbsolutePath(), null, null, 1));
        ds.forEach(r::addPool);
        r.resources.put(HttpPolicy.RESOURCE, new HttpPolicy(config.httpAllow()));
        return r;
    }

    private void addPool(String name, WorkerConfig.DataSourceConfig c) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("meridian-ds-" + name);
        hc.setJdbcUrl(c.url());
        hc.setUsername(c.username());
        hc.setPassword(c.password());
        hc.setMaximumPoolSize(Math.max(1, c.maxPoolSize()));
        // Connect lazily: a data source no pipeline uses must not stop the worker from starting.
        hc.setInitializationFailTimeout(-1);
        hc.setMinimumIdle(0);
        HikariDataSource pool = new HikariDataSource(hc);
        pools.put(name, pool);
        resources.put(name, pool);
    }

    @Override
    public String secret(String name) {
        String value = env.get(secretPrefix + name);
        if (value == null) {
            throw new IllegalArgumentException("unknown secret '" + name + "' (set the environment variable "
                    + secretPrefix + name + ")");
        }
        return value;
    }

    @Override
    public Object resource(String name) {
        return resources.get(name);
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }
}
