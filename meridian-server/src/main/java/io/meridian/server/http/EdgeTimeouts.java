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
 * @param disconnectGrace a worker whose connections all closed without a goodbye is suspect; if it is not seen
 *                    again within this ({@code server.disconnect_grace_millis}) its jobs are requeued
 */
public record EdgeTimeouts(Duration header, Duration idle, Duration bodyRead, Duration longPollMax,
                           Duration disconnectGrace) {
    public static final Duration DEFAULT_HEADER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BODY_READ = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LONG_POLL_MAX = Duration.ofSeconds(30);
    /**
     * Long enough for a live worker whose client closed its only connection (a pooled connection reaching its
     * lifetime) to send its next call on a new one; short enough that a killed worker's jobs move in under 1 s.
     */
    public static final Duration DEFAULT_DISCONNECT_GRACE = Duration.ofMillis(400);
    public static final EdgeTimeouts DEFAULTS = new EdgeTimeouts(DEFAULT_HEADER, DEFAULT_IDLE, DEFAULT_BODY_READ,
            DEFAULT_LONG_POLL_MAX, DEFAULT_DISCONNECT_GRACE);

    /** With the default disconnect grace. */
    public EdgeTimeouts(Duration header, Duration idle, Duration bodyRead, Duration longPollMax) {
        this(header, idle, bodyRead, longPollMax, DEFAULT_DISCONNECT_GRACE);
    }

    public EdgeTimeouts {
        positive("header_timeout_millis", header);
        positive("idle_timeout_millis", idle);
        positive("body_read_timeout_millis", bodyRead);
        positive("max_wait_millis", longPollMax);
        positive("disconnect_grace_millis", disconnectGrace);
    }

    private static void positive(String key, Duration value) {
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException("server." + key + " must be at least 1, got " + value.toMillis());
        }
    }
}
