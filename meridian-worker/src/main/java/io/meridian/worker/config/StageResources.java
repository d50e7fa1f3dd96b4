package io.meridian.worker.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meridian.worker.runtime.TaskResources;
import io.meridian.worker.stages.HttpPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What built-in stages need from their environment, opened from {@link WorkerConfig}: pooled data sources
 * (a {@code default} one, an SQLite file in {@code <data-dir>/stage-data}, always exists), the HTTP allow-list and
 * secrets read from environment variables ({@code MERIDIAN_SECRET_<NAME>}).
 */
public final class StageResources implements TaskResources, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StageResources.class);
    private final Map<String, Object> resources = new LinkedHashMap<>();
    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();
    private final Map<String, String> env;
    private final String secretPrefix;

    private StageResources(Map<String, String> env, String secretPrefix) {
        this.env = env;
        this.secretPrefix = secretPrefix;
    }

    /**
     * Opens the resources; SQLite files of data sources live in {@code <dataDir>/stage-data} (relative paths resolve
     * there), and one that would sit elsewhere in the data directory, beside the store, is refused.
     */
    public static StageResources open(WorkerConfig config, Path dataDir, Map<String, String> env) {
        StageDatabaseFiles files = new StageDatabaseFiles(dataDir);
        Map<String, WorkerConfig.DataSourceConfig> ds = new LinkedHashMap<>();
        config.datasources().forEach((name, c) -> ds.put(name, new WorkerConfig.DataSourceConfig(
                files.resolve(name, c.url()), c.username(), c.password(), c.maxPoolSize())));
        ds.putIfAbsent("default", new WorkerConfig.DataSourceConfig(files.defaultUrl(), null, null, 1));
        createDirectory(files.directory());
        warnAboutOldDefault(dataDir, files);
        StageResources r = new StageResources(env, config.secretEnvPrefix());
        ds.forEach(r::addPool);
        r.resources.put(HttpPolicy.RESOURCE, new HttpPolicy(config.httpAllow()));
        return r;
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the stage data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Before issue 12 the default data source was data.db beside the store; say where it is now. */
    private static void warnAboutOldDefault(Path dataDir, StageDatabaseFiles files) {
        Path old = dataDir.resolve("data.db");
        if (Files.exists(old) && !Files.exists(files.directory().resolve("data.db"))) {
            log.warn("The default data source of database_write is now {} (stage files no longer share the store's "
                    + "directory); {} is not used any more: move it there to keep its rows",
                    files.directory().resolve("data.db"), old);
        }
    }

    private void addPool(String name, WorkerConfig.DataSourceConfig c) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("meridian-ds-" + name);
        hc.setJdbcUrl(c.url());
        if (c.url().startsWith("jdbc:sqlite:")) {
            StageDatabaseFiles.LOCKED_DOWN.forEach(hc::addDataSourceProperty);
        }
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
