package io.meridian.server;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * How a coordinator server listens and what it tolerates. From the {@code server} section of meridian.yaml:
 * max_body_bytes (4 MiB), rate_limit_per_token (requests/s, 2,000: one worker token is shared by a
 * whole fleet, and a busy worker makes tens of exchanges a second), max_concurrent_requests (256),
 * tls: {keystore, password} (PKCS#12; HTTPS only when set).
 */
public record ServerSettings(String host, int port, long maxBodyBytes, long rateLimitPerToken,
                             int maxConcurrentRequests, Path tlsKeystore, String tlsPassword) {

    public static ServerSettings of(String host, int port, JsonNode config) {
        JsonNode s = config.path("server");
        JsonNode tls = s.path("tls");
        return new ServerSettings(host, port, s.path("max_body_bytes").asLong(4L * 1024 * 1024),
                s.path("rate_limit_per_token").asLong(2000), s.path("max_concurrent_requests").asInt(256),
                tls.hasNonNull("keystore") ? Path.of(tls.get("keystore").asString()) : null,
                tls.path("password").asString(""));
    }
}
