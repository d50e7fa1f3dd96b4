package io.meridian.server.config;

/**
 * The {@code events} section of {@code meridian.yaml}: the event outbox (docs/events.md). Null means the default.
 *
 * @param enabled   record every state change as an event (default true)
 * @param retention how long events are kept (default 7d); the newest is always kept
 */
public record EventsSection(Boolean enabled, String retention) {}
