package io.meridian.server.config;

import java.util.List;
import java.util.Map;

/**
 * {@code meridian.yaml} as typed records, bound by {@link ConfigReader}: keys are the snake_case names of the
 * components ({@code lease_ttl_seconds} for {@code leaseTtlSeconds}). A value that is absent is null here, and the
 * part that uses it applies its default; an absent section is an empty one. docs/configuration.md lists every key.
 */
public record ConfigFile(String store, EngineSection engine, ServerSection server, AuthSection auth,
                         FederationSection federation, Map<String, DataSource> datasources, Http http,
                         Secrets secrets, EventsSection events, List<PoolSection> pools) {
    public static final ConfigFile EMPTY = new ConfigFile(null, null, null, null, null, null, null, null, null, null);

    public ConfigFile {
        engine = engine == null ? EngineSection.EMPTY : engine;
        server = server == null ? ServerSection.EMPTY : server;
        auth = auth == null ? new AuthSection(null) : auth;
        datasources = datasources == null ? Map.of() : datasources;
        http = http == null ? new Http(null) : http;
        secrets = secrets == null ? new Secrets(null) : secrets;
        events = events == null ? new EventsSection(null, null) : events;
        pools = pools == null ? List.of() : pools;
        // federation stays null when absent: no section means this coordinator does not federate.
    }

    /** {@code datasources.NAME}: a JDBC data source the database stages may use by name. */
    public record DataSource(String url, String username, String password, Integer maxPoolSize) {}

    /** {@code http}: the hosts the http_request stage may call. */
    public record Http(List<String> allow) {
        public Http {
            allow = allow == null ? List.of() : allow;
        }
    }

    /** {@code secrets}: where stages find the secrets templates refer to. */
    public record Secrets(String envPrefix) {}
}
