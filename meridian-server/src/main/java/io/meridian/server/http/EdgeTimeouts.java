package io.meridian.server.http;

import java.time.Duration;

/**
 * How long the server waits on a client, so slow or stalled connections cannot hold the server's capacity.
 *
 * @param header      the request line and headers must arrive within this, counted from their first byte
 *                    ({@code server.header_timeout_millis}); the connection is closed otherwise
 * @param idle        a connection with no traffic in either direction is closed after this
 *                    ({@code server.idle_timeout_millis}); a handler still working is not cut off by it
 * @param bodyRead    the whole request body must arrive within this, counted from the end of the headers
 *                    ({@code server.body_read_timeout_millis}); 408 and the connection is closed otherwise
 * @param longPollMax the longest a worker's long poll ({@code wait_millis}) is held open
 *                    ({@code server.max_wait_millis}); a longer wait is clamped to it
 */
public record EdgeTimeouts(Duration header, Duration idle, Duration bodyRead, Duration longPollMax) {
    public static final Duration DEFAULT_HEADER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BODY_READ = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LONG_POLL_MAX = Duration.ofSeconds(30);
    public static final EdgeTimeouts DEFAULTS = new EdgeTimeouts(DEFAULT_HEADER, DEFAULT_IDLE, DEFAULT_BODY_READ,
            DEFAULT_LONG_POLL_MAX);

    public EdgeTimeouts {
        positive("header_timeout_millis", header);
        positive("idle_timeout_millis", idle);
        positive("body_read_timeout_millis", bodyRead);
        positive("max_wait_millis", longPollMax);
    }

    private static void positive(String key, Duration value) {
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException("server." + key + " must be at least 1, got " + value.toMillis());
        }
    }
}
