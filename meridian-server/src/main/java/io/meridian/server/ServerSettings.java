package io.meridian.server;

import io.meridian.server.config.ServerSection;
import io.meridian.server.http.EdgeTimeouts;
import io.meridian.server.http.RequestCapacity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a coordinator server listens and what it tolerates. From the {@code server} section of meridian.yaml
 * ({@link ServerSection}):
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

    /** From the {@code server} section, whose ranges were checked when the file was read. */
    public static ServerSettings of(String host, int port, ServerSection s) {
        RequestCapacity capacity = new RequestCapacity(
                count(s.maxConcurrentRequests(), RequestCapacity.DEFAULT_CLIENTS),
                count(s.maxConcurrentWorkerRequests(), RequestCapacity.DEFAULT_WORKERS),
                count(s.maxConcurrentHealthRequests(), RequestCapacity.DEFAULT_HEALTH),
                count(s.maxLongPolls(), RequestCapacity.DEFAULT_LONG_POLLS),
                count(s.maxConnections(), RequestCapacity.DEFAULT_CONNECTIONS));
        EdgeTimeouts timeouts = new EdgeTimeouts(
                millis(s.headerTimeoutMillis(), EdgeTimeouts.DEFAULT_HEADER),
                millis(s.idleTimeoutMillis(), EdgeTimeouts.DEFAULT_IDLE),
                millis(s.bodyReadTimeoutMillis(), EdgeTimeouts.DEFAULT_BODY_READ),
                millis(s.maxWaitMillis(), EdgeTimeouts.DEFAULT_LONG_POLL_MAX),
                millis(s.disconnectGraceMillis(), EdgeTimeouts.DEFAULT_DISCONNECT_GRACE));
        return new ServerSettings(host, port, or(s.maxBodyBytes(), DEFAULT_MAX_BODY_BYTES),
                or(s.rateLimitPerToken(), DEFAULT_RATE_LIMIT_PER_TOKEN), capacity, timeouts,
                s.tls().keystore() == null ? null : Path.of(s.tls().keystore()),
                s.tls().password() == null ? "" : s.tls().password());
    }

    private static int count(Long value, int fallback) {
        return value == null ? fallback : Math.toIntExact(value);
    }

    private static Duration millis(Long value, Duration fallback) {
        return value == null ? fallback : Duration.ofMillis(value);
    }

    private static long or(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
