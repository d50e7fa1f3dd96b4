package io.meridian.server;

import io.meridian.server.http.EdgeTimeouts;
import io.meridian.server.http.RequestCapacity;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * How a coordinator server listens and what it tolerates. From the {@code server} section of meridian.yaml:
 * max_body_bytes (4 MiB), rate_limit_per_token (requests/s, 2,000: one worker token is shared by a
 * whole fleet, and a busy worker makes tens of exchanges a second), tls: {keystore, password} (PKCS#12; HTTPS
 * only when set), the capacity per class of request ({@link RequestCapacity}: max_concurrent_requests,
 * max_concurrent_worker_requests, max_concurrent_health_requests, max_long_polls, max_connections) and the
 * timeouts on slow clients ({@link EdgeTimeouts}: header_timeout_millis, idle_timeout_millis,
 * body_read_timeout_millis, max_wait_millis, disconnect_grace_millis). docs/server.md lists them all with their defaults.
 */
public record ServerSettings(String host, int port, long maxBodyBytes, long rateLimitPerToken,
                             RequestCapacity capacity, EdgeTimeouts timeouts, Path tlsKeystore, String tlsPassword) {
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
    public static final long DEFAULT_RATE_LIMIT_PER_TOKEN = 2000;

    /** The default capacity and timeouts, with {@code maxConcurrentRequests} client slots. */
    public ServerSettings(String host, int port, long maxBodyBytes, long rateLimitPerToken, int maxConcurrentRequests,
                          Path tlsKeystore, String tlsPassword) {
        this(host, port, maxBodyBytes, rateLimitPerToken, RequestCapacity.withClients(maxConcurrentRequests),
                EdgeTimeouts.DEFAULTS, tlsKeystore, tlsPassword);
    }

    public static ServerSettings of(String host, int port, JsonNode config) {
        JsonNode s = config.path("server");
        JsonNode tls = s.path("tls");
        RequestCapacity capacity = new RequestCapacity(
                count(s, "max_concurrent_requests", RequestCapacity.DEFAULT_CLIENTS),
                count(s, "max_concurrent_worker_requests", RequestCapacity.DEFAULT_WORKERS),
                count(s, "max_concurrent_health_requests", RequestCapacity.DEFAULT_HEALTH),
                count(s, "max_long_polls", RequestCapacity.DEFAULT_LONG_POLLS),
                count(s, "max_connections", RequestCapacity.DEFAULT_CONNECTIONS));
        EdgeTimeouts timeouts = new EdgeTimeouts(
                millis(s, "header_timeout_millis", EdgeTimeouts.DEFAULT_HEADER),
                millis(s, "idle_timeout_millis", EdgeTimeouts.DEFAULT_IDLE),
                millis(s, "body_read_timeout_millis", EdgeTimeouts.DEFAULT_BODY_READ),
                millis(s, "max_wait_millis", EdgeTimeouts.DEFAULT_LONG_POLL_MAX),
                millis(s, "disconnect_grace_millis", EdgeTimeouts.DEFAULT_DISCONNECT_GRACE));
        return new ServerSettings(host, port, whole(s, "max_body_bytes", DEFAULT_MAX_BODY_BYTES),
                whole(s, "rate_limit_per_token", DEFAULT_RATE_LIMIT_PER_TOKEN), capacity, timeouts,
                tls.hasNonNull("keystore") ? Path.of(tls.get("keystore").asString()) : null,
                tls.path("password").asString(""));
    }

    private static int count(JsonNode s, String key, int fallback) {
        long value = whole(s, key, fallback);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("server." + key + " must be at most " + Integer.MAX_VALUE + ", got "
                    + value);
        }
        return (int) value;
    }

    private static Duration millis(JsonNode s, String key, Duration fallback) {
        return Duration.ofMillis(whole(s, key, fallback.toMillis()));
    }

    /** A positive whole number, or {@code fallback} when the key is absent. */
    private static long whole(JsonNode s, String key, long fallback) {
        JsonNode value = s.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 1) {
            throw new IllegalArgumentException("server." + key + " must be a whole number of at least 1, got '"
                    + value.asString() + "'");
        }
        return value.asLong();
    }
}
