package io.meridian.engine.events;

import java.time.Duration;

/**
 * The event outbox of one coordinator.
 *
 * @param enabled   whether state changes are recorded as events (on by default; off only to measure their cost)
 * @param retention events are deleted this long after they happened, by the retention task (the newest is kept)
 */
public record EventSettings(boolean enabled, Duration retention) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final EventSettings DEFAULT = new EventSettings(true, DEFAULT_RETENTION);

    public EventSettings {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("events.retention must be a positive duration, got " + retention);
        }
    }
}
