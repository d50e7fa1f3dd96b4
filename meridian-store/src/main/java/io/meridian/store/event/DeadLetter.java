package io.meridian.store.event;

import java.time.Instant;

/**
 * An event a sink gave up delivering.
 *
 * @param sink     the sink's name
 * @param sequence the event's sequence (the event itself stays in the log until retention removes it)
 * @param attempts how many deliveries were tried
 * @param error    the last failure, cut to 2,048 characters
 * @param failedAt when the sink gave up
 */
public record DeadLetter(String sink, long sequence, int attempts, String error, Instant failedAt) {

    public static final int MAX_ERROR = 2048;

    public DeadLetter {
        if (sink == null || sink.isBlank()) {
            throw new IllegalArgumentException("a dead letter needs its sink's name");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("a dead letter's sequence must be at least 1, got " + sequence);
        }
        error = error == null ? "" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
    }
}
